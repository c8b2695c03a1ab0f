/**
 * Tests wait for conditions, never for fixed times: `waitFor` checks `condition` until it
 * holds. The limit only says where a broken run stops, and it is generous, so a slow or
 * loaded machine makes a test slower, never red. Never assert on how long something took.
 * `TEST_WAIT_LIMIT_MS` raises it further on a very slow machine.
 */
export const WAIT_LIMIT_MS = Number(process.env.TEST_WAIT_LIMIT_MS) || 120_000;

export type WaitOptions = {
  /** What is awaited, for the failure message ("the first 100 awards"). */
  what: string;
  /** Where a broken run stops (default WAIT_LIMIT_MS). */
  timeoutMs?: number;
  /** Between checks (default 50 ms). */
  intervalMs?: number;
};

export async function waitFor(condition: () => boolean | Promise<boolean>, { what, timeoutMs = WAIT_LIMIT_MS, intervalMs = 50 }: WaitOptions): Promise<void> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) throw new Error(`gave up waiting for ${what} after ${Math.round((Date.now() - started) / 1000)} s`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
