// Telnyx's official Node SDK (npm telnyx 7.24.0, unmodified) driven through its buying methods against NumberBlocks:
// availablePhoneNumberBlocks, numberBlockOrders, numberOrders and numberReservations (with actions.extend).
//
// Run by the contract tests' SdkRunner like porting.mjs: NB_BASE_URL, NB_API_KEY (a fresh account of its own),
// NB_OPERATOR_KEY (to load the stock it buys from, which the SDK has no method for) and NB_NUMBER_SEED (keeps its
// numbers apart from other suites). Prints one JSON object: calls, checks and exchanges.
import { NB_BASE_URL, NB_OPERATOR_KEY, seed, exchanges, calls, checks, client, call, refused, check, report } from './harness.mjs';

async function operator(path, body) {
  const response = await fetch(`${NB_BASE_URL}${path}`, {
    method: 'POST', headers: { Authorization: `Bearer ${NB_OPERATOR_KEY}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
}

// 1000 Essen numbers of the suite's own (+49 201 29xx xxxx), loaded as stock.
const base = 4920129000000 + seed * 10000;
const de = (n) => `+${base + n}`;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(name, fn, done) {
  for (let i = 0; i < 100; i++) {
    const value = await fn();
    if (done(value)) return value;
    await sleep(100);
  }
  return fn();
}

async function main() {
  await operator('/admin/v1/stock', { start_at: de(0), end_at: de(999), number_type: 'local', city: 'Kettwig' });

  // Search: the stock's aligned blocks, narrowed by every filter the SDK types.
  const all = await call('availablePhoneNumberBlocks.list (DE, Essen, 201, local)', () => client.availablePhoneNumberBlocks.list({
    filter: { country_code: 'DE', locality: 'Kettwig', national_destination_code: '201', phone_number_type: 'local' },
  }));
  check('availablePhoneNumberBlocks: the stock is one block of 1000', [1, [[de(0), 1000]]],
    [all?.meta?.total_results, all?.data?.map((b) => [b.phone_number, b.range])]);
  const none = await call('availablePhoneNumberBlocks.list (toll_free)', () =>
    client.availablePhoneNumberBlocks.list({ filter: { country_code: 'DE', locality: 'Kettwig', phone_number_type: 'toll_free' } }));
  check('availablePhoneNumberBlocks: no toll-free stock', 0, none?.data?.length);

  // A number order first (it splits the block of 1000), then a block order of the block of 100 above it.
  const order = (await call('numberOrders.create', () => client.numberOrders.create({
    customer_reference: 'sdk-order', phone_numbers: [{ phone_number: de(1) }, { phone_number: de(2), requirement_group_id: 'sdk-group' }],
  })))?.data;
  check('numberOrders.create: pending, requirements not all met', ['pending', false, 2], [order?.status, order?.requirements_met, order?.phone_numbers?.length]);
  const requirement = order?.phone_numbers?.[0]?.regulatory_requirements?.[0]?.requirement_id;
  const updated = (await call('numberOrders.update (regulatory requirement)', () => client.numberOrders.update(order.id, {
    customer_reference: 'sdk-order-2', regulatory_requirements: [{ requirement_id: requirement, field_value: 'Kettwiger Str. 1, 45127 Essen' }],
  })))?.data;
  check('numberOrders.update: requirements met, reference changed', [true, 'sdk-order-2'], [updated?.requirements_met, updated?.customer_reference]);
  const completed = await until('numberOrders.retrieve', () => call('numberOrders.retrieve', () => client.numberOrders.retrieve(order.id)),
    (r) => r?.data?.status === 'success');
  check('numberOrders.retrieve: the worker completed it', 'success', completed?.data?.status);
  const orders = await call('numberOrders.list (filters)', () => client.numberOrders.list({
    filter: { customer_reference: 'sdk-order-2', status: 'success', requirements_met: true, phone_numbers_count: '2' },
  }));
  check('numberOrders.list: the filters find the order', [order?.id], orders?.data?.map((o) => o.id));
  const noOrders = await call('numberOrders.list (created before 2000)', () => client.numberOrders.list({ filter: { created_at: { lt: '2000-01-01T00:00:00Z' } } }));
  check('numberOrders.list: created_at[lt] narrows', 0, noOrders?.data?.length);

  const blockOrder = (await call('numberBlockOrders.create', () => client.numberBlockOrders.create({
    starting_number: de(100), range: 100, customer_reference: 'sdk-block',
  })))?.data;
  check('numberBlockOrders.create: pending block of 100', ['pending', 100, de(100)], [blockOrder?.status, blockOrder?.range, blockOrder?.starting_number]);
  const blockDone = await until('numberBlockOrders.retrieve', () => call('numberBlockOrders.retrieve', () => client.numberBlockOrders.retrieve(blockOrder.id)),
    (r) => r?.data?.status === 'success');
  check('numberBlockOrders.retrieve: success', 'success', blockDone?.data?.status);
  const blocks = await call('numberBlockOrders.list (filters)', () => client.numberBlockOrders.list({
    filter: { status: 'success', 'phone_numbers.starting_number': de(100), created_at: { gt: '2000-01-01T00:00:00Z' } },
  }));
  check('numberBlockOrders.list: the filters find the order', [blockOrder?.id], blocks?.data?.map((o) => o.id));
  await refused('numberBlockOrders.create (the same block again)', 422, () => client.numberBlockOrders.create({ starting_number: de(100), range: 100 }));

  // Reservations: one number held, one refused (already bought); extended; listed.
  const reservation = (await call('numberReservations.create', () => client.numberReservations.create({
    customer_reference: 'sdk-hold', phone_numbers: [{ phone_number: de(500) }, { phone_number: de(1) }],
  })))?.data;
  const statusOf = (r, n) => r?.phone_numbers?.find((p) => p.phone_number === n)?.status;
  check('numberReservations.create: one held, one refused', ['success', 'success', 'failure'],
    [reservation?.status, statusOf(reservation, de(500)), statusOf(reservation, de(1))]);
  const extended = (await call('numberReservations.actions.extend', () => client.numberReservations.actions.extend(reservation.id)))?.data;
  check('numberReservations.actions.extend: still held', 'success', statusOf(extended, de(500)));
  const retrieved = (await call('numberReservations.retrieve', () => client.numberReservations.retrieve(reservation.id)))?.data;
  check('numberReservations.retrieve: its numbers', [de(1), de(500)], retrieved?.phone_numbers?.map((p) => p.phone_number).sort());
  const held = await call('numberReservations.list (filters)', () => client.numberReservations.list({
    filter: { 'phone_numbers.phone_number': de(500), customer_reference: 'sdk-hold', status: 'success' },
  }));
  check('numberReservations.list: the filters find it', [reservation?.id], held?.data?.map((r) => r.id));
  // The held number is offered to no one: ordering it needs the reservation's account (this one) — which may.
  const fromHold = (await call('numberOrders.create (the reserved number)', () =>
    client.numberOrders.create({ phone_numbers: [{ phone_number: de(500), requirement_group_id: 'sdk-group' }] })))?.data;
  check('numberOrders.create from the own reservation', 'pending', fromHold?.status);

  await refused('numberOrders.retrieve (unknown id)', 404, () => client.numberOrders.retrieve('00000000-0000-0000-0000-000000000000'));
}

try {
  await main();
} catch (e) {
  calls.push({ name: 'script', ok: false, error: String(e?.stack ?? e) });
}
report();
