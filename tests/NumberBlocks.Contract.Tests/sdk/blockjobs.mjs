// Telnyx's official Node SDK (npm telnyx 7.24.0, unmodified) driven through the block deletion jobs against NumberBlocks:
// phoneNumberBlocks.jobs.deletePhoneNumberBlock, .list and .retrieve, and phoneNumbers.delete (refused for a number of a
// block, done for a single one).
//
// Run by the contract tests' SdkRunner like ordering.mjs: NB_BASE_URL, NB_API_KEY (a fresh account of its own),
// NB_OPERATOR_KEY (the carrier's porting steps, which the SDK has no method for) and NB_NUMBER_SEED. Prints one JSON
// object: calls, checks and exchanges.
import { NB_BASE_URL, NB_API_KEY, NB_OPERATOR_KEY, seed, exchanges, calls, checks, client, call, refused, check, report } from './harness.mjs';

async function post(path, body, key) {
  const response = await fetch(`${NB_BASE_URL}${path}`, {
    method: 'POST', headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
  return response.json();
}

// Essen numbers of the suite's own (+49 201 28xx xxxx): a block of ten and one single number, ported in.
const base = 4920128000000 + seed * 10000;
const de = (n) => `+${base + n}`;

async function main() {
  // Setup outside the operations under test: a porting order (NumberBlocks' phone_number_blocks) ported by the carrier.
  const created = await post('/v2/porting_orders', {
    phone_numbers: [de(50)],
    phone_number_blocks: [{ phone_number_range: { start_at: de(0), end_at: de(9) }, activation_ranges: [{ start_at: de(0), end_at: de(9) }] }],
  }, NB_API_KEY);
  const orderId = created.data[0].id;
  await call('portingOrders.actions.confirm', () => client.portingOrders.actions.confirm(orderId));
  for (const step of [{ status: 'submitted' }, { status: 'foc-date-confirmed', foc_datetime_actual: new Date().toISOString() }, { status: 'ported' }])
    await post(`/admin/v1/porting_orders/${orderId}/status`, step, NB_OPERATOR_KEY);

  const numbers = (await call('phoneNumbers.list (the ported numbers)', () => client.phoneNumbers.list({ filter: { porting_order_id: orderId }, page: { size: 50 } })))?.data ?? [];
  check('phoneNumbers.list: the block and the single number', 11, numbers.length);
  const inBlock = numbers.find((n) => n.phone_number === de(3));
  const single = numbers.find((n) => n.phone_number === de(50));
  const blockId = inBlock?.block_reference_id;

  // A number of a block is deleted only with its block (seed 001): the refusal names the block and the job endpoint.
  const refusal = await refused('phoneNumbers.delete (a number of a block)', 422, () => client.phoneNumbers.delete(inBlock.id));
  const detail = refusal?.errors?.[0]?.detail ?? '';
  check('the refusal names the block', true, blockId !== undefined && detail.includes(blockId));
  check('the refusal names the job endpoint', true, detail.includes('/v2/phone_number_blocks/jobs/delete_phone_number_block'));
  const deleted = (await call('phoneNumbers.delete (a single number)', () => client.phoneNumbers.delete(single.id)))?.data;
  check('phoneNumbers.delete answers the number', de(50), deleted?.phone_number);
  await refused('phoneNumbers.retrieve (the deleted number)', 404, () => client.phoneNumbers.retrieve(single.id));

  const job = (await call('phoneNumberBlocks.jobs.deletePhoneNumberBlock', () =>
    client.phoneNumberBlocks.jobs.deletePhoneNumberBlock({ phone_number_block_id: blockId })))?.data;
  check('the job completed', 'completed', job?.status);
  check('the job type', 'delete_phone_number_block', job?.type);
  check('every number of the block deleted', [...Array(10).keys()].map(de), job?.successful_operations?.map((o) => o.phone_number));
  check('no number failed', [], job?.failed_operations);

  const got = (await call('phoneNumberBlocks.jobs.retrieve', () => client.phoneNumberBlocks.jobs.retrieve(job.id)))?.data;
  check('retrieve: the same job', [job?.id, 'completed'], [got?.id, got?.status]);
  const completed = await call('phoneNumberBlocks.jobs.list (status completed, type delete_phone_number_block)', () =>
    client.phoneNumberBlocks.jobs.list({ filter: { status: 'completed', type: 'delete_phone_number_block' }, page: { size: 5, number: 1 } }));
  check('list: the completed job', [job?.id], completed?.data?.map((j) => j.id));
  const failed = await call('phoneNumberBlocks.jobs.list (status failed)', () => client.phoneNumberBlocks.jobs.list({ filter: { status: 'failed' } }));
  check('list: no failed job', [], failed?.data);
  const oldest = await call('phoneNumberBlocks.jobs.list (sort created_at)', () => client.phoneNumberBlocks.jobs.list({ sort: 'created_at' }));
  check('list sorted: one job', 1, oldest?.data?.length);

  const left = (await call('phoneNumbers.list (after the job)', () => client.phoneNumbers.list({ filter: { porting_order_id: orderId } })))?.data;
  check('no number of the order is the account\'s any more', 0, left?.length);
  await refused('phoneNumberBlocks.jobs.deletePhoneNumberBlock (nothing left)', 404, () =>
    client.phoneNumberBlocks.jobs.deletePhoneNumberBlock({ phone_number_block_id: blockId }));
  await refused('phoneNumberBlocks.jobs.deletePhoneNumberBlock (not a uuid)', 422, () =>
    client.phoneNumberBlocks.jobs.deletePhoneNumberBlock({ phone_number_block_id: 'block-1' }));
  await refused('phoneNumberBlocks.jobs.retrieve (unknown id)', 404, () => client.phoneNumberBlocks.jobs.retrieve('00000000-0000-0000-0000-000000000000'));
  await refused('phoneNumberBlocks.jobs.list (unknown status)', 422, () => client.phoneNumberBlocks.jobs.list({ filter: { status: 'done' } }));
}

try {
  await main();
} catch (e) {
  calls.push({ name: 'script', ok: false, error: String(e?.stack ?? e) });
}
report();
