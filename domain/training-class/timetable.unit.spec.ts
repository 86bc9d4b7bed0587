import { describe, expect, it } from '@jest/globals';
import { RuleViolationError, ValidationError } from '../shared/errors';
import { details, sessionInput, timetable } from './spec-fixtures';
import { assertParticipantFree, assertTeacherFree, checkWithinDates, parseTimetable, timetableTotals } from './timetable';

describe('timetable', () => {
  it('names each session by its start and keeps its UTC instants (China is UTC+8)', () => {
    const [first] = parseTimetable([sessionInput('2026-03-16', '09:00', '12:00', 't-1')]);
    expect(first).toMatchObject({ sessionId: '2026-03-16T09:00', startsAt: '2026-03-16T01:00:00.000Z', endsAt: '2026-03-16T04:00:00.000Z', minutes: 180 });
  });

  it('sorts sessions by time; sessions that only touch do not overlap', () => {
    const sessions = parseTimetable([sessionInput('2026-03-16', '14:00', '17:00', 't-2'), sessionInput('2026-03-16', '09:00', '14:00', 't-1')]);
    expect(sessions.map((s) => s.sessionId)).toEqual(['2026-03-16T09:00', '2026-03-16T14:00']);
  });

  it('refuses overlapping sessions of the class, naming both', () => {
    const error = (() => {
      try {
        parseTimetable([sessionInput('2026-03-16', '09:00', '12:00', 't-1'), sessionInput('2026-03-16', '11:00', '13:00', 't-2')]);
      } catch (e) {
        return e as ValidationError;
      }
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect(error!.fields).toEqual([{ field: 'sessions.1.start', message: '第2节课（2026-03-16 11:00-13:00）与第1节课（2026-03-16 09:00-12:00）时间重叠，同一班级的课程不能重叠' }]);
  });

  it('refuses an end before the start and a malformed time', () => {
    expect(() => parseTimetable([sessionInput('2026-03-16', '12:00', '09:00', 't-1')])).toThrow(ValidationError);
    try {
      parseTimetable([{ ...sessionInput('2026-03-16', '9点', '12:00', 't-1') }]);
    } catch (e) {
      expect((e as ValidationError).fields).toEqual([{ field: 'sessions.0.start', message: '开始时间格式应为 HH:MM（24小时制，如 09:00）' }]);
    }
  });

  it('every session lies within the class dates', () => {
    const outside = parseTimetable([sessionInput('2026-03-21', '09:00', '12:00', 't-1')]);
    try {
      checkWithinDates(outside, details);
      throw new Error('accepted');
    } catch (e) {
      expect((e as ValidationError).fields).toEqual([{ field: 'sessions.0.date', message: '课程日期2026-03-21不在培训期间（2026-03-16至2026-03-20）内' }]);
    }
  });

  it('a teacher cannot teach two overlapping sessions anywhere in the province', () => {
    const busy = [{ date: '2026-03-17', start: '11:30', end: '12:30', label: '花溪区电工班' }];
    expect(() => assertTeacherFree({ teacherId: 't-1', name: '李芳' }, timetable, busy)).toThrow(
      new RuleViolationError('授课教师李芳在2026-03-17 11:30-12:30已有“花溪区电工班”的课程，与本班2026-03-17 09:00-12:00的课程时间重叠；同一教师不能同时在两个课堂授课'),
    );
    // 王强 teaches only afternoons here: the morning elsewhere is no conflict.
    expect(() => assertTeacherFree({ teacherId: 't-2', name: '王强' }, timetable, busy)).not.toThrow();
  });

  it('a trainee cannot be in two classes whose sessions overlap', () => {
    const busy = [{ date: '2026-03-20', start: '16:00', end: '18:00', label: '云岩区育婴员班' }];
    expect(() => assertParticipantFree({ name: '张三' }, timetable, busy)).toThrow(/张三已报名的“云岩区育婴员班”在2026-03-20 16:00-18:00有课，与本班2026-03-20 14:00-17:00的课程时间重叠/);
    expect(() => assertParticipantFree({ name: '张三' }, timetable, [{ date: '2026-03-20', start: '17:00', end: '18:00', label: '夜班' }])).not.toThrow();
  });

  it('totals minutes by theory and practice, and class hours of the kind\'s length', () =>
    expect(timetableTotals(timetable, 45)).toEqual({ minutes: 1800, theoryMinutes: 900, practiceMinutes: 900, classHours: 40, theoryPercent: 50 }));
});
