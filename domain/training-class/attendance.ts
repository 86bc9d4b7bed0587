// 出勤: who attended which session, which class days count, each participant's attendance rate, and
// who completes. Pure rules over recorded facts, so an auditor recomputes any completion from the
// captures and marks it was computed from.
// - A participant is present at a session when checked in within the tolerance around its start and
//   checked out within the tolerance around its end (captures, UTC instants, from the capture module).
// - A teacher's manual mark (标记出勤, with a reason) overrides the captures of that session: the
//   audited correction, and until capture exists, the way attendance is recorded at all.
// - Class-day rule: on a day when fewer than the threshold share of that day's roster attended (at
//   least one session), the day counts for no one's hours; its minutes stay in everyone's total.
// - Rate = minutes credited / minutes of the whole timetable. Completion = rate at least the kind's
//   minimum, not withdrawn, and a passed assessment where the kind requires one.
import type { IsoDate } from '../personal-data/normalize';
import type { TrainingKindSettings } from './class-settings';
import type { Session } from './timetable';

export type CaptureKind = 'check_in' | 'check_out';
/** One check-in or check-out fact of the capture module. */
export interface AttendanceCapture {
  participantId: string;
  sessionId: string;
  kind: CaptureKind;
  /** UTC instant. */
  at: string;
}

/** A teacher's mark of one participant at one session; the latest mark of a pair wins. */
export interface AttendanceMark {
  participantId: string;
  sessionId: string;
  present: boolean;
  reason: string;
  teacherId: string;
  markedAt: string;
}

export interface RosterMember {
  participantId: string;
  name: string;
  /** On the roster from this day (enrolment before the class, or the approval of a change adding them). */
  joinedOn: IsoDate;
  /** Withdrawn (退学) on this day: on that day's roster no more. */
  withdrawnOn: IsoDate | null;
}

export type AttendanceRules = Pick<TrainingKindSettings, 'checkToleranceMinutes' | 'minAttendancePercent' | 'classDayThresholdPercent' | 'assessmentRequired'>;

export type PresenceSource = 'capture' | 'manual' | 'none';
export interface Presence {
  present: boolean;
  source: PresenceSource;
  /** The teacher's reason, for a manual mark. */
  reason?: string;
}

export interface ClassDayVerdict {
  date: IsoDate;
  rosterSize: number;
  attended: number;
  /** False: fewer than the threshold attended, and the day counts for no one. */
  counts: boolean;
}

export interface ParticipantAttendance {
  participantId: string;
  sessions: Record<string, Presence>;
  /** Minutes of the whole timetable. */
  scheduledMinutes: number;
  /** Minutes of sessions present at. */
  attendedMinutes: number;
  /** Minutes present at on days that count. */
  creditedMinutes: number;
  /** creditedMinutes / scheduledMinutes in thousandths, rounded down (integers only: no float compares). */
  ratePermille: number;
}

export interface AttendanceSummary {
  days: ClassDayVerdict[];
  participants: ParticipantAttendance[];
}

/** Checked in within the tolerance of the start and out within the tolerance of the end. */
export function presentByCaptures(session: Pick<Session, 'startsAt' | 'endsAt'>, captures: readonly Pick<AttendanceCapture, 'kind' | 'at'>[], toleranceMinutes: number): boolean {
  const tolerance = toleranceMinutes * 60_000;
  const near = (instant: string, target: string) => Math.abs(Date.parse(instant) - Date.parse(target)) <= tolerance;
  return captures.some((c) => c.kind === 'check_in' && near(c.at, session.startsAt)) && captures.some((c) => c.kind === 'check_out' && near(c.at, session.endsAt));
}

const key = (participantId: string, sessionId: string) => `${participantId}\u0000${sessionId}`;

