// The working-day calendar as a record the provincial authority maintains: one stream for the
// province. Each change is an event, so a deadline computed on any day can be recomputed from the
// calendar as it stood then. Who may change it (the provincial authority) is checked by the
// command layer, as the scope of other authority acts is.
import { z } from 'zod';
import { assertNever, type CommandContext, type Decider, type DomainEvent } from '../shared/decider';
import { ForbiddenError, RuleViolationError } from '../shared/errors';
import { calendarDate, oneOf, optionalText, parseInput, requiredText } from '../shared/validation';
import { streamNaming } from '../shared/streams';
import type { HolidayNotice } from './china-holidays';
import { DAY_KINDS, DAY_KIND_LABELS, isWeekend, weekdayLabel, type CalendarDay, type WorkingDayCalendar } from './working-days';

/** The calendar's stream: one record for the province, `working-day-calendar-province`. */
export const calendarStreams = streamNaming('working-day-calendar');
export const PROVINCE_CALENDAR_STREAM = calendarStreams.streamId('province');

export type CalendarDaySet = DomainEvent<'CalendarDaySet', { day: CalendarDay; reason: string }>;
export type CalendarDayCleared = DomainEvent<'CalendarDayCleared', { date: string; reason: string }>;
/** A whole year's arrangement: it replaces every special day of that year. */
export type CalendarNoticeImported = DomainEvent<'CalendarNoticeImported', { year: number; source: string; days: CalendarDay[] }>;
export type CalendarEvent = CalendarDaySet | CalendarDayCleared | CalendarNoticeImported;

export const CALENDAR_EVENT_LABELS: Record<CalendarEvent['type'], string> = {
  CalendarDaySet: '设置节假日/调休日',
  CalendarDayCleared: '取消节假日/调休日',
  CalendarNoticeImported: '导入年度节假日安排',
};

export interface CalendarState {
  days: WorkingDayCalendar;
  /** The notices imported, by year (the latest import of a year wins). */
  notices: { year: number; source: string }[];
}

export type CalendarCommand =
  | { type: 'SetCalendarDay'; day: unknown; reason?: string }
  | { type: 'ClearCalendarDay'; date: string; reason: string }
  | { type: 'ImportHolidayNotice'; notice: HolidayNotice };

const daySchema = z.object({
  date: calendarDate('日期'),
  kind: oneOf('类型', DAY_KINDS),
  name: requiredText('节日名称', 20),
});
const reasonSchema = optionalText('原因', 500, { multiline: true });

export const parseCalendarDay = (input: unknown): CalendarDay => parseInput(daySchema, input);

const sameDay = (a: CalendarDay | undefined, b: CalendarDay) => a !== undefined && a.kind === b.kind && a.name === b.name;

function checkDay(day: CalendarDay) {
  // A make-up working day moves a weekend into the week; on a weekday it would mean nothing, and is a slip.
  if (day.kind === 'workday' && !isWeekend(day.date)) {
    throw new RuleViolationError(`${day.date}（${weekdayLabel(day.date)}）本来就是工作日，不能设为${DAY_KIND_LABELS.workday}日`, 'calendar.workday_on_weekday');
  }
}

function requireActor(context: CommandContext) {
  if (!context.actor.orgId) throw new ForbiddenError('只有管理机构可以维护工作日历');
}

function decide(command: CalendarCommand, state: CalendarState, context: CommandContext): CalendarEvent[] {
  requireActor(context);
  switch (command.type) {
    case 'SetCalendarDay': {
      const day = parseCalendarDay(command.day);
      checkDay(day);
      if (sameDay(state.days[day.date], day)) return [];
      return [{ type: 'CalendarDaySet', data: { day, reason: parseInput(reasonSchema, command.reason ?? '') } }];
    }
    case 'ClearCalendarDay': {
      if (!state.days[command.date]) return [];
      const reason = parseInput(requiredText('取消原因', 500, { multiline: true }), command.reason);
      return [{ type: 'CalendarDayCleared', data: { date: command.date, reason } }];
    }
    case 'ImportHolidayNotice': {
      const { year, source } = command.notice;
      const days = command.notice.days.map(parseCalendarDay);
      const stray = days.find((d) => !d.date.startsWith(`${year}-`));
      if (stray) throw new RuleViolationError(`${year}年的节假日安排中不能包含${stray.date}`, 'calendar.notice_year');
      days.forEach(checkDay);
      const current = Object.values(state.days).filter((d) => d.date.startsWith(`${year}-`));
      const unchanged = current.length === days.length && days.every((d) => sameDay(state.days[d.date], d));
      if (unchanged && state.notices.some((n) => n.year === year && n.source === source)) return [];
      return [{ type: 'CalendarNoticeImported', data: { year, source: parseInput(requiredText('通知名称', 200), source), days } }];
    }
    default:
      return assertNever(command);
  }
}

function evolve(state: CalendarState, event: CalendarEvent): CalendarState {
  switch (event.type) {
    case 'CalendarDaySet':
      return { ...state, days: { ...state.days, [event.data.day.date]: event.data.day } };
    case 'CalendarDayCleared': {
      const { [event.data.date]: _removed, ...days } = state.days;
      return { ...state, days };
    }
    case 'CalendarNoticeImported': {
      const prefix = `${event.data.year}-`;
      const days: Record<string, CalendarDay> = Object.fromEntries(Object.entries(state.days).filter(([date]) => !date.startsWith(prefix)));
      for (const day of event.data.days) days[day.date] = day;
      const notices = [...state.notices.filter((n) => n.year !== event.data.year), { year: event.data.year, source: event.data.source }];
      return { days, notices: notices.sort((a, b) => a.year - b.year) };
    }
    default:
      return assertNever(event);
  }
}

export const calendarDecider: Decider<CalendarCommand, CalendarEvent, CalendarState> = {
  initialState: () => ({ days: {}, notices: [] }),
  evolve,
  decide,
};

/** A calendar holding the given notices (tests, and a start-up check that the shipped years are imported). */
export const calendarOf = (notices: readonly HolidayNotice[]): WorkingDayCalendar =>
  notices.reduce<CalendarState>((state, notice) => evolve(state, { type: 'CalendarNoticeImported', data: { year: notice.year, source: notice.source, days: notice.days } }), calendarDecider.initialState()).days;
