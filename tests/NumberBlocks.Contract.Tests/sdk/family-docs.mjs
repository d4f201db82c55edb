// Telnyx's official Node SDK (npm telnyx 7.24.0, unmodified) through every method of the porting family's first half:
// documents, an order's documents and additional documents, requirements and action requirements, the LOA template
// and LOA configurations, comments (the carrier's through the operator API), allowed FOC windows and exception types.
//
// Run by the contract tests' SdkRunner (NB_BASE_URL, NB_API_KEY, NB_OPERATOR_KEY, NB_NUMBER_SEED). Prints
// {calls, checks, exchanges}. The SDK's declarations (documents.d.ts, porting-orders/*.d.ts,
// porting/loa-configurations.d.ts) are the contract: shape() checks each answer's members against the interface it
// is declared as — no member the interface lacks, each present member of its declared type.
import { NB_BASE_URL, NB_OPERATOR_KEY, seed, exchanges, calls, checks, client, call, refused, check, report } from './harness.mjs';

// The SDK interfaces, member by member ('string', 'number', 'boolean', 'object', 'array', '?' = may be null).
const Shapes = {
  DocServiceDocument: { id: 'string', created_at: 'string', record_type: 'string', updated_at: 'string', av_scan_status: 'string', content_type: 'string',
    customer_reference: 'string', filename: 'string', sha256: 'string', size: 'object', status: 'string' },
  PortingAdditionalDocument: { id: 'string', content_type: 'string', created_at: 'string', document_id: 'string', document_type: 'string', filename: 'string',
    porting_order_id: 'string', record_type: 'string', updated_at: 'string' },
  PortingOrdersComment: { id: 'string', body: 'string', created_at: 'string', porting_order_id: 'string', record_type: 'string', user_type: 'string' },
  PortingOrderRetrieveRequirementsResponse: { field_type: 'string', field_value: 'string', record_type: 'string', requirement_status: 'string', requirement_type: 'object' },
  RequirementType: { id: 'string', acceptance_criteria: 'object', description: 'string', example: 'string', name: 'string', type: 'string' },
  PortingActionRequirement: { id: 'string', action_type: 'string', action_url: 'string?', cancel_reason: 'string?', created_at: 'string', porting_order_id: 'string',
    record_type: 'string', requirement_type_id: 'string', status: 'string', updated_at: 'string' },
  AllowedFocWindow: { ended_at: 'string', record_type: 'string', started_at: 'string' },
  PortingOrdersExceptionType: { code: 'string', description: 'string' },
  PortingLoaConfiguration: { id: 'string', address: 'object', company_name: 'string', contact: 'object', created_at: 'string', logo: 'object', name: 'string',
    organization_id: 'string', record_type: 'string', updated_at: 'string' },
  Address: { city: 'string', country_code: 'string', extended_address: 'string', state: 'string', street_address: 'string', zip_code: 'string' },
};

function shape(name, interfaceName, value) {
  const spec = Shapes[interfaceName];
  const problems = [];
  if (value === null || typeof value !== 'object') problems.push('not an object');
  else
    for (const [k, v] of Object.entries(value)) {
      const t = spec[k];
      if (!t) { problems.push(`${k}: not a member of ${interfaceName}`); continue; }
      if (v === null) { if (!t.endsWith('?')) problems.push(`${k}: null`); continue; }
      const want = t.replace('?', '');
      const got = Array.isArray(v) ? 'array' : typeof v;
      if (got !== want) problems.push(`${k}: ${got}, not ${want}`);
    }
  check(`shape ${interfaceName}: ${name}`, [], problems);
}

