// The working-day calendar (工作日历): Monday to Friday are working days, except the public holidays
// (法定节假日) the State Council announces each year, and except the make-up working days (调休上班日)
// that move a weekend into the week. Rules a person reads ("declared 5 working days before the
// start") count on it. Dates are calendar days in China (Asia/Shanghai); no instant is involved.
import { assertIsoDate, type IsoDate } from '../personal-data/normalize';

export const DAY_KINDS = ['holiday', 'workday'] as const;
export type DayKind = (typeof DAY_KINDS)[number];
export const DAY_KIND_LABELS: Record<DayKind, string> = { holiday: '放假', workday: '调休上班' };

/** A day that differs from the Monday-to-Friday rule, or states what it is (a weekend inside a holiday). */
export interface CalendarDay {
  date: IsoDate;
  kind: DayKind;
  /** The holiday it belongs to, e.g. 春节, 国庆节. */
  name: string;
}

/** Special days by date. A plain record, so a calendar travels in JSON (a command field, a cache). */
export type WorkingDayCalendar = Readonly<Record<IsoDate, CalendarDay>>;

const DAY_MS = 86_400_000;
const WEEKDAY_LABELS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'] as const;
/** No real calendar has a year without working days; the bound only stops a broken one looping. */
const MAX_SCAN_DAYS = 3_660;

const toTime = (date: IsoDate) => {
  assertIsoDate(date, 'date');
  return Date.parse(`${date}T00:00:00Z`);
};

/** 0 = Sunday ... 6 = Saturday, of the calendar day itself (no time zone involved). */
export const dayOfWeek = (date: IsoDate): number => new Date(toTime(date)).getUTCDay();
export const weekdayLabel = (date: IsoDate): string => WEEKDAY_LABELS[dayOfWeek(date)]!;
export const isWeekend = (date: IsoDate): boolean => dayOfWeek(date) === 0 || dayOfWeek(date) === 6;

/** The calendar day `days` after (or before, when negative) `date`. */
export const shiftDays = (date: IsoDate, days: number): IsoDate => new Date(toTime(date) + days * DAY_MS).toISOString().slice(0, 10);

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export const calendarDaysBetween = (from: IsoDate, to: IsoDate): number => Math.round((toTime(to) - toTime(from)) / DAY_MS);

export function isWorkingDay(calendar: WorkingDayCalendar, date: IsoDate): boolean {
  const special = calendar[date];
  if (special) return special.kind === 'workday';
  return !isWeekend(date);
}

/**
 * The `n`-th working day after `date` (before it when `n` is negative); `date` itself when `n` is 0.
 * `date` need not be a working day: the count starts on the day after it.
 */
export function addWorkingDays(calendar: WorkingDayCalendar, date: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n)) throw new Error(`working days must be a whole number, got ${n}`);
  const step = n < 0 ? -1 : 1;
  let remaining = Math.abs(n);
  let day = date;
  for (let scanned = 0; remaining > 0; scanned++) {
    if (scanned > MAX_SCAN_DAYS) throw new Error('the calendar has no working day within ten years');
    day = shiftDays(day, step);
    if (isWorkingDay(calendar, day)) remaining--;
  }
  return day;
}

/**
 * Working days in the period after `from` up to and including `to`: so that
 * `addWorkingDays(c, d, n) <= to` exactly when `workingDaysBetween(c, d, to) >= n`.
 * Negative (the same count, signed) when `to` is before `from`.
 */
export function workingDaysBetween(calendar: WorkingDayCalendar, from: IsoDate, to: IsoDate): number {
  const span = calendarDaysBetween(from, to);
  const [low, high, sign] = span >= 0 ? [from, span, 1] : [to, -span, -1];
  let count = 0;
  for (let i = 1; i <= high; i++) if (isWorkingDay(calendar, shiftDays(low, i))) count++;
  return sign * count;
}

/**
 * The last day on which something may still be done "at least `n` working days before `deadline`":
 * the latest day D with `addWorkingDays(D, n) <= deadline`. For a Monday start and n = 5 with no
 * holiday in between, the Monday a week earlier; a weekend or holiday before it does not move it.
 */
export function latestDayBefore(calendar: WorkingDayCalendar, deadline: IsoDate, n: number): IsoDate {
  if (n <= 0) return deadline;
  let lastWorking = deadline;
  for (let scanned = 0; !isWorkingDay(calendar, lastWorking); scanned++) {
    if (scanned > MAX_SCAN_DAYS) throw new Error('the calendar has no working day within ten years');
    lastWorking = shiftDays(lastWorking, -1);
  }
  // lastWorking is the n-th working day counted from the day after `shiftDays(nthBack, -1)`.
  return shiftDays(addWorkingDays(calendar, lastWorking, -(n - 1)), -1);
}

/** The calendar's entries of one year, in date order. */
export const daysOfYear = (calendar: WorkingDayCalendar, year: number): CalendarDay[] =>
  Object.values(calendar)
    .filter((d) => d.date.startsWith(`${year}-`))
    .sort((a, b) => a.date.localeCompare(b.date));
