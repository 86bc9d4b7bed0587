import { describe, expect, it } from '@jest/globals';
import { calendarOf } from './calendar';
import { HOLIDAY_NOTICE_2026, SHIPPED_HOLIDAY_NOTICES } from './china-holidays';
import { addWorkingDays, daysOfYear, isWorkingDay, latestDayBefore, shiftDays, weekdayLabel, workingDaysBetween } from './working-days';

const calendar = calendarOf(SHIPPED_HOLIDAY_NOTICES);
const plain = {};

describe('working days', () => {
  it('Monday to Friday work, weekends rest, when nothing special is set', () => {
    expect(weekdayLabel('2026-03-09')).toBe('周一');
    expect(isWorkingDay(plain, '2026-03-09')).toBe(true);
    expect(isWorkingDay(plain, '2026-03-14')).toBe(false);
  });

  it('holidays rest and make-up days work (2026 notice)', () => {
    expect(isWorkingDay(calendar, '2026-10-08')).toBe(true);
    expect(isWorkingDay(calendar, '2026-10-05')).toBe(false); // 国庆节, a Monday
    expect(isWorkingDay(calendar, '2026-10-10')).toBe(true); // 调休上班, a Saturday
    expect(isWorkingDay(calendar, '2026-02-14')).toBe(true); // 春节前调休, a Saturday
    expect(isWorkingDay(calendar, '2026-02-23')).toBe(false); // 正月初七, a Monday
  });

  it('adds working days forwards and backwards, skipping holidays', () => {
    expect(addWorkingDays(plain, '2026-03-02', 5)).toBe('2026-03-09');
    expect(addWorkingDays(plain, '2026-03-09', -5)).toBe('2026-03-02');
    expect(addWorkingDays(plain, '2026-03-07', 0)).toBe('2026-03-07');
    // From the eve of the National Day: 10-08, 10-09, 10-10 (Saturday, worked), 10-12.
    expect(addWorkingDays(calendar, '2026-09-30', 4)).toBe('2026-10-12');
    expect(addWorkingDays(plain, '2026-09-30', 4)).toBe('2026-10-06');
  });

  it('counts working days after the first date up to and including the second', () => {
    expect(workingDaysBetween(plain, '2026-03-02', '2026-03-09')).toBe(5);
    expect(workingDaysBetween(plain, '2026-03-09', '2026-03-02')).toBe(-5);
    expect(workingDaysBetween(calendar, '2026-09-30', '2026-10-12')).toBe(4);
    expect(workingDaysBetween(calendar, '2026-02-13', '2026-02-24')).toBe(2); // 02-14 and 02-24
  });

  it('agrees with addWorkingDays over a whole year', () => {
    for (let day = '2026-01-01'; day < '2027-01-01'; day = shiftDays(day, 7)) {
      for (const n of [1, 3, 5, 10]) {
        const target = addWorkingDays(calendar, day, n);
        expect(workingDaysBetween(calendar, day, target)).toBe(n);
        expect(workingDaysBetween(calendar, day, shiftDays(target, -1))).toBe(n - 1);
      }
    }
  });

  it('finds the latest day that is still n working days before a deadline', () => {
    expect(latestDayBefore(plain, '2026-03-09', 5)).toBe('2026-03-02');
    expect(latestDayBefore(plain, '2026-03-14', 5)).toBe('2026-03-08'); // a Saturday start: the Sunday before still works
    expect(latestDayBefore(calendar, '2026-10-12', 5)).toBe('2026-09-29');
    expect(latestDayBefore(plain, '2026-10-12', 0)).toBe('2026-10-12');
    // The definition, checked against every day of the year.
    for (let start = '2026-01-05'; start < '2027-01-01'; start = shiftDays(start, 3)) {
      const latest = latestDayBefore(calendar, start, 5);
      expect(addWorkingDays(calendar, latest, 5) <= start).toBe(true);
      expect(addWorkingDays(calendar, shiftDays(latest, 1), 5) > start).toBe(true);
    }
  });
});

describe('the 2026 notice as shipped', () => {
  it('has the seven holidays and six make-up working days of the notice', () => {
    const days = daysOfYear(calendarOf([HOLIDAY_NOTICE_2026]), 2026);
    expect(days.filter((d) => d.kind === 'workday').map((d) => d.date)).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
    const count = (name: string) => days.filter((d) => d.kind === 'holiday' && d.name === name).length;
    expect([count('元旦'), count('春节'), count('清明节'), count('劳动节'), count('端午节'), count('中秋节'), count('国庆节')]).toEqual([3, 9, 3, 5, 3, 3, 7]);
  });

  it('every make-up working day falls on a weekend', () => {
    for (const day of HOLIDAY_NOTICE_2026.days.filter((d) => d.kind === 'workday')) expect(['周六', '周日']).toContain(weekdayLabel(day.date));
  });
});
