// 课程表: the sessions of a class. Times are written as a person reads them, a date and a time of
// day in China (Asia/Shanghai, UTC+8 all year); each session also carries its UTC instants, which
// events keep and check-in captures are compared with. A session is named by its start
// (`2026-03-02T09:00`): sessions of one class never overlap, so the name is unique and stays the
// same when the rest of the timetable changes (attendance marks keep pointing at the right session).
import { z } from 'zod';
import type { IsoDate } from '../personal-data/normalize';
import { ValidationError, RuleViolationError, type FieldError } from '../shared/errors';
import { calendarDate, oneOf, parseInput, requiredText } from '../shared/validation';
import { SESSION_MODES, type ClassDetails, type SessionMode } from './class-details';

/** Time of day `HH:MM`, 24-hour clock. */
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const timeOfDay = (label: string) => z.string({ error: `${label}不能为空` }).regex(TIME, { error: `${label}格式应为 HH:MM（24小时制，如 09:00）` });

export const sessionInputSchema = z
  .object({
    date: calendarDate('上课日期'),
    start: timeOfDay('开始时间'),
    end: timeOfDay('结束时间'),
    subject: requiredText('课程内容', 100),
    mode: oneOf('授课方式', SESSION_MODES),
    teacherId: requiredText('授课教师', 64),
    venue: requiredText('上课地点', 200),
  })
  .superRefine((v, ctx) => {
    // Refinements run even after a field failed: compare only well-formed times.
    if (TIME.test(v.start) && TIME.test(v.end) && v.end <= v.start) ctx.addIssue({ code: 'custom', path: ['end'], message: `结束时间（${v.end}）应晚于开始时间（${v.start}）` });
  });
export type SessionInput = z.output<typeof sessionInputSchema>;

export interface Session extends SessionInput {
  sessionId: string;
  /** UTC instants of the start and end. */
  startsAt: string;
  endsAt: string;
  minutes: number;
}

/** Something else a person does at a time, in China time: another class's session. */
export interface BusyInterval {
  date: IsoDate;
  start: string;
  end: string;
  /** What occupies the person then, as the message names it, e.g. the other class's name. */
  label: string;
}

const toMinutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
/** The UTC instant of a China date and time of day. */
export const chinaInstant = (date: IsoDate, time: string): string => new Date(Date.parse(`${date}T${time}:00+08:00`)).toISOString();
export const sessionIdOf = (s: Pick<SessionInput, 'date' | 'start'>) => `${s.date}T${s.start}`;
export const describeTime = (s: Pick<SessionInput, 'date' | 'start' | 'end'>) => `${s.date} ${s.start}-${s.end}`;

const overlap = (a: Pick<BusyInterval, 'date' | 'start' | 'end'>, b: Pick<BusyInterval, 'date' | 'start' | 'end'>) =>
  a.date === b.date && toMinutes(a.start) < toMinutes(b.end) && toMinutes(b.start) < toMinutes(a.end);

export function toSession(input: SessionInput): Session {
  return { ...input, sessionId: sessionIdOf(input), startsAt: chinaInstant(input.date, input.start), endsAt: chinaInstant(input.date, input.end), minutes: toMinutes(input.end) - toMinutes(input.start) };
}

/** The sessions, in time order; overlapping sessions of the one class are refused, each named by its row. */
export const timetableSchema = z
  .array(sessionInputSchema, { error: '课程表必须是列表' })
  .min(1, { error: '课程表至少需要一节课' })
  .max(2000, { error: '课程表最多2000节课' })
  .superRefine((sessions, ctx) => {
    sessions.forEach((s, i) => {
      const earlier = sessions.findIndex((o, j) => j < i && overlap(o, s));
      if (earlier >= 0) {
        ctx.addIssue({ code: 'custom', path: [i, 'start'], message: `第${i + 1}节课（${describeTime(s)}）与第${earlier + 1}节课（${describeTime(sessions[earlier]!)}）时间重叠，同一班级的课程不能重叠` });
      }
    });
  })
  .transform((sessions) => sessions.map(toSession).sort((a, b) => a.startsAt.localeCompare(b.startsAt)));

