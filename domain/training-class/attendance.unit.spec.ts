import { describe, expect, it } from '@jest/globals';
import { attendanceSummary, completionOutcomes, percentText, presentByCaptures, type AttendanceCapture, type AttendanceMark, type RosterMember } from './attendance';
import { DAYS, timetable } from './spec-fixtures';

const rules = { checkToleranceMinutes: 15, classDayThresholdPercent: 80, minAttendancePercent: 80, assessmentRequired: true };
const member = (participantId: string, name: string, withdrawnOn: string | null = null): RosterMember => ({ participantId, name, joinedOn: '2026-03-10', withdrawnOn });
const roster = ['张三', '李四', '王五', '赵六', '钱七'].map((name, i) => member(`p-${i + 1}`, name));

/** Check-in at the start and check-out at the end (China 09:00 = 01:00Z). */
const attended = (participantId: string, sessionIds = timetable.map((s) => s.sessionId)): AttendanceCapture[] =>
  timetable
    .filter((s) => sessionIds.includes(s.sessionId))
    .flatMap((s) => [
      { participantId, sessionId: s.sessionId, kind: 'check_in' as const, at: s.startsAt },
      { participantId, sessionId: s.sessionId, kind: 'check_out' as const, at: s.endsAt },
    ]);
const onDays = (days: string[]) => timetable.filter((s) => days.includes(s.date)).map((s) => s.sessionId);

describe('attendance rules', () => {
  const session = timetable[0]!; // 2026-03-16 09:00-12:00 China
  it('present when checked in and out within the tolerance of start and end', () => {
    const at = (kind: 'check_in' | 'check_out', iso: string) => ({ kind, at: iso });
    expect(presentByCaptures(session, [at('check_in', '2026-03-16T01:14:00Z'), at('check_out', '2026-03-16T03:46:00Z')], 15)).toBe(true);
    expect(presentByCaptures(session, [at('check_in', '2026-03-16T01:16:00Z'), at('check_out', '2026-03-16T04:00:00Z')], 15)).toBe(false); // 16 min late
    expect(presentByCaptures(session, [at('check_in', '2026-03-16T01:00:00Z')], 15)).toBe(false); // never checked out
  });

  it('a manual mark overrides the captures, the latest mark winning, and keeps its reason', () => {
    const marks: AttendanceMark[] = [
      { participantId: 'p-1', sessionId: session.sessionId, present: false, reason: '代签', teacherId: 't-1', markedAt: '2026-03-16T04:10:00Z' },
      { participantId: 'p-2', sessionId: session.sessionId, present: true, reason: '人脸识别设备故障，教师现场点名', teacherId: 't-1', markedAt: '2026-03-16T04:10:00Z' },
    ];
    const summary = attendanceSummary({ sessions: [session], roster: roster.slice(0, 2), captures: attended('p-1', [session.sessionId]), marks, rules });
    expect(summary.participants.map((p) => p.sessions[session.sessionId])).toEqual([
      { present: false, source: 'manual', reason: '代签' },
      { present: true, source: 'manual', reason: '人脸识别设备故障，教师现场点名' },
    ]);
  });

  it('a day on which fewer than 80% of the roster attended counts for no one\'s hours', () => {
    // 16th: only 3 of 5 came (60%): void. Every other day all 5 came.
    const captures = [
      ...['p-1', 'p-2', 'p-3'].flatMap((p) => attended(p)),
      ...['p-4', 'p-5'].flatMap((p) => attended(p, onDays(DAYS.slice(1)))),
    ];
    const summary = attendanceSummary({ sessions: timetable, roster, captures, marks: [], rules });
    expect(summary.days[0]).toEqual({ date: '2026-03-16', rosterSize: 5, attended: 3, counts: false });
    expect(summary.days.slice(1).every((d) => d.counts)).toBe(true);
    // Those who came on the 16th get no hours for it: 4 of 5 days, 80%.
    expect(summary.participants[0]).toMatchObject({ attendedMinutes: 1800, creditedMinutes: 1440, scheduledMinutes: 1800, ratePermille: 800 });
    expect(summary.participants[3]).toMatchObject({ attendedMinutes: 1440, creditedMinutes: 1440, ratePermille: 800 });
  });

  it('exactly 80% of the roster makes a day count; withdrawn people leave the day\'s roster', () => {
    const four = ['p-1', 'p-2', 'p-3', 'p-4'].flatMap((p) => attended(p));
    expect(attendanceSummary({ sessions: timetable, roster, captures: four, marks: [], rules }).days.every((d) => d.counts)).toBe(true);
    const three = ['p-1', 'p-2', 'p-3'].flatMap((p) => attended(p));
    const withdrawn = [...roster.slice(0, 3), member('p-4', '赵六', '2026-03-16'), member('p-5', '钱七', '2026-03-16')];
    expect(attendanceSummary({ sessions: timetable, roster: withdrawn, captures: three, marks: [], rules }).days[0]).toEqual({ date: '2026-03-16', rosterSize: 3, attended: 3, counts: true });
  });

  it('completion: rate at least 80%, assessment passed where required, not withdrawn; the reasons otherwise', () => {
    const captures = [
      ...['p-1', 'p-2', 'p-3', 'p-4'].flatMap((p) => attended(p)),
      ...attended('p-5', onDays(DAYS.slice(0, 3)).concat(timetable.filter((s) => s.date === '2026-03-19' && s.start === '09:00').map((s) => s.sessionId))),
    ];
    const members = [...roster.slice(0, 3), member('p-4', '赵六', '2026-03-20'), roster[4]!];
    const summary = attendanceSummary({ sessions: timetable, roster: members, captures, marks: [], rules });
    const passed = new Map([['p-1', true], ['p-2', false], ['p-4', true], ['p-5', true]]);
    const outcomes = completionOutcomes(summary, members, passed, rules);
    expect(outcomes.map((o) => [o.name, o.completed, o.reasons])).toEqual([
      ['张三', true, []],
      ['李四', false, ['考核不合格']],
      ['王五', false, ['未录入考核结果']],
      ['赵六', false, ['已于2026-03-20退学']],
      ['钱七', false, ['出勤率70%，低于结业要求的80%']],
    ]);
    expect(completionOutcomes(summary, members, passed, { ...rules, assessmentRequired: false }).filter((o) => o.completed).map((o) => o.name)).toEqual(['张三', '李四', '王五']);
  });

  it('writes rates from thousandths', () => expect([percentText(800), percentText(725), percentText(1000)]).toEqual(['80%', '72.5%', '100%']));
});
