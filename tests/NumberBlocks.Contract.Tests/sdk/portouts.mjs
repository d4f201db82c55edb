// Telnyx's official Node SDK (npm telnyx, unmodified) driven through every portouts method its type declarations give
// (list, retrieve, updateStatus, listRejectionCodes, comments, supportingDocuments, events, reports) against NumberBlocks.
//
// Run by the contract tests' SdkRunner: NB_BASE_URL, NB_API_KEY (a fresh account of its own), NB_OPERATOR_KEY (the
// gaining carrier's side, which the SDK has no method for: recording a port-out, completing it) and NB_NUMBER_SEED.
// Prints one JSON object: calls, checks and exchanges, as porting.mjs does.
import { NB_BASE_URL, NB_API_KEY, NB_OPERATOR_KEY, seed, exchanges, calls, checks, client, call, refused, check, report } from './harness.mjs';

/** The operator API (or a plain read of the account's own API); throws on an unexpected status. */
async function http(method, path, body, key = NB_OPERATOR_KEY, expected = [200, 201]) {
  const response = await fetch(`${NB_BASE_URL}${path}`, {
    method, headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!expected.includes(response.status)) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return text.length ? JSON.parse(text) : undefined;
}

const de = (n) => `+${4920188000000 + seed * 10000 + n}`;
const range = (from, to) => Array.from({ length: to - from + 1 }, (_, i) => de(from + i));
const ids = (page) => (page?.data ?? []).map((o) => o.id);
const sorted = (list) => [...list].sort();
const iso = (date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');
const all = async (page) => { const items = []; for await (const item of page) items.push(item); return items; };

function request(numbers) {
  return {
    phone_numbers: numbers, carrier_name: 'Other Carrier GmbH', spid: 'D123', requested_foc_date: iso(new Date(Date.now() + 7 * 86400_000)),
    end_user_name: 'Acme GmbH', service_address: 'Hauptstr. 1, 45127 Essen',
  };
}

async function main() {
  // The account ports in a single number and a 100-block (seed 001: active 100-149 only).
  const order = (await call('portingOrders.create', () => client.portingOrders.create({
    phone_numbers: [de(1)],
    phone_number_blocks: [{ phone_number_range: { start_at: de(100), end_at: de(199) }, activation_ranges: [{ start_at: de(100), end_at: de(149) }] }],
  })))?.data?.[0];
  if (!order) return;
  await call('portingOrders.actions.confirm', () => client.portingOrders.actions.confirm(order.id));
  for (const step of [{ status: 'submitted' }, { status: 'foc-date-confirmed', foc_datetime_actual: iso(new Date(Date.now() - 3600_000)) }, { status: 'ported' }])
    await http('POST', `/admin/v1/porting_orders/${order.id}/status`, step);
  const numbersBefore = (await http('GET', '/v2/phone_numbers?page[size]=1', undefined, NB_API_KEY)).meta.total_results;
  check('ported in: the block and the single number are the account\'s', 101, numbersBefore);

  // The carrier's requests: part of the block (rejected at once), the whole block, the single number.
  const partial = (await http('POST', '/admin/v1/portouts', request(range(100, 109)))).data;
  check('part of a block: rejected 1003', ['rejected', 1003], [partial.status, partial.rejection_code]);
  const block = (await http('POST', '/admin/v1/portouts', request(range(100, 199)))).data;
  const single = (await http('POST', '/admin/v1/portouts', request([de(1)]))).data;
  check('whole block and single number: pending', ['pending', 'pending'], [block.status, single.status]);
  const accountId = block.user_id;

  // list with the SDK's filters.
  const listed = await call('portouts.list', () => all(client.portouts.list()));
  check('list: all three, newest first', [single.id, block.id, partial.id], (listed ?? []).map((p) => p.id));
  const rejected = await call('portouts.list (status)', () => client.portouts.list({ filter: { status: 'rejected' } }));
  check('filter[status]=rejected', [partial.id], ids(rejected));
  const open = await call('portouts.list (status_in)', () => client.portouts.list({ filter: { status_in: ['pending', 'authorized'] } }));
  check('filter[status_in]', sorted([block.id, single.id]), sorted(ids(open)));
  const byNumber = await call('portouts.list (phone_number)', () => client.portouts.list({ filter: { phone_number: de(1) } }));
  check('filter[phone_number]', [single.id], ids(byNumber));
  const byCarrier = await call('portouts.list (carrier_name, spid)', () => client.portouts.list({ filter: { carrier_name: 'Other Carrier GmbH', spid: 'D123' } }));
  check('filter[carrier_name] and filter[spid]', 3, ids(byCarrier).length);
  const bySupportKey = await call('portouts.list (support_key)', () => client.portouts.list({ filter: { support_key: block.support_key } }));
  check('filter[support_key]', [block.id], ids(bySupportKey));
  const byCountry = await call('portouts.list (country_code)', () => client.portouts.list({ filter: { country_code: 'DE' } }));
  check('filter[country_code]', 3, ids(byCountry).length);
  const inserted = await call('portouts.list (inserted_at)', () => client.portouts.list({ filter: { inserted_at: { gte: '2020-01-01T00:00:00Z' } } }));
  check('filter[inserted_at][gte]', 3, ids(inserted).length);
  const paged = await call('portouts.list (page)', () => client.portouts.list({ 'page[size]': 1, 'page[number]': 2 }));
  check('page[size]=1, page[number]=2', [block.id], ids(paged));

  const got = (await call('portouts.retrieve', () => client.portouts.retrieve(block.id)))?.data;
  check('retrieve: the whole block', [block.id, 100, 'pending'], [got?.id, got?.phone_numbers?.length, got?.status]);
  await refused('portouts.retrieve (unknown is 404)', 404, () => client.portouts.retrieve('00000000-0000-4000-8000-000000000000'));

  const codes = (await call('portouts.listRejectionCodes', () => client.portouts.listRejectionCodes(single.id)))?.data ?? [];
  check('rejection codes: the account\'s reasons', true, codes.length > 0 && codes.every((c) => typeof c.code === 'number' && typeof c.description === 'string'));
  const one = (await call('portouts.listRejectionCodes (filter code)', () => client.portouts.listRejectionCodes(single.id, { filter: { code: codes[0]?.code } })))?.data;
  check('rejection codes: filter[code]', [codes[0]?.code], (one ?? []).map((c) => c.code));

  // The account's decisions.
  const authorized = (await call('portouts.updateStatus (authorized)', () =>
    client.portouts.updateStatus('authorized', { id: block.id, reason: '', host_messaging: false })))?.data;
  check('updateStatus authorized', 'authorized', authorized?.status);
  const rejectedPending = (await call('portouts.updateStatus (rejected-pending)', () =>
    client.portouts.updateStatus('rejected-pending', { id: single.id, reason: 'I do not recognize this transaction' })))?.data;
  check('updateStatus rejected-pending keeps the reason', ['rejected-pending', 'I do not recognize this transaction'],
    [rejectedPending?.status, rejectedPending?.reason]);
  await refused('portouts.updateStatus (rejected cannot be authorized)', 422, () => client.portouts.updateStatus('authorized', { id: partial.id, reason: '' }));

  // Comments and supporting documents.
  const comment = (await call('portouts.comments.create', () => client.portouts.comments.create(block.id, { body: 'Please port it on the FOC date.' })))?.data;
  check('comment: body and port-out', ['Please port it on the FOC date.', block.id], [comment?.body, comment?.portout_id]);
  const comments = (await call('portouts.comments.list', () => client.portouts.comments.list(block.id)))?.data;
  check('comments.list', [comment?.id], (comments ?? []).map((c) => c.id));
  // Supporting documents name the account's uploads (the SDK's documents.uploadJson, base64).
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n', 'ascii').toString('base64');
  const loa = (await call('documents.uploadJson (loa)', () => client.documents.uploadJson({ document: { file: pdf, filename: 'loa.pdf' } })))?.data;
  const bill = (await call('documents.uploadJson (invoice)', () => client.documents.uploadJson({ document: { file: pdf, filename: 'invoice.pdf' } })))?.data;
  const docs = (await call('portouts.supportingDocuments.create', () => client.portouts.supportingDocuments.create(block.id,
    { documents: [{ document_id: loa?.id, type: 'loa' }, { document_id: bill?.id, type: 'invoice' }] })))?.data;
  check('supportingDocuments.create', ['loa', 'invoice'], (docs ?? []).map((d) => d.type));
  const listedDocs = (await call('portouts.supportingDocuments.list', () => client.portouts.supportingDocuments.list(block.id)))?.data;
  check('supportingDocuments.list', [loa?.id, bill?.id], (listedDocs ?? []).map((d) => d.document_id));
  await refused('portouts.supportingDocuments.create (not an upload)', 422, () =>
    client.portouts.supportingDocuments.create(block.id, { documents: [{ document_id: '00000000-0000-4000-8000-000000000000', type: 'loa' }] }));

  // The gaining carrier completes the whole block: the numbers are no longer the account's.
  await http('POST', `/admin/v1/portouts/${block.id}/status`, { status: 'ported' });
  const done = (await call('portouts.retrieve (ported)', () => client.portouts.retrieve(block.id)))?.data;
  check('ported', ['ported', true], [done?.status, done?.already_ported]);
  const numbersAfter = (await http('GET', '/v2/phone_numbers?page[size]=1', undefined, NB_API_KEY)).meta.total_results;
  check('the whole block left; the single number stays', 1, numbersAfter);

  // Events, and republishing one as a signed webhook.
  await http('PUT', `/admin/v1/accounts/${accountId}/webhook_url`, { webhook_url: 'https://webhooks.invalid/portouts' });
  const events = await call('portouts.events.list', () => all(client.portouts.events.list({ filter: { portout_id: block.id } })));
  check('events of the block, newest first', ['ported', 'portout.new_comment', 'authorized', 'pending'],
    (events ?? []).map((e) => e.event_type === 'portout.status_changed' ? e.payload?.status : e.event_type));
  const typed = await call('portouts.events.list (event_type)', () => client.portouts.events.list({ filter: { event_type: 'portout.new_comment' } }));
  check('filter[event_type]', 1, ids(typed).length);
  const since = await call('portouts.events.list (created_at)', () => client.portouts.events.list({ filter: { created_at: { gte: '2020-01-01T00:00:00Z' } } }));
  check('filter[created_at][gte]', true, ids(since).length >= 4);
  const event = (await call('portouts.events.retrieve', () => client.portouts.events.retrieve(events?.[0]?.id)))?.data;
  check('events.retrieve', [events?.[0]?.id, block.id], [event?.id, event?.portout_id]);
  await call('portouts.events.republish', () => client.portouts.events.republish(events?.[0]?.id));

  // Reports: a CSV export, made by the service's worker.
  const report = (await call('portouts.reports.create', () => client.portouts.reports.create({
    report_type: 'export_portouts_csv', params: { filters: { status__in: ['ported'], created_at__gt: '2020-01-01T00:00:00Z' } },
  })))?.data;
  check('reports.create: pending', ['pending', 'export_portouts_csv'], [report?.status, report?.report_type]);
  let made;
  for (let i = 0; i < 40; i++) {
    made = (await call(i === 0 ? 'portouts.reports.retrieve' : 'portouts.reports.retrieve (poll)', () => client.portouts.reports.retrieve(report?.id)))?.data;
    if (made?.status === 'completed') break;
    await new Promise((r) => setTimeout(r, 500));
  }
  check('reports.retrieve: completed with a document', ['completed', true], [made?.status, typeof made?.document_id === 'string']);
  const reports = await call('portouts.reports.list', () => client.portouts.reports.list({ filter: { report_type: 'export_portouts_csv', status: 'completed' } }));
  check('reports.list', [report?.id], ids(reports));
}

try {
  await main();
} catch (e) {
  calls.push({ name: 'script', ok: false, error: String(e?.stack ?? e) });
}
report();