async function operator(path, body) {
  const response = await fetch(`${NB_BASE_URL}${path}`, {
    method: 'POST', headers: { Authorization: `Bearer ${NB_OPERATOR_KEY}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
  return response.json();
}

const de = (n) => `+${4920185000000 + seed * 1000 + n}`;
const pdf = Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n');
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const b64 = (bytes) => bytes.toString('base64');
const bytesOf = async (response) => Buffer.from(await response.arrayBuffer());

async function main() {
  // Documents.
  const loa = (await call('documents.uploadJson', () => client.documents.uploadJson({ document: { file: b64(pdf), filename: 'loa.pdf', customer_reference: 'sdk-docs' } })))?.data;
  const bill = (await call('documents.upload', () => client.documents.upload({ document: { file: b64(pdf), filename: 'bill.pdf', customer_reference: 'sdk-docs' } })))?.data;
  const logo = (await call('documents.uploadJson (png)', () => client.documents.uploadJson({ document: { file: b64(png), filename: 'logo.png' } })))?.data;
  if (!loa || !bill || !logo) return;
  shape('upload', 'DocServiceDocument', loa);
  check('upload: type by bytes, size and sha256', ['application/pdf', pdf.length, 64], [loa.content_type, loa.size?.amount, loa.sha256?.length]);
  await refused('documents.uploadJson (not a pdf, png or jpeg)', 422, () =>
    client.documents.uploadJson({ document: { file: b64(Buffer.from('MZ not a document')), filename: 'x.pdf' } }));
  const listed = await call('documents.list', () => client.documents.list({ filter: { customer_reference: { eq: 'sdk-docs' } }, sort: ['filename'] }));
  check('documents.list: filter customer_reference, sort filename', ['bill.pdf', 'loa.pdf'], (listed?.data ?? []).map((d) => d.filename));
  const named = await call('documents.list (filename contains)', () => client.documents.list({ filter: { filename: { contains: 'logo' } } }));
  check('documents.list: filter filename contains', [logo.id], (named?.data ?? []).map((d) => d.id));
  const got = (await call('documents.retrieve', () => client.documents.retrieve(loa.id)))?.data;
  check('documents.retrieve', [loa.id, loa.sha256], [got?.id, got?.sha256]);
  const renamed = (await call('documents.update', () => client.documents.update(bill.id, { filename: 'invoice.pdf' })))?.data;
  check('documents.update keeps customer_reference', ['invoice.pdf', 'sdk-docs'], [renamed?.filename, renamed?.customer_reference]);
  const downloaded = await call('documents.download', () => client.documents.download(loa.id));
  check('documents.download: the uploaded bytes', b64(pdf), downloaded ? b64(await bytesOf(downloaded)) : null);
  const spare = (await call('documents.uploadJson (to delete)', () => client.documents.uploadJson({ document: { file: b64(pdf), filename: 'spare.pdf' } })))?.data;
  await call('documents.delete', () => client.documents.delete(spare?.id));
  await refused('documents.retrieve (deleted is 404)', 404, () => client.documents.retrieve(spare?.id));

  // An order, its requirements, its documents.
  const order = (await call('portingOrders.create (DE)', () => client.portingOrders.create({ phone_numbers: [de(1), de(2), de(3)] })))?.data?.[0];
  if (!order) return;
  const requirements = await call('portingOrders.retrieveRequirements', () => client.portingOrders.retrieveRequirements(order.id));
  const reqs = requirements?.data ?? [];
  for (const r of reqs.slice(0, 2)) { shape('requirements', 'PortingOrderRetrieveRequirementsResponse', r); shape('requirement_type', 'RequirementType', r.requirement_type); }
  check('requirements: the DE table, all pending', [9, true], [reqs.length, reqs.every((r) => r.requirement_status === 'pending')]);
  const typeId = (name) => reqs.find((r) => r.requirement_type?.name === name)?.requirement_type?.id;
  const patched = (await call('portingOrders.update (documents, end_user, requirements)', () => client.portingOrders.update(order.id, {
    documents: { loa: loa.id },
    end_user: { admin: { entity_name: 'SDK GmbH', auth_person_name: 'Ada Admin' }, location: { street_address: 'Hauptstr. 1', locality: 'Essen', postal_code: '45130', country_code: 'DE' } },
    requirements: [{ requirement_type_id: typeId('Latest invoice'), field_value: bill.id }, { requirement_type_id: typeId('Customer number at the losing carrier'), field_value: 'K-42' }],
  })))?.data;
  check('update: documents and requirements set, requirements_met', [loa.id, bill.id, 'K-42', true],
    [patched?.documents?.loa, patched?.documents?.invoice, patched?.end_user?.admin?.account_number, patched?.requirements_met]);
  const after = await call('portingOrders.retrieveRequirements (met)', () => client.portingOrders.retrieveRequirements(order.id));
  check('requirements: all approved once set', true, (after?.data ?? []).length === 9 && after.data.every((r) => r.requirement_status === 'approved'));
  await refused('portingOrders.update (another requirement type) is 422', 422, () =>
    client.portingOrders.update(order.id, { requirements: [{ requirement_type_id: 'no-such-type', field_value: 'x' }] }));

  const added = (await call('additionalDocuments.create', () => client.portingOrders.additionalDocuments.create(order.id, {
    additional_documents: [{ document_id: bill.id, document_type: 'csr' }, { document_id: logo.id, document_type: 'other' }],
  })))?.data ?? [];
  if (added[0]) shape('create', 'PortingAdditionalDocument', added[0]);
  check('additionalDocuments.create: both, with filename', [2, 'invoice.pdf'], [added.length, added[0]?.filename]);
  const csr = await call('additionalDocuments.list (filter document_type)', () => client.portingOrders.additionalDocuments.list(order.id, { filter: { document_type: ['csr'] } }));
  check('additionalDocuments.list: filter[document_type]', [added[0]?.id], (csr?.data ?? []).map((d) => d.id));
  await call('additionalDocuments.delete', () => client.portingOrders.additionalDocuments.delete(added[1]?.id, { id: order.id }));
  const left = await call('additionalDocuments.list', () => client.portingOrders.additionalDocuments.list(order.id));
  check('additionalDocuments.delete removes one', [added[0]?.id], (left?.data ?? []).map((d) => d.id));

  // Action requirements (DE: identity verification of the authorized person).
  const actions = await call('actionRequirements.list', () => client.portingOrders.actionRequirements.list(order.id, { filter: { status: 'created' } }));
  const action = actions?.data?.[0];
  if (action) shape('list', 'PortingActionRequirement', action);
  check('actionRequirements.list: one, created', [1, 'end_user_id_verification'], [(actions?.data ?? []).length, action?.action_type]);
  const started = (await call('actionRequirements.initiate', () => client.portingOrders.actionRequirements.initiate(action?.id,
    { porting_order_id: order.id, params: { first_name: 'Ada', last_name: 'Admin' } })))?.data;
  check('actionRequirements.initiate: the authorized person completes it', [action?.id, 'completed'], [started?.id, started?.status]);

  // FOC windows, LOA configurations and the order's LOA.
  const windows = await call('portingOrders.retrieveAllowedFocWindows', () => client.portingOrders.retrieveAllowedFocWindows(order.id));
  if (windows?.data?.[0]) shape('windows', 'AllowedFocWindow', windows.data[0]);
  const weekday = (windows?.data ?? []).every((w) => ![0, 6].includes(new Date(w.started_at).getUTCDay()));
  check('allowed FOC windows: 30 business days, none on a weekend, later than now', [30, true, true],
    [(windows?.data ?? []).length, weekday, Date.parse(windows?.data?.[0]?.started_at) > Date.now()]);
  const first = windows?.data?.[0];
  const focAt = first ? new Date(Date.parse(first.started_at) + 3600_000).toISOString() : undefined;
  const withFoc = (await call('portingOrders.update (FOC in the first window)', () => client.portingOrders.update(order.id, { activation_settings: { foc_datetime_requested: focAt } })))?.data;
  check('update: FOC in an allowed window is kept', focAt, withFoc?.activation_settings?.foc_datetime_requested);

  const config = {
    name: 'SDK LOA', company_name: 'SDK Carrier AG', logo: { document_id: logo.id },
    address: { street_address: 'Hauptstr. 5', city: 'Berlin', state: 'BE', zip_code: '10115', country_code: 'DE' },
    contact: { email: 'port@sdk.example', phone_number: '+493012345678' },
  };
  const made = (await call('loaConfigurations.create', () => client.porting.loaConfigurations.create(config)))?.data;
  if (made) { shape('create', 'PortingLoaConfiguration', made); shape('address', 'Address', made.address); }
  check('loaConfigurations.create', ['SDK Carrier AG', 'Berlin', logo.id], [made?.company_name, made?.address?.city, made?.logo?.document_id]);
  const configs = await call('loaConfigurations.list', () => client.porting.loaConfigurations.list());
  check('loaConfigurations.list', [made?.id], (configs?.data ?? []).map((c) => c.id));
  const one = (await call('loaConfigurations.retrieve', () => client.porting.loaConfigurations.retrieve(made?.id)))?.data;
  check('loaConfigurations.retrieve', made?.id, one?.id);
  const changed = (await call('loaConfigurations.update', () => client.porting.loaConfigurations.update(made?.id, { ...config, company_name: 'SDK Carrier SE' })))?.data;
  check('loaConfigurations.update', 'SDK Carrier SE', changed?.company_name);
  for (const [name, fn] of [
    ['loaConfigurations.preview', () => client.porting.loaConfigurations.preview(config)],
    ['loaConfigurations.preview0', () => client.porting.loaConfigurations.preview0(config)],
    ['loaConfigurations.preview1', () => client.porting.loaConfigurations.preview1(made?.id)],
    ['portingOrders.retrieveLoaTemplate', () => client.portingOrders.retrieveLoaTemplate(order.id, { loa_configuration_id: made?.id })],
  ]) {
    const response = await call(name, fn);
    check(`${name}: a PDF`, '%PDF-', response ? (await bytesOf(response)).subarray(0, 5).toString('latin1') : null);
  }

  // Comments: the customer's, then the carrier side's through the operator API.
  const comment = (await call('comments.create', () => client.portingOrders.comments.create(order.id, { body: 'Is the bill enough?' })))?.data;
  if (comment) shape('create', 'PortingOrdersComment', comment);
  await operator(`/admin/v1/porting_orders/${order.id}/comments`, { body: 'Please upload the latest bill.' });
  const comments = await call('comments.list', () => client.portingOrders.comments.list(order.id));
  check('comments.list: customer then carrier', ['user', 'admin'], (comments?.data ?? []).map((c) => c.user_type));
  const events = await call('events.list (new_comment)', () => client.porting.events.list({ filter: { type: 'porting_order.new_comment', porting_order_id: order.id } }));
  check('the carrier comment is a porting_order.new_comment event', 1, (events?.data ?? []).length);

  // Exception types, then an exception the customer fixes and resubmits.
  const types = await call('portingOrders.retrieveExceptionTypes', () => client.portingOrders.retrieveExceptionTypes());
  if (types?.data?.[0]) shape('types', 'PortingOrdersExceptionType', types.data[0]);
  check('exception types include ENTITY_NAME_MISMATCH', true, (types?.data ?? []).some((t) => t.code === 'ENTITY_NAME_MISMATCH'));
  const confirmed = (await call('portingOrders.actions.confirm', () => client.portingOrders.actions.confirm(order.id)))?.data;
  check('confirm: requirements met, in-process', 'in-process', confirmed?.status?.value);
  await operator(`/admin/v1/porting_orders/${order.id}/status`, { status: 'exception', details: [{ code: 'ENTITY_NAME_MISMATCH', description: 'Name differs.' }] });
  const inException = (await call('portingOrders.retrieve (exception)', () => client.portingOrders.retrieve(order.id)))?.data;
  check('exception: status and its detail', ['exception', 'ENTITY_NAME_MISMATCH'], [inException?.status?.value, inException?.status?.details?.[0]?.code]);
  await call('portingOrders.update (fix)', () => client.portingOrders.update(order.id, { end_user: { admin: { entity_name: 'SDK GmbH & Co. KG' } } }));
  const again = (await call('portingOrders.actions.confirm (resubmit)', () => client.portingOrders.actions.confirm(order.id)))?.data;
  check('resubmitted: in-process, no details', ['in-process', 0], [again?.status?.value, again?.status?.details?.length]);

  await call('loaConfigurations.delete', () => client.porting.loaConfigurations.delete(made?.id));
  await refused('loaConfigurations.retrieve (deleted is 404)', 404, () => client.porting.loaConfigurations.retrieve(made?.id));
}

try {
  await main();
} catch (e) {
  calls.push({ name: 'script', ok: false, error: String(e?.stack ?? e) });
}
report();
