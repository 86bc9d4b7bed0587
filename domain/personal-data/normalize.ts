// Input clean-up shared by the personal-data value objects. Chinese input methods often produce
// full-width characters (１２３, Ｘ) and people paste numbers grouped with spaces or hyphens; all of
// them mean the same value, so they are folded before any check (and before a blind index is
// computed, so that lookups match whatever way the value was typed).

/** NFKC folds full-width digits and letters to ASCII; whitespace anywhere is dropped. */
export const foldWidth = (input: string): string => input.normalize('NFKC').replace(/\s+/g, '');

/** Like foldWidth, also dropping the separators people type inside long numbers ("6222-0202 ..."). */
export const digitsAndLetters = (input: string): string => foldWidth(input).replace(/[-_.·]/g, '');

/** A calendar date `YYYY-MM-DD` (no time zone: the caller decides which day "today" is). */
export type IsoDate = string;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

export const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/** True when year/month/day name a real day of the Gregorian calendar. */
export function isRealDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false;
  if (month < 1 || month > 12 || day < 1) return false;
  const max = month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1]!;
  return day <= max;
}

/** Checks a `today` argument: a programming error (not user input) when malformed, hence a plain Error. */
export function assertIsoDate(value: IsoDate, name = 'today'): void {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match || !isRealDate(Number(match[1]), Number(match[2]), Number(match[3]))) {
    throw new Error(`${name} must be a calendar date YYYY-MM-DD, got "${value}"`);
  }
}

/**
 * The calendar day in China (UTC+8 all year, no daylight saving) of an ISO instant, e.g. a
 * command context's `now`: 2025-05-31T16:30:00Z is already 1 June in Guiyang.
 */
export function chinaDate(instant: string): IsoDate {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) throw new Error(`not an ISO instant: "${instant}"`);
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);
}