/** Parses the timetable form's sessions; fields are named `sessions.<row>.<field>`. */
export const parseTimetable = (sessions: unknown): Session[] => parseInput(z.object({ sessions: timetableSchema }), { sessions }).sessions;

/** Every session lies within the class's planned dates (field names as the timetable form sends them). */
export function checkWithinDates(sessions: readonly Session[], details: Pick<ClassDetails, 'plannedStart' | 'plannedEnd'>, field = 'sessions'): void {
  const fields: FieldError[] = sessions
    .map((s, i) => ({ s, i }))
    .filter(({ s }) => s.date < details.plannedStart || s.date > details.plannedEnd)
    .map(({ s, i }) => ({ field: `${field}.${i}.date`, message: `课程日期${s.date}不在培训期间（${details.plannedStart}至${details.plannedEnd}）内` }));
  if (fields.length) throw new ValidationError(fields, '课程表中有课程不在培训期间内');
}

/** The first session of `sessions` that overlaps one of the person's busy intervals elsewhere. */
export function firstConflict(sessions: readonly Session[], busy: readonly BusyInterval[]): { session: Session; busy: BusyInterval } | undefined {
  for (const session of sessions) {
    const hit = busy.find((b) => overlap(session, b));
    if (hit) return { session, busy: hit };
  }
  return undefined;
}

/** A teacher teaches in one place at a time, anywhere in the province. */
export function assertTeacherFree(teacher: { teacherId: string; name: string }, sessions: readonly Session[], busy: readonly BusyInterval[]): void {
  const conflict = firstConflict(sessions.filter((s) => s.teacherId === teacher.teacherId), busy);
  if (conflict) {
    throw new RuleViolationError(
      `授课教师${teacher.name}在${describeTime(conflict.busy)}已有“${conflict.busy.label}”的课程，与本班${describeTime(conflict.session)}的课程时间重叠；同一教师不能同时在两个课堂授课`,
      'training_class.teacher_busy',
    );
  }
}

/** A participant sits in one class at a time: no session of this class may overlap their other classes' sessions. */
export function assertParticipantFree(person: { name: string }, sessions: readonly Session[], busy: readonly BusyInterval[]): void {
  const conflict = firstConflict(sessions, busy);
  if (conflict) {
    throw new RuleViolationError(
      `${person.name}已报名的“${conflict.busy.label}”在${describeTime(conflict.busy)}有课，与本班${describeTime(conflict.session)}的课程时间重叠；同一人不能同时参加上课时间重叠的两个班级`,
      'training_class.participant_busy',
    );
  }
}

export interface TimetableTotals {
  minutes: number;
  theoryMinutes: number;
  practiceMinutes: number;
  /** Whole class hours (学时) the timetable gives. */
  classHours: number;
  /** Share of theory in the timetable's minutes, whole percent (rounded down). */
  theoryPercent: number;
}

export function timetableTotals(sessions: readonly Session[], minutesPerClassHour: number): TimetableTotals {
  const sum = (mode?: SessionMode) => sessions.filter((s) => !mode || s.mode === mode).reduce((total, s) => total + s.minutes, 0);
  const minutes = sum();
  return {
    minutes,
    theoryMinutes: sum('theory'),
    practiceMinutes: sum('practice'),
    classHours: Math.floor(minutes / minutesPerClassHour),
    theoryPercent: minutes ? Math.floor((sum('theory') * 100) / minutes) : 0,
  };
}

/** Sessions changed between two timetables (by name, then content): a started session must stay as it was. */
export function sameSession(a: Session, b: Session): boolean {
  return a.sessionId === b.sessionId && a.end === b.end && a.subject === b.subject && a.mode === b.mode && a.teacherId === b.teacherId && a.venue === b.venue;
}
