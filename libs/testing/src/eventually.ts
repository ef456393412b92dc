/**
 * Polls `probe` until it returns without throwing (and, when it returns a boolean, returns true),
 * or fails with the last reason once `timeoutMs` has passed. For asynchronous effects (a job ran,
 * a row was dispatched): wait for the condition, never for a fixed time.
 *
 *   await eventually(() => expect(handled).toEqual(['a']), 5_000);
 */
export async function eventually<T>(
  probe: () => T | Promise<T>,
  timeoutMs = 5_000,
  intervalMs = 25,
): Promise<Exclude<T, false>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== false) return value as Exclude<T, false>;
      lastError = new Error('the condition returned false');
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) break;
    await new Promise((resolve) => setTimeout(resolve, Math.min(intervalMs, Math.max(0, deadline - Date.now()))));
  }
  const reason = lastError instanceof Error ? lastError.message : String(lastError);
  const failure = new Error(`condition not met within ${timeoutMs} ms: ${reason}`);
  if (lastError instanceof Error) failure.stack = `${failure.message}\n${lastError.stack ?? ''}`;
  throw failure;
}