export function attendanceSummary(input: {
  sessions: readonly Session[];
  roster: readonly RosterMember[];
  captures: readonly AttendanceCapture[];
  marks: readonly AttendanceMark[];
  rules: Pick<AttendanceRules, 'checkToleranceMinutes' | 'classDayThresholdPercent'>;
}): AttendanceSummary {
  const { sessions, roster, rules } = input;
  const captures = new Map<string, AttendanceCapture[]>();
  for (const c of input.captures) captures.set(key(c.participantId, c.sessionId), [...(captures.get(key(c.participantId, c.sessionId)) ?? []), c]);
  const marks = new Map<string, AttendanceMark>();
  for (const m of input.marks) marks.set(key(m.participantId, m.sessionId), m);

  const presence = (participantId: string, session: Session): Presence => {
    const mark = marks.get(key(participantId, session.sessionId));
    if (mark) return { present: mark.present, source: 'manual', reason: mark.reason };
    const own = captures.get(key(participantId, session.sessionId)) ?? [];
    if (presentByCaptures(session, own, rules.checkToleranceMinutes)) return { present: true, source: 'capture' };
    return { present: false, source: own.length ? 'capture' : 'none' };
  };
  const grid = new Map(roster.map((m) => [m.participantId, new Map(sessions.map((s) => [s.sessionId, presence(m.participantId, s)]))]));
  const isPresent = (participantId: string, sessionId: string) => grid.get(participantId)?.get(sessionId)?.present === true;

  const dates = [...new Set(sessions.map((s) => s.date))].sort();
  const days: ClassDayVerdict[] = dates.map((date) => {
    const ofDay = sessions.filter((s) => s.date === date);
    const onRoster = roster.filter((m) => m.joinedOn <= date && (m.withdrawnOn === null || m.withdrawnOn > date));
    const attended = onRoster.filter((m) => ofDay.some((s) => isPresent(m.participantId, s.sessionId))).length;
    return { date, rosterSize: onRoster.length, attended, counts: attended * 100 >= rules.classDayThresholdPercent * onRoster.length };
  });
  const counting = new Set(days.filter((d) => d.counts).map((d) => d.date));

  const scheduledMinutes = sessions.reduce((sum, s) => sum + s.minutes, 0);
  const participants = roster.map((m): ParticipantAttendance => {
    const present = sessions.filter((s) => isPresent(m.participantId, s.sessionId));
    const creditedMinutes = present.filter((s) => counting.has(s.date)).reduce((sum, s) => sum + s.minutes, 0);
    return {
      participantId: m.participantId,
      sessions: Object.fromEntries(grid.get(m.participantId)!),
      scheduledMinutes,
      attendedMinutes: present.reduce((sum, s) => sum + s.minutes, 0),
      creditedMinutes,
      ratePermille: scheduledMinutes ? Math.floor((creditedMinutes * 1000) / scheduledMinutes) : 0,
    };
  });
  return { days, participants };
}

/** 72.5% from 725‰. */
export const percentText = (permille: number) => `${Math.floor(permille / 10)}${permille % 10 ? `.${permille % 10}` : ''}%`;

export interface ParticipantOutcome {
  participantId: string;
  name: string;
  ratePermille: number;
  creditedMinutes: number;
  scheduledMinutes: number;
  /** null: no result recorded. */
  assessmentPassed: boolean | null;
  completed: boolean;
  /** Why not completed, in Chinese; empty when completed. */
  reasons: string[];
}

/** Who completes and why not, from the attendance summary and the assessment results. */
export function completionOutcomes(
  summary: AttendanceSummary,
  roster: readonly RosterMember[],
  assessments: ReadonlyMap<string, boolean>,
  rules: Pick<AttendanceRules, 'minAttendancePercent' | 'assessmentRequired'>,
): ParticipantOutcome[] {
  return roster.map((m) => {
    const attendance = summary.participants.find((p) => p.participantId === m.participantId)!;
    const passed = assessments.get(m.participantId) ?? null;
    const reasons: string[] = [];
    if (m.withdrawnOn !== null) reasons.push(`已于${m.withdrawnOn}退学`);
    if (attendance.ratePermille < rules.minAttendancePercent * 10) reasons.push(`出勤率${percentText(attendance.ratePermille)}，低于结业要求的${rules.minAttendancePercent}%`);
    if (rules.assessmentRequired && passed === null) reasons.push('未录入考核结果');
    if (rules.assessmentRequired && passed === false) reasons.push('考核不合格');
    return {
      participantId: m.participantId,
      name: m.name,
      ratePermille: attendance.ratePermille,
      creditedMinutes: attendance.creditedMinutes,
      scheduledMinutes: attendance.scheduledMinutes,
      assessmentPassed: passed,
      completed: reasons.length === 0,
      reasons,
    };
  });
}
