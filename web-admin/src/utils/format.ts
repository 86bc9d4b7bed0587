/** `2026-11-25T09:30:12.345Z` -> `2026-11-25 17:30:12` in the browser's time zone (China Standard Time on the intranet). */
export function formatTime(value: string | null | undefined): string {
  if (!value) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** A value from a JSON state as short display text. */
export function displayValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/**
 * A fresh command id (UUID v4): a retried mutation with the same id is applied once.
 * `crypto.randomUUID` exists only in secure contexts; an intranet served over plain http is not
 * one, `getRandomValues` works everywhere.
 */
export function newCommandId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The institutions linked to a person (a teacher's engagements, a trainee's enrolments), named where the server could. */
export const institutionNames = (links: readonly { institutionName: string | null; institutionId: string }[]): string =>
  links.map((l) => l.institutionName ?? l.institutionId).join('、');

/** How long something has waited since `since`, as people say it: 3 天 4 小时, 5 小时 20 分钟, 不到 1 分钟. */
export function waitedFor(since: string | null | undefined, now: number = Date.now()): string {
  if (!since) return '';
  const start = new Date(since).getTime();
  if (Number.isNaN(start)) return '';
  const minutes = Math.max(0, Math.floor((now - start) / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  if (days > 0) return hours > 0 ? `${days} 天 ${hours} 小时` : `${days} 天`;
  if (hours > 0) return `${hours} 小时 ${minutes % 60} 分钟`;
  return minutes > 0 ? `${minutes} 分钟` : '不到 1 分钟';
}
