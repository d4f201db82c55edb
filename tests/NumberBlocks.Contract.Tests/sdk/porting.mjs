// Telnyx's official Node SDK (npm telnyx 7.24.0, unmodified) driven through every porting method its type declarations
// give for the 19 operations of telnyx-porting-core.yml, with every filter and sort, against NumberBlocks.
//
// Run by the contract tests' SdkRunner: NB_BASE_URL, NB_API_KEY (a fresh account of its own), NB_OPERATOR_KEY (for the
// carrier's steps, which the SDK has no method for) and NB_NUMBER_SEED (keeps its numbers apart from other suites).
// Prints one JSON object: calls (each SDK call, ok or the error), checks (expected vs actual, by data), and exchanges
// (every HTTP exchange the SDK made, with the raw body it received, for the C# test to validate against the spec).
import Telnyx from 'telnyx';
import { NB_BASE_URL, NB_API_KEY, NB_OPERATOR_KEY, seed, exchanges, calls, checks, client, call, refused, check, report, recordingFetch } from './harness.mjs';

async function operator(path, body) {
  const response = await fetch(`${NB_BASE_URL}${path}`, {
    method: 'POST', headers: { Authorization: `Bearer ${NB_OPERATOR_KEY}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
}

const de = (n) => `+${4920188000000 + seed * 10000 + n}`;
const us = (n) => `+1303555${3000 + seed * 100 + n}`;
const ids = (page) => (page?.data ?? []).map((o) => o.id);
const sorted = (list) => [...list].sort();
const iso = (date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

// An order names only documents its account uploaded: two uploaded outside the recorded SDK client (documents are not
// among the 19 operations of telnyx-porting-core.yml, which the recorded exchanges are validated against).
async function uploadDocument(filename) {
  const response = await fetch(`${NB_BASE_URL}/v2/documents`, {
    method: 'POST', headers: { Authorization: `Bearer ${NB_API_KEY}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ file: Buffer.from('%PDF-1.4\n%%EOF\n').toString('base64'), filename }),
  });
  if (!response.ok) throw new Error(`/v2/documents answered ${response.status}: ${await response.text()}`);
  return (await response.json()).data.id;
}

