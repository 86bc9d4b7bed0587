// What the outbox does with the server's answer to one upload, and when it tries again. Pure
// functions (no browser APIs), checked by scripts/e2e/mobile-outbox.unit.spec.ts.

/** How an upload ended: acknowledged, refused for good (trying again cannot help), or to retry. */
export type UploadVerdict = 'acknowledged' | 'refused' | 'retry' | 'session';

/**
 * 2xx: the server holds the capture (201 new, 200 a repeat of the same device capture id: the
 * idempotent retry). 401: the session ended; the capture waits for the next login. 400/403/404/413/
 * 415/422: the server refused the capture itself (off the roster, session not running, too late,
 * photo too large): it stays visible with the reason and is not sent again. 423 (locked screen),
 * 429, 5xx and no answer at all: try again later.
 */
export function verdictFor(status: number | null): UploadVerdict {
  if (status === null) return 'retry';
  if (status >= 200 && status < 300) return 'acknowledged';
  if (status === 401) return 'session';
  if (status === 423 || status === 429 || status === 408 || status >= 500) return 'retry';
  if (status >= 400) return 'refused';
  return 'retry';
}

/** Delay before attempt n+1 after n failed ones: 5 s doubling up to 5 minutes, so a phone offline for an hour tries a dozen times. */
export function retryDelayMs(attempts: number): number {
  return Math.min(5_000 * 2 ** Math.max(0, attempts - 1), 300_000);
}

/** Whether a waiting item is due for another try at `now`. */
export const isDue = (item: { attempts: number; lastAttemptAt: number | null }, now: number): boolean =>
  item.lastAttemptAt === null || now - item.lastAttemptAt >= retryDelayMs(item.attempts);

/**
 * A random (version 4) UUID from 16 random bytes: the device capture id, which the server also
 * takes as the upload's command id (a UUID), so a retried upload is one command. Works outside a
 * secure context, where crypto.randomUUID is missing.
 */
export function uuidV4(random: (bytes: Uint8Array) => Uint8Array): string {
  const b = random(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
