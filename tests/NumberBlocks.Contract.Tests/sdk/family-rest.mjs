// Telnyx's official Node SDK (npm telnyx 7.24.0, unmodified) driven through the rest of the porting family against
// NumberBlocks: portability checks, verification codes, sub requests, associated phone numbers, phone number
// configurations, porting events, porting reports and UK carriers.
//
// Run by the contract tests' SdkRunner: NB_BASE_URL, NB_API_KEY (a fresh account of its own), NB_OPERATOR_KEY (the
// carrier's steps and the outbox, which the SDK has no method for) and NB_NUMBER_SEED (keeps its numbers apart).
// Prints one JSON object: calls (each SDK call, ok or the error), checks (expected vs actual, by data), and exchanges
// (every HTTP exchange the SDK made, with the raw body it received, for the C# test to validate).
//
// Every answer is also checked against the SDK's own type declarations (../../../../shared/reference/telnyx/sdk-types):
// `shapes` below copies each response interface's members and their types; an answer with a member the SDK does not
// declare, or of another type, fails its check.
import { NB_BASE_URL, NB_API_KEY, NB_OPERATOR_KEY, seed, exchanges, calls, checks, client, call, refused, check, report } from './harness.mjs';

// The SDK's response interfaces, member by member ('string', 'boolean', 'number', 'array', or a nested shape).
const range = { start_at: 'string', end_at: 'string' };
const shapes = {
  'PortabilityCheckRunResponse.Data': { fast_portable: 'boolean', not_portable_reason: 'string', phone_number: 'string', portable: 'boolean', record_type: 'string' },
  PortingVerificationCode: { id: 'string', created_at: 'string', phone_number: 'string', porting_order_id: 'string', record_type: 'string', updated_at: 'string', verified: 'boolean' },
  'PortingOrderRetrieveSubRequestResponse.Data': { port_request_id: 'string', sub_request_id: 'string' },
  PortingAssociatedPhoneNumber: { id: 'string', action: 'string', country_code: 'string', created_at: 'string', phone_number_range: range, phone_number_type: 'string',
    porting_order_id: 'string', record_type: 'string', updated_at: 'string' },
  PortingPhoneNumberConfiguration: { id: 'string', created_at: 'string', porting_phone_number_id: 'string', record_type: 'string', updated_at: 'string', user_bundle_id: 'string' },
  PortingReport: { id: 'string', created_at: 'string', document_id: 'string', record_type: 'string', report_type: 'string', status: 'string', updated_at: 'string',
    params: { filters: { created_at__gt: 'string', created_at__lt: 'string', customer_reference__in: 'array', status__in: 'array' } } },
  'PortingListUkCarriersResponse.Data': { id: 'string', alternative_cupids: 'array', created_at: 'string', cupid: 'string', name: 'string', record_type: 'string', updated_at: 'string' },
  PortingEvent: { id: 'string', available_notification_methods: 'array', event_type: 'string', payload_status: 'string', porting_order_id: 'string', created_at: 'string',
    updated_at: 'string', payload: 'object', record_type: 'string' },
};

function shapeProblems(shape, value, at) {
  if (value === null || typeof value !== 'object') return [`${at}: not an object`];
  const problems = [];
  for (const [key, v] of Object.entries(value)) {
    const want = shape[key];
    if (want === undefined) { problems.push(`${at}.${key}: not a member of the SDK type`); continue; }
    if (typeof want === 'object') problems.push(...shapeProblems(want, v, `${at}.${key}`));
    else if (want === 'array' ? !Array.isArray(v) : want === 'object' ? (v === null || typeof v !== 'object') : typeof v !== want)
      problems.push(`${at}.${key}: ${JSON.stringify(v)} is not ${want}`);
  }
  return problems;
}

function conforms(name, type, values) {
  const list = Array.isArray(values) ? values : [values];
  const problems = list.length === 0 || list.includes(undefined) ? ['nothing to check'] : list.flatMap((v, i) => shapeProblems(shapes[type], v, `${type}[${i}]`));
  check(`${name} conforms to ${type}`, [], problems);
}

