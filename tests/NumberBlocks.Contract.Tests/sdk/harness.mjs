// What every SDK script shares: Telnyx's official Node SDK (npm telnyx, unmodified) pointed at NumberBlocks, every HTTP
// exchange it makes recorded with the raw body it received (for the C# test to validate against the OpenAPI document),
// and the script's verdicts: calls (each SDK call, ok or its error) and checks (expected vs actual, by data).
//
// Run by the contract tests' SdkRunner with NB_BASE_URL, NB_API_KEY (a fresh account of the script's own),
// NB_OPERATOR_KEY (the carrier's steps, which the SDK has no method for) and NB_NUMBER_SEED (keeps its numbers apart).
import Telnyx from 'telnyx';

export const { NB_BASE_URL, NB_API_KEY, NB_OPERATOR_KEY } = process.env;
export const seed = Number(process.env.NB_NUMBER_SEED ?? '0');
export const exchanges = [];
export const calls = [];
export const checks = [];

// The SDK takes a fetch of our choosing: the same global fetch, recording what went over the wire.
export async function recordingFetch(url, init) {
  const response = await fetch(url, init);
  const body = await response.clone().text();
  exchanges.push({ method: (init?.method ?? 'GET').toUpperCase(), url: String(url), status: response.status,
    contentType: response.headers.get('content-type'), body });
  return response;
}

export const client = new Telnyx({ apiKey: NB_API_KEY, baseURL: `${NB_BASE_URL}/v2`, fetch: recordingFetch, maxRetries: 0, timeout: 60_000 });

/** An SDK call that must succeed: its value, or undefined with the error recorded. */
export async function call(name, fn) {
  try {
    const value = await fn();
    calls.push({ name, ok: true });
    return value;
  } catch (e) {
    calls.push({ name, ok: false, error: `${e?.status ?? ''} ${e?.message ?? e}`.trim() });
    return undefined;
  }
}

/** A call that must be refused: passes when the SDK raises the expected status; the refusal's body is returned. */
export async function refused(name, status, fn) {
  try {
    await fn();
    calls.push({ name, ok: false, error: `expected ${status}, the call succeeded` });
  } catch (e) {
    const ok = e?.status === status;
    calls.push({ name, ok, error: ok ? undefined : `expected ${status}, got ${e?.status} ${e?.message}` });
    return e?.error;
  }
  return undefined;
}

export function check(name, expected, actual) {
  checks.push({ name, expected, actual, ok: JSON.stringify(expected) === JSON.stringify(actual) });
}

/** The one JSON object the script prints for SdkRunner. */
export function report() {
  process.stdout.write(JSON.stringify({ calls, checks, exchanges }));
}
