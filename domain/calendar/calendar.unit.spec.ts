import { describe, it } from '@jest/globals';
import { specification, testContext } from '../../testing/decider-specification';
import { ForbiddenError, RuleViolationError, ValidationError } from '../shared/errors';
import { calendarDecider, type CalendarEvent } from './calendar';
import { HOLIDAY_NOTICE_2026 } from './china-holidays';

const given = specification(calendarDecider);
const province = testContext({ id: 'prov-admin', orgId: 'auth-520000' });
const imported: CalendarEvent = { type: 'CalendarNoticeImported', data: { year: 2026, source: HOLIDAY_NOTICE_2026.source, days: HOLIDAY_NOTICE_2026.days } };

describe('working-day calendar', () => {
  describe('when empty', () => {
    it('imports a year\'s notice as one event', () => given([]).when({ type: 'ImportHolidayNotice', notice: HOLIDAY_NOTICE_2026 }, province).then([imported]));

    it('refuses a notice with a day of another year, and a make-up day on a weekday', () => {
      given([]).when({ type: 'ImportHolidayNotice', notice: { ...HOLIDAY_NOTICE_2026, year: 2027 } }, province).thenThrows(RuleViolationError, /2027年的节假日安排中不能包含2026-01-01/);
      given([]).when({ type: 'SetCalendarDay', day: { date: '2026-03-03', kind: 'workday', name: '调休' } }, province).thenThrows(RuleViolationError, /2026-03-03（周二）本来就是工作日/);
    });

    it('refuses a malformed day with the field named', () =>
      given([]).when({ type: 'SetCalendarDay', day: { date: '2026-02-30', kind: 'holiday', name: '' } }, province).thenThrows(ValidationError));

    it('only an authority maintains it', () => given([]).when({ type: 'ImportHolidayNotice', notice: HOLIDAY_NOTICE_2026 }, testContext()).thenThrows(ForbiddenError, /管理机构/));
  });

  describe('when a notice is in force', () => {
    it('importing the same notice again changes nothing', () => given([imported]).when({ type: 'ImportHolidayNotice', notice: HOLIDAY_NOTICE_2026 }, province).thenNothing());

    it('sets one day by hand, with the reason recorded; the same day again is nothing', () => {
      const extra = { date: '2026-12-31', kind: 'holiday' as const, name: '跨年调整' };
      given([imported]).when({ type: 'SetCalendarDay', day: extra, reason: '省政府通知' }, province).then([{ type: 'CalendarDaySet', data: { day: extra, reason: '省政府通知' } }]);
      given([imported]).when({ type: 'SetCalendarDay', day: { date: '2026-10-10', kind: 'workday', name: '国庆节' } }, province).thenNothing();
    });

    it('clears a day with a reason; clearing an ordinary day is nothing', () => {
      given([imported]).when({ type: 'ClearCalendarDay', date: '2026-10-10', reason: '录入错误' }, province).then([{ type: 'CalendarDayCleared', data: { date: '2026-10-10', reason: '录入错误' } }]);
      given([imported]).when({ type: 'ClearCalendarDay', date: '2026-10-10', reason: ' ' }, province).thenThrows(ValidationError);
      given([imported]).when({ type: 'ClearCalendarDay', date: '2026-03-03', reason: '录入错误' }, province).thenNothing();
    });
  });
});
