// The one way tests wait: probe a condition until it holds or a deadline passes. A fixed sleep
// either wastes time or, on a loaded machine, is too short and lets a test pass or fail by chance;
// a loop without a deadline hangs until jest's timeout and says nothing about what it waited for.

export interface WaitOptions {
  /** What is awaited, for the failure message ("the import job to finish"). */
  what: string;
  /** Give up after this long (default 15 s: the shared test server can hold a fence that long). */
  timeoutMs?: number;
  /** Pause between probes (default 20 ms). */
  intervalMs?: number;
}

const shown = (value: unknown): string => {
  try {
    const text = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
    return text === undefined ? String(value) : text.length > 2000 ? `${text.slice(0, 2000)}…` : text;
  } catch {
    return String(value);
  }
};

/**
 * Calls `probe` until `ok` accepts its value and returns that value; throws, naming what was awaited
 * and the last value seen, once `timeoutMs` has passed. The probe runs at least once, and once more
 * at the deadline, so a slow probe still gets its last look. An error thrown by the probe fails at once.
 */
export async function waitUntil<T>(probe: () => T | Promise<T>, ok: (value: T) => boolean, options: WaitOptions): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const intervalMs = options.intervalMs ?? 20;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (ok(value)) return value;
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`timed out after ${timeoutMs} ms waiting for ${options.what}; last value seen: ${shown(value)}`);
    await new Promise((resolve) => setTimeout(resolve, Math.min(intervalMs, left)));
  }
}