async function main() {
  const loaId = await uploadDocument('loa.pdf');
  const invoiceId = await uploadDocument('invoice.pdf');
  // Three orders that differ in every field a filter reads.
  const a = (await call('portingOrders.create (DE singles)', () =>
    client.portingOrders.create({ phone_numbers: [de(1), de(2)], customer_reference: 'sdk-a', customer_group_reference: 'grp-1' })))?.data?.[0];
  const b = (await call('portingOrders.create (US)', () => client.portingOrders.create({ phone_numbers: [us(1)], customer_reference: 'sdk-b' })))?.data?.[0];
  const c = (await call('portingOrders.create (DE, no reference)', () => client.portingOrders.create({ phone_numbers: [de(3)] })))?.data?.[0];
  if (!a || !b || !c) return;
  check('create: data[0] is a draft with its numbers', ['draft', 2], [a.status?.value, a.phone_numbers?.length]);

  await call('portingOrders.update (a: end_user, misc, FOC)', () => client.portingOrders.update(a.id, {
    end_user: { admin: { entity_name: 'Acme GmbH', auth_person_name: 'Ada Admin', account_number: 'A-1' }, location: { locality: 'Essen', country_code: 'DE' } },
    misc: { type: 'partial', remaining_numbers_action: 'disconnect' },
    activation_settings: { foc_datetime_requested: '2030-01-10T10:00:00Z' },
    phone_number_configuration: { connection_id: 'conn-1', tags: ['t1'] },
    documents: { loa: loaId },
    user_feedback: { user_comment: 'smooth', user_rating: 4 },
    messaging: { enable_messaging: true },
  }));
  await call('portingOrders.update (b)', () => client.portingOrders.update(b.id, {
    end_user: { admin: { entity_name: 'Beta LLC' } }, misc: { type: 'full' }, activation_settings: { foc_datetime_requested: '2030-02-10T10:00:00Z' },
  }));

  // PATCH merges: each nested object patched by one field keeps its siblings.
  const before = (await call('portingOrders.retrieve (before patches)', () => client.portingOrders.retrieve(a.id)))?.data;
  const p1 = (await call('portingOrders.update (end_user.admin.entity_name only)', () =>
    client.portingOrders.update(a.id, { end_user: { admin: { entity_name: 'Acme AG' } } })))?.data;
  check('PATCH end_user.admin.entity_name keeps admin siblings and location',
    [{ ...before?.end_user?.admin, entity_name: 'Acme AG' }, before?.end_user?.location], [p1?.end_user?.admin, p1?.end_user?.location]);
  const p2 = (await call('portingOrders.update (end_user.location.postal_code only)', () =>
    client.portingOrders.update(a.id, { end_user: { location: { postal_code: '45127' } } })))?.data;
  check('PATCH end_user.location.postal_code keeps location siblings and admin',
    [p1?.end_user?.admin, { ...p1?.end_user?.location, postal_code: '45127' }], [p2?.end_user?.admin, p2?.end_user?.location]);
  const p3 = (await call('portingOrders.update (misc.remaining_numbers_action only)', () =>
    client.portingOrders.update(a.id, { misc: { remaining_numbers_action: 'disconnect' } })))?.data;
  check('PATCH misc.remaining_numbers_action keeps misc.type', before?.misc, p3?.misc);
  const p4 = (await call('portingOrders.update (phone_number_configuration.tags only)', () =>
    client.portingOrders.update(a.id, { phone_number_configuration: { tags: ['t2', 't3'] } })))?.data;
  check('PATCH phone_number_configuration.tags keeps connection_id', { ...before?.phone_number_configuration, tags: ['t2', 't3'] }, p4?.phone_number_configuration);
  const p5 = (await call('portingOrders.update (documents.invoice only)', () =>
    client.portingOrders.update(a.id, { documents: { invoice: invoiceId } })))?.data;
  check('PATCH documents.invoice keeps documents.loa', { invoice: invoiceId, loa: before?.documents?.loa }, p5?.documents);
  const p6 = (await call('portingOrders.update (user_feedback.user_rating only)', () =>
    client.portingOrders.update(a.id, { user_feedback: { user_rating: 5 } })))?.data;
  check('PATCH user_feedback.user_rating keeps user_comment', { user_comment: 'smooth', user_rating: 5 }, p6?.user_feedback);
  const p7 = (await call('portingOrders.update (activation_settings only)', () =>
    client.portingOrders.update(a.id, { activation_settings: { foc_datetime_requested: '2030-01-11T10:00:00Z' } })))?.data;
  check('PATCH activation_settings keeps the rest of the order',
    ['2030-01-11T10:00:00.000Z', p6?.misc, p6?.end_user, p6?.customer_reference, true],
    [p7?.activation_settings?.foc_datetime_requested, p7?.misc, p7?.end_user, p7?.customer_reference, p7?.messaging?.enable_messaging]);
  check('PATCH moves updated_at', true, Date.parse(p7?.updated_at) >= Date.parse(before?.updated_at) && p7?.updated_at !== a.updated_at);
  const p8 = (await call('portingOrders.update (misc: null clears misc)', () => client.portingOrders.update(c.id, { misc: null })))?.data;
  check('PATCH misc: null leaves misc null', null, p8?.misc);
  await call('portingOrders.update (a: misc back to partial)', () => client.portingOrders.update(a.id, { misc: { type: 'partial' } }));

  const withNumbers = (await call('portingOrders.retrieve (default includes numbers)', () => client.portingOrders.retrieve(a.id)))?.data;
  check('retrieve: include_phone_numbers defaults to true', 2, withNumbers?.phone_numbers?.length);
  const withoutNumbers = (await call('portingOrders.retrieve (include_phone_numbers=false)', () =>
    client.portingOrders.retrieve(a.id, { include_phone_numbers: false })))?.data;
  check('retrieve: include_phone_numbers=false leaves phone_numbers out', false, withoutNumbers ? 'phone_numbers' in withoutNumbers : null);

  // b is confirmed: it gets a support key and in-process status.
  const confirmed = (await call('portingOrders.actions.confirm', () => client.portingOrders.actions.confirm(b.id)))?.data;
  check('confirm: in-process with a support key', ['in-process', true], [confirmed?.status?.value, /^sr_/.test(confirmed?.support_key ?? '')]);

  // Every filter and sort of GET /porting_orders, each checked by the orders it returns.
  const list = async (name, query) => ids(await call(`portingOrders.list (${name})`, () => client.portingOrders.list({ 'page[size]': 250, ...query })));
  const all = sorted([a.id, b.id, c.id]);
  check('list: everything', all, sorted(await list('no filter', {})));
  check('filter[customer_reference]', [a.id], await list('customer_reference', { filter: { customer_reference: 'sdk-a' } }));
  check('filter[customer_group_reference]', [a.id], await list('customer_group_reference', { filter: { customer_group_reference: 'grp-1' } }));
  check('filter[parent_support_key]', [b.id], await list('parent_support_key', { filter: { parent_support_key: `pr_${confirmed?.support_key?.slice(3)}` } }));
  check('filter[phone_numbers][country_code]', [b.id], await list('phone_numbers.country_code', { filter: { phone_numbers: { country_code: 'US' } } }));
  check('filter[phone_numbers][carrier_name] (no order has a known carrier)', [],
    await list('phone_numbers.carrier_name', { filter: { phone_numbers: { carrier_name: 'Unreal Communications' } } }));
  check('filter[phone_numbers][phone_number][contains]', [c.id],
    await list('phone_numbers.phone_number contains', { filter: { phone_numbers: { phone_number: { contains: de(3).slice(-7) } } } }));
  check('filter[misc][type]=partial', [a.id], await list('misc.type partial', { filter: { misc: { type: 'partial' } } }));
  check('filter[misc][type]=full', [b.id], await list('misc.type full', { filter: { misc: { type: 'full' } } }));
  check('filter[end_user][admin][entity_name]', [a.id], await list('end_user.admin.entity_name', { filter: { end_user: { admin: { entity_name: 'Acme AG' } } } }));
  check('filter[end_user][admin][auth_person_name]', [a.id],
    await list('end_user.admin.auth_person_name', { filter: { end_user: { admin: { auth_person_name: 'Ada Admin' } } } }));
  check('filter[activation_settings][fast_port_eligible]=true', [b.id],
    await list('fast_port_eligible true', { filter: { activation_settings: { fast_port_eligible: true } } }));
  check('filter[activation_settings][fast_port_eligible]=false', sorted([a.id, c.id]),
    sorted(await list('fast_port_eligible false', { filter: { activation_settings: { fast_port_eligible: false } } })));
  check('filter[activation_settings][foc_datetime_requested][gt]', [b.id],
    await list('foc gt', { filter: { activation_settings: { foc_datetime_requested: { gt: '2030-02-01T00:00:00.000Z' } } } }));
  check('filter[activation_settings][foc_datetime_requested][lt]', [a.id],
    await list('foc lt', { filter: { activation_settings: { foc_datetime_requested: { lt: '2030-02-01T00:00:00.000Z' } } } }));
  check('filter[activation_settings][foc_datetime_requested][gt]+[lt]', [],
    await list('foc gt and lt', { filter: { activation_settings: { foc_datetime_requested: { gt: '2030-01-20T00:00:00.000Z', lt: '2030-02-01T00:00:00.000Z' } } } }));
  check('sort[value]=created_at', [a.id, b.id, c.id], await list('sort created_at', { sort: { value: 'created_at' } }));
  check('sort[value]=-created_at', [c.id, b.id, a.id], await list('sort -created_at', { sort: { value: '-created_at' } }));
  check('sort[value]=activation_settings.foc_datetime_requested', [a.id, b.id, c.id],
    await list('sort foc', { sort: { value: 'activation_settings.foc_datetime_requested' } }));
  check('sort[value]=-activation_settings.foc_datetime_requested', [b.id, a.id, c.id],
    await list('sort -foc', { sort: { value: '-activation_settings.foc_datetime_requested' } }));
  const lean = await call('portingOrders.list (include_phone_numbers=false)', () => client.portingOrders.list({ include_phone_numbers: false }));
  check('list: include_phone_numbers=false leaves phone_numbers out', false, (lean?.data ?? []).some((o) => 'phone_numbers' in o));
  const full = await call('portingOrders.list (default)', () => client.portingOrders.list());
  check('list: include_phone_numbers defaults to true', true, (full?.data ?? []).every((o) => Array.isArray(o.phone_numbers)));
  const paged = [];
  await call('portingOrders.list (auto-paginated, page[size]=1)', async () => {
    for await (const order of client.portingOrders.list({ 'page[size]': 1, sort: { value: 'created_at' } })) paged.push(order.id);
  });
  check('pagination: page[size]=1 walks every order in order', [a.id, b.id, c.id], paged);
  const unknown = await refused('portingOrders.list (unknown filter is 422)', 422, () => client.portingOrders.list({ filter: { colour: 'red' } }));
  check('unknown filter: source.parameter names it', 'filter[colour]', unknown?.errors?.[0]?.source?.parameter);

  // Phone number blocks: two on a, every filter and sort, and a delete.
  const block = (start) => ({
    phone_number_range: { start_at: de(start), end_at: de(start + 9) },
    activation_ranges: [{ start_at: de(start), end_at: de(start + 4) }],
  });
  const b1 = (await call('phoneNumberBlocks.create (1)', () => client.portingOrders.phoneNumberBlocks.create(a.id, block(100))))?.data;
  const b2 = (await call('phoneNumberBlocks.create (2)', () => client.portingOrders.phoneNumberBlocks.create(a.id, block(200))))?.data;
  const blocks = async (name, query) => ids(await call(`phoneNumberBlocks.list (${name})`, () => client.portingOrders.phoneNumberBlocks.list(a.id, query)));
  check('blocks: default sort is -created_at', [b2?.id, b1?.id], await blocks('no filter', {}));
  check('blocks: sort[value]=created_at', [b1?.id, b2?.id], await blocks('sort created_at', { sort: { value: 'created_at' } }));
  check('blocks: sort[value]=-created_at', [b2?.id, b1?.id], await blocks('sort -created_at', { sort: { value: '-created_at' } }));
  check('blocks: filter[porting_order_id] (this order)', 2, (await blocks('porting_order_id this', { filter: { porting_order_id: [a.id] } })).length);
  check('blocks: filter[porting_order_id] (another order)', [], await blocks('porting_order_id other', { filter: { porting_order_id: [c.id] } }));
  check('blocks: filter[phone_number]', [b1?.id], await blocks('phone_number', { filter: { phone_number: [de(105)] } }));
  check('blocks: filter[phone_number] (in none)', [], await blocks('phone_number none', { filter: { phone_number: [de(150)] } }));
  check('blocks: filter[status]=draft', 2, (await blocks('status draft', { filter: { status: 'draft' } })).length);
  check('blocks: filter[status]=[in-process,ported]', [], await blocks('status list', { filter: { status: ['in-process', 'ported'] } }));
  check('blocks: filter[portability_status]=provisional', 2, (await blocks('portability provisional', { filter: { portability_status: 'provisional' } })).length);
  check('blocks: filter[portability_status]=confirmed', [], await blocks('portability confirmed', { filter: { portability_status: 'confirmed' } }));
  check('blocks: filter[activation_status] in a draft', [], await blocks('activation_status draft', { filter: { activation_status: 'Pending' } }));
  check('blocks: filter[support_key] in a draft', [], await blocks('support_key draft', { filter: { support_key: 'sr_000000' } }));

  // Porting phone numbers, and an extension on one of them.
  const numbers = await call('portingPhoneNumbers.list (draft)', () => client.portingPhoneNumbers.list({ filter: { porting_order_status: 'draft' }, 'page[size]': 250 }));
  check('porting phone numbers: filter[porting_order_status]=draft', 2 + 20 + 1, numbers?.data?.length);
  const inProcess = await call('portingPhoneNumbers.list (in-process)', () => client.portingPhoneNumbers.list({ filter: { porting_order_status: 'in-process' } }));
  check('porting phone numbers: filter[porting_order_status]=in-process', [us(1)], (inProcess?.data ?? []).map((n) => n.phone_number));
  const walked = [];
  await call('portingPhoneNumbers.list (auto-paginated)', async () => {
    for await (const n of client.portingPhoneNumbers.list({ 'page[size]': 10 })) walked.push(n.phone_number);
  });
  check('porting phone numbers: every page', 24, walked.length);
  const first = (numbers?.data ?? []).find((n) => n.phone_number === de(1));
  const e1 = (await call('phoneNumberExtensions.create', () => client.portingOrders.phoneNumberExtensions.create(a.id, {
    porting_phone_number_id: first?.id, extension_range: { start_at: 1, end_at: 10 }, activation_ranges: [{ start_at: 1, end_at: 5 }],
  })))?.data;
  const e2 = (await call('phoneNumberExtensions.create (second range)', () => client.portingOrders.phoneNumberExtensions.create(a.id, {
    porting_phone_number_id: first?.id, extension_range: { start_at: 20, end_at: 29 }, activation_ranges: [],
  })))?.data;
  const second = (numbers?.data ?? []).find((n) => n.phone_number === de(2));
  const extensions = async (name, query) =>
    ids(await call(`phoneNumberExtensions.list (${name})`, () => client.portingOrders.phoneNumberExtensions.list(a.id, query)));
  check('extensions: filter[porting_phone_number_id]', [e2?.id, e1?.id], await extensions('this number', { filter: { porting_phone_number_id: first?.id } }));
  check('extensions: filter[porting_phone_number_id] (another number)', [], await extensions('other number', { filter: { porting_phone_number_id: second?.id } }));
  check('extensions: sort[value]=created_at', [e1?.id, e2?.id], await extensions('sort created_at', { sort: { value: 'created_at' } }));
  check('extensions: sort[value]=-created_at', [e2?.id, e1?.id], await extensions('sort -created_at', { sort: { value: '-created_at' } }));
  const deletedExtension = (await call('phoneNumberExtensions.delete', () =>
    client.portingOrders.phoneNumberExtensions.delete(e2?.id, { porting_order_id: a.id })))?.data;
  check('extensions: delete answers the extension', e2?.id, deletedExtension?.id);
  const deletedBlock = (await call('phoneNumberBlocks.delete', () => client.portingOrders.phoneNumberBlocks.delete(b2?.id, { porting_order_id: a.id })))?.data;
  check('blocks: delete answers the block', b2?.id, deletedBlock?.id);

  // a confirmed: its numbers become Pending, which the blocks' activation_status filter now finds.
  await call('portingOrders.actions.confirm (a)', () => client.portingOrders.actions.confirm(a.id));
  check('blocks: filter[activation_status]=Pending once confirmed', [b1?.id], await blocks('activation_status confirmed', { filter: { activation_status: 'Pending' } }));
  const aKey = (await call('portingOrders.retrieve (a confirmed)', () => client.portingOrders.retrieve(a.id)))?.data?.support_key;
  check('blocks: filter[support_key] once confirmed', [b1?.id], await blocks('support_key confirmed', { filter: { support_key: aKey } }));

  // Sharing: a token reads its order, and nothing else.
  const share = (await call('portingOrders.actions.share', () =>
    client.portingOrders.actions.share(a.id, { expires_in_seconds: 600, permissions: 'porting_order.document.read' })))?.data;
  check('share: token with expiry and permissions', [600, ['porting_order.document.read'], a.id],
    [share?.expires_in_seconds, share?.permissions, share?.porting_order_id]);
  const shared = new Telnyx({ apiKey: share?.token, baseURL: `${NB_BASE_URL}/v2`, fetch: recordingFetch, maxRetries: 0 });
  const readByToken = (await call('portingOrders.retrieve (with the sharing token)', () => shared.portingOrders.retrieve(a.id)))?.data;
  check('share: the token reads its order', a.id, readByToken?.id);
  await refused('portingOrders.list (with the sharing token is 401)', 401, () => shared.portingOrders.list());
  await refused('portingOrders.update (with the sharing token is 401)', 401, () => shared.portingOrders.update(a.id, { customer_reference: 'x' }));
  await refused('portingOrders.retrieve (another order with the sharing token is 401)', 401, () => shared.portingOrders.retrieve(c.id));

  // Cancel, delete.
  const cancelled = (await call('portingOrders.actions.cancel', () => client.portingOrders.actions.cancel(b.id)))?.data;
  check('cancel: cancel-pending', 'cancel-pending', cancelled?.status?.value);
  const d = (await call('portingOrders.create (to delete)', () => client.portingOrders.create({ phone_numbers: [de(4)] })))?.data?.[0];
  await call('portingOrders.delete', () => client.portingOrders.delete(d?.id));
  await refused('portingOrders.retrieve (deleted is 404)', 404, () => client.portingOrders.retrieve(d?.id));

  // On-demand activation of a US FastPort order whose FOC date the carrier confirmed two hours ahead: a scheduled job.
  const e = (await call('portingOrders.create (US, FastPort)', () => client.portingOrders.create({ phone_numbers: [us(2)] })))?.data?.[0];
  await call('portingOrders.actions.confirm (e)', () => client.portingOrders.actions.confirm(e?.id));
  const foc = new Date(Date.now() + 2 * 3600_000);
  await operator(`/admin/v1/porting_orders/${e?.id}/status`, { status: 'submitted' });
  await operator(`/admin/v1/porting_orders/${e?.id}/status`, { status: 'foc-date-confirmed', foc_datetime_actual: iso(foc) });
  const job = (await call('portingOrders.actions.activate', () => client.portingOrders.actions.activate(e?.id)))?.data;
  check('activate: a scheduled job waiting for the window', ['created', 'scheduled'], [job?.status, job?.activation_type]);
  const jobs = await call('activationJobs.list', () => client.portingOrders.activationJobs.list(e?.id));
  check('activation jobs: list', [job?.id], ids(jobs));
  const got = (await call('activationJobs.retrieve', () => client.portingOrders.activationJobs.retrieve(job?.id, { id: e?.id })))?.data;
  check('activation jobs: retrieve', job?.id, got?.id);
  const later = new Date(Date.parse(job?.activate_at) + 30 * 60_000);
  const moved = (await call('activationJobs.update', () =>
    client.portingOrders.activationJobs.update(job?.id, { id: e?.id, activate_at: iso(later) })))?.data;
  check('activation jobs: update moves activate_at', later.toISOString(), moved?.activate_at);
}

try {
  await main();
} catch (e) {
  calls.push({ name: 'script', ok: false, error: String(e?.stack ?? e) });
}
report();