async function operator(method, path, body) {
  const response = await fetch(`${NB_BASE_URL}${path}`, {
    method, headers: { Authorization: `Bearer ${NB_OPERATOR_KEY}`, 'Content-Type': 'application/json' }, body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
  return response.json();
}

/** The codes the outbox e-mailed for an order, by number (the operator's view of the outbox holds the e-mail's text). */
async function emailedCodes(orderId) {
  const list = await operator('GET', '/admin/v1/outbox?filter[channel]=email&page[size]=250');
  const mails = list.data.filter((m) => (m.subject ?? '').includes(orderId));
  const newest = mails[0];
  if (!newest) return {};
  const full = await operator('GET', `/admin/v1/outbox/${newest.id}`);
  return Object.fromEntries([...full.data.payload.matchAll(/^(\+[0-9]+): ([0-9]{6})/gm)].map((m) => [m[1], m[2]]));
}

const de = (n) => `+${4920186000000 + seed * 10000 + n}`;
const us = (n) => `+1303555${6000 + seed * 100 + n}`;
const ids = (page) => (page?.data ?? []).map((o) => o.id);

async function main() {
  const a = (await call('portingOrders.create (US)', () => client.portingOrders.create({ phone_numbers: [us(1), us(2)], customer_reference: 'family-rest' })))?.data?.[0];
  const b = (await call('portingOrders.create (DE)', () => client.portingOrders.create({ phone_numbers: [de(1)] })))?.data?.[0];
  if (!a || !b) return;

  // Portability checks.
  const checked = (await call('portabilityChecks.run', () => client.portabilityChecks.run({ phone_numbers: [us(3), us(1), '+81312345678', 'not-a-number'] })))?.data;
  conforms('portabilityChecks.run', 'PortabilityCheckRunResponse.Data', checked ?? []);
  check('portability: portable, held by my order, unsupported country, invalid',
    [[us(3), true, true], [us(1), false, false], ['+81312345678', false, false], ['not-a-number', false, false]],
    (checked ?? []).map((r) => [r.phone_number, r.portable, r.fast_portable]));
  check('portability: the reasons say why', [true, true, true, true],
    (checked ?? []).map((r, i) => (i === 0 ? r.not_portable_reason === '' : r.not_portable_reason.length > 0)));
  await refused('portabilityChecks.run (no numbers is 422)', 422, () => client.portabilityChecks.run({ phone_numbers: [] }));

  // Verification codes: send, read the code from the e-mail, verify.
  await call('verificationCodes.send', () => client.portingOrders.verificationCodes.send(a.id, { phone_numbers: [us(1), us(2)], verification_method: 'sms' }));
  const codes = await emailedCodes(a.id);
  check('verification codes: one six-digit code per number, e-mailed', [us(1), us(2)], Object.keys(codes).sort());
  const listed = await call('verificationCodes.list', () => client.portingOrders.verificationCodes.list(a.id, { sort: { value: 'created_at' } }));
  conforms('verificationCodes.list', 'PortingVerificationCode', listed?.data ?? []);
  check('verification codes: listed unverified', [[us(1), false], [us(2), false]], (listed?.data ?? []).map((c) => [c.phone_number, c.verified]).sort());
  const wrong = codes[us(1)] === '000000' ? '000001' : '000000';
  await refused('verificationCodes.verify (wrong code is 422)', 422, () =>
    client.portingOrders.verificationCodes.verify(a.id, { verification_codes: [{ phone_number: us(1), code: wrong }] }));
  const verified = await call('verificationCodes.verify', () =>
    client.portingOrders.verificationCodes.verify(a.id, { verification_codes: [{ phone_number: us(1), code: codes[us(1)] }] }));
  conforms('verificationCodes.verify', 'PortingVerificationCode', verified?.data ?? []);
  check('verification codes: verify marks the number', [[us(1), true]], (verified?.data ?? []).map((c) => [c.phone_number, c.verified]));
  const onlyVerified = await call('verificationCodes.list (verified)', () => client.portingOrders.verificationCodes.list(a.id, { filter: { verified: true } }));
  check('verification codes: filter[verified]=true', [us(1)], (onlyVerified?.data ?? []).map((c) => c.phone_number));

  // Sub request: none in draft, the support keys once confirmed.
  const draftSub = (await call('portingOrders.retrieveSubRequest (draft)', () => client.portingOrders.retrieveSubRequest(b.id)))?.data;
  check('sub request: a draft has none', {}, draftSub);
  await call('portingOrders.actions.confirm (b)', () => client.portingOrders.actions.confirm(b.id));
  const sub = (await call('portingOrders.retrieveSubRequest', () => client.portingOrders.retrieveSubRequest(b.id)))?.data;
  conforms('portingOrders.retrieveSubRequest', 'PortingOrderRetrieveSubRequestResponse.Data', sub);
  const bNow = (await call('portingOrders.retrieve (b)', () => client.portingOrders.retrieve(b.id)))?.data;
  check('sub request: the support keys', [bNow?.support_key, bNow?.parent_support_key], [sub?.sub_request_id, sub?.port_request_id]);

  // Associated phone numbers.
  const keep = (await call('associatedPhoneNumbers.create (keep)', () => client.portingOrders.associatedPhoneNumbers.create(a.id,
    { action: 'keep', phone_number_range: { start_at: us(10), end_at: us(14) } })))?.data;
  const gone = (await call('associatedPhoneNumbers.create (disconnect)', () => client.portingOrders.associatedPhoneNumbers.create(a.id,
    { action: 'disconnect', phone_number_range: { start_at: us(20), end_at: us(20) } })))?.data;
  conforms('associatedPhoneNumbers.create', 'PortingAssociatedPhoneNumber', [keep, gone]);
  await refused('associatedPhoneNumbers.create (a number that ports is 422)', 422, () => client.portingOrders.associatedPhoneNumbers.create(a.id,
    { action: 'keep', phone_number_range: { start_at: us(1), end_at: us(1) } }));
  const associated = async (name, query) =>
    ids(await call(`associatedPhoneNumbers.list (${name})`, () => client.portingOrders.associatedPhoneNumbers.list(a.id, query)));
  check('associated: newest first', [gone?.id, keep?.id], await associated('all', {}));
  check('associated: sort[value]=created_at', [keep?.id, gone?.id], await associated('sort', { sort: { value: 'created_at' } }));
  check('associated: filter[action]=keep', [keep?.id], await associated('keep', { filter: { action: 'keep' } }));
  check('associated: filter[phone_number]', [keep?.id], await associated('holding a number', { filter: { phone_number: us(12) } }));
  const removed = (await call('associatedPhoneNumbers.delete', () => client.portingOrders.associatedPhoneNumbers.delete(gone?.id, { porting_order_id: a.id })))?.data;
  check('associated: delete answers the range', gone?.id, removed?.id);

  // Phone number configurations, applied when the order ports.
  const aNumbers = (await call('portingPhoneNumbers.list (a)', () => client.portingPhoneNumbers.list({ filter: { porting_order_id: a.id } })))?.data ?? [];
  const first = aNumbers.find((n) => n.phone_number === us(1));
  const bundle = '3f1c3a9e-8d7b-4c1f-9c0e-5b2a7d6e4f10';
  const configured = (await call('phoneNumberConfigurations.create', () => client.portingOrders.phoneNumberConfigurations.create({
    phone_number_configurations: [{ porting_phone_number_id: first?.id, user_bundle_id: bundle }],
  })))?.data;
  conforms('phoneNumberConfigurations.create', 'PortingPhoneNumberConfiguration', configured ?? []);
  const configurations = async (name, query) =>
    (await call(`phoneNumberConfigurations.list (${name})`, () => client.portingOrders.phoneNumberConfigurations.list(query)))?.data ?? [];
  const listedConfigurations = await configurations('all', {});
  conforms('phoneNumberConfigurations.list', 'PortingPhoneNumberConfiguration', listedConfigurations);
  check('configurations: listed', [[first?.id, bundle]], listedConfigurations.map((c) => [c.porting_phone_number_id, c.user_bundle_id]));
  check('configurations: filter[porting_order][status]=draft', 1, (await configurations('draft', { filter: { porting_order: { status: ['draft'] } } })).length);
  check('configurations: filter[porting_order][status]=ported', 0, (await configurations('ported', { filter: { porting_order: { status: ['ported'] } } })).length);
  check('configurations: filter[porting_phone_number]', 1, (await configurations('number', { filter: { porting_phone_number: [first?.id] } })).length);
  check('configurations: filter[user_bundle_id] (another)', 0,
    (await configurations('other bundle', { filter: { user_bundle_id: ['00000000-0000-4000-8000-000000000000'] } })).length);

  // Porting events: a, with a webhook_url, is confirmed and ported; its events are listed, read and republished.
  await call('portingOrders.update (webhook_url)', () => client.portingOrders.update(a.id, { webhook_url: 'https://webhooks.invalid/family-rest' }));
  await call('portingOrders.actions.confirm (a)', () => client.portingOrders.actions.confirm(a.id));
  await operator('POST', `/admin/v1/porting_orders/${a.id}/status`, { status: 'submitted' });
  await operator('POST', `/admin/v1/porting_orders/${a.id}/status`, { status: 'foc-date-confirmed', foc_datetime_actual: new Date().toISOString() });
  await operator('POST', `/admin/v1/porting_orders/${a.id}/status`, { status: 'ported' });
  const ported = await call('phoneNumbers list (raw, after port)', async () => {
    const r = await fetch(`${NB_BASE_URL}/v2/phone_numbers?filter[porting_order_id]=${a.id}`, { headers: { Authorization: `Bearer ${NB_API_KEY}` } });
    return r.json();
  });
  check('configurations: applied at port', [[us(1), bundle], [us(2), undefined]], (ported?.data ?? []).map((n) => [n.phone_number, n.user_bundle_id]));
  const events = await call('porting.events.list', () => client.porting.events.list({ filter: { porting_order_id: a.id, type: 'porting_order.status_changed' } }));
  conforms('porting.events.list', 'PortingEvent', events?.data ?? []);
  check('events: one per status change', ['ported', 'foc-date-confirmed', 'submitted', 'in-process'], (events?.data ?? []).map((e) => e.payload?.status?.value));
  const one = (await call('porting.events.retrieve', () => client.porting.events.retrieve(events?.data?.[0]?.id)))?.data;
  check('events: retrieve', events?.data?.[0]?.id, one?.id);
  await call('porting.events.republish', () => client.porting.events.republish(events?.data?.[0]?.id));

  // Porting reports: made by the worker, then completed with a document id.
  const report = (await call('porting.reports.create', () => client.porting.reports.create({
    report_type: 'export_porting_orders_csv', params: { filters: { status__in: ['ported', 'in-process'], customer_reference__in: ['family-rest'] } },
  })))?.data;
  conforms('porting.reports.create', 'PortingReport', report);
  let done;
  for (let i = 0; i < 100 && done?.status !== 'completed'; i++) {
    done = (await call(i === 0 ? 'porting.reports.retrieve' : 'porting.reports.retrieve (polling)', () => client.porting.reports.retrieve(report?.id)))?.data;
    if (done?.status !== 'completed') await new Promise((r) => setTimeout(r, 200));
  }
  conforms('porting.reports.retrieve', 'PortingReport', done);
  check('reports: completed with a document id', ['completed', true], [done?.status, typeof done?.document_id === 'string']);
  const csv = await (await fetch(`${NB_BASE_URL}/v2/porting/reports/${report?.id}`, { headers: { Authorization: `Bearer ${NB_API_KEY}`, Accept: 'text/csv' } })).text();
  check('reports: the CSV holds the filtered order', [2, a.id], [csv.trim().split('\r\n').length, csv.split('\r\n')[1]?.split(',')[0]]);
  const downloaded = await call('documents.download (the report document)', async () => (await client.documents.download(done?.document_id)).text());
  check('reports: the document_id downloads the CSV', csv, downloaded);
  const reports = await call('porting.reports.list', () => client.porting.reports.list({ filter: { status: 'completed', report_type: 'export_porting_orders_csv' } }));
  check('reports: filter[status]=completed', [report?.id], ids(reports));

  // UK carriers.
  const carriers = (await call('porting.listUkCarriers', () => client.porting.listUkCarriers()))?.data;
  conforms('porting.listUkCarriers', 'PortingListUkCarriersResponse.Data', carriers ?? []);
  check('uk carriers: BT is in the table', true, (carriers ?? []).some((c) => c.name === 'BT'));
}

try {
  await main();
} catch (e) {
  calls.push({ name: 'script', ok: false, error: String(e?.stack ?? e) });
}
report();
