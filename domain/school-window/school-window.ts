// 时间限制管理 (requirement 9(2)): an authority opens the periods in which the technical schools
// under it may register new students, apply for tuition waivers and apply for grants, and may close
// a period early. One record per authority (`school-window-<authorityId>`), one window per kind.
// Which window binds a school: the nearest authority above it that has set one of that kind (its
// prefecture's window, else the province's), so a prefecture can set its own dates and the
// province's apply everywhere else. Dates are days in China time, both ends included.
import { z } from 'zod';
import { chinaDate } from '../personal-data/normalize';
import { assertNever, type CommandContext, type Decider, type DomainEvent } from '../shared/decider';
import { ForbiddenError, RuleViolationError, ValidationError } from '../shared/errors';
import { streamNaming } from '../shared/streams';
import { calendarDate, oneOf, optionalText, parseInput } from '../shared/validation';

export const schoolWindowStreams = streamNaming('school-window');

export const WINDOW_KINDS = ['registration', 'waiver', 'grant'] as const;
export type WindowKind = (typeof WINDOW_KINDS)[number];
export const WINDOW_KIND_LABELS: Record<WindowKind, string> = { registration: '学籍注册', waiver: '免学费申报', grant: '助学金申报' };

/** Longest period one opening may cover: a school year. */
export const MAX_WINDOW_DAYS = 366;

export const windowInputSchema = z.object({
  kind: oneOf('时间限制类型', WINDOW_KINDS),
  from: calendarDate('开始日期'),
  to: calendarDate('结束日期'),
  note: optionalText('说明', 200, { multiline: true }),
});
export type WindowInput = z.output<typeof windowInputSchema>;
export const parseWindowInput = (input: unknown): WindowInput => parseInput(windowInputSchema, input);

export interface Window {
  from: string;
  to: string;
  note: string;
  /** The day it was closed early (null while it runs its course). */
  closedOn: string | null;
}

export type SchoolWindowOpened = DomainEvent<'SchoolWindowOpened', { authorityId: string; kind: WindowKind; from: string; to: string; note: string }>;
export type SchoolWindowClosed = DomainEvent<'SchoolWindowClosed', { authorityId: string; kind: WindowKind; closedOn: string; reason: string }>;
export type SchoolWindowEvent = SchoolWindowOpened | SchoolWindowClosed;

export type SchoolWindowState = { status: 'none' } | { status: 'set'; authorityId: string; windows: Partial<Record<WindowKind, Window>> };

export type SchoolWindowCommand =
  | { type: 'OpenSchoolWindow'; authorityId: string; window: WindowInput }
  | { type: 'CloseSchoolWindow'; authorityId: string; kind: WindowKind; reason: string };

const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

function requireOwnAuthority(authorityId: string, context: CommandContext) {
  if (context.actor.orgId !== authorityId) throw new ForbiddenError('只能设置本部门的时间限制');
}

function decide(command: SchoolWindowCommand, state: SchoolWindowState, context: CommandContext): SchoolWindowEvent[] {
  requireOwnAuthority(command.authorityId, context);
  const today = chinaDate(context.now);
  switch (command.type) {
    case 'OpenSchoolWindow': {
      const { kind, from, to, note } = command.window;
      if (to < from) throw new ValidationError([{ field: 'to', message: '结束日期不能早于开始日期' }]);
      if (to < today) throw new ValidationError([{ field: 'to', message: `结束日期（${to}）已过，不能开放已经结束的时间段` }]);
      if (daysBetween(from, to) + 1 > MAX_WINDOW_DAYS) throw new ValidationError([{ field: 'to', message: `一次开放的时间段不能超过${MAX_WINDOW_DAYS}天` }]);
      const current = state.status === 'set' ? state.windows[kind] : undefined;
      if (current && !current.closedOn && current.from === from && current.to === to && current.note === note) return [];
      return [{ type: 'SchoolWindowOpened', data: { authorityId: command.authorityId, kind, from, to, note } }];
    }
    case 'CloseSchoolWindow': {
      const current = state.status === 'set' ? state.windows[command.kind] : undefined;
      const label = WINDOW_KIND_LABELS[command.kind];
      if (!current) throw new RuleViolationError(`本部门尚未设置${label}时间`, 'school_window.not_set');
      if (current.closedOn) return [];
      if (current.to < today) throw new RuleViolationError(`${label}时间（${current.from} 至 ${current.to}）已经结束，无需关闭`, 'school_window.over');
      return [{ type: 'SchoolWindowClosed', data: { authorityId: command.authorityId, kind: command.kind, closedOn: today, reason: command.reason.trim().slice(0, 200) } }];
    }
    default:
      return assertNever(command);
  }
}

function evolve(state: SchoolWindowState, event: SchoolWindowEvent): SchoolWindowState {
  const windows = state.status === 'set' ? state.windows : {};
  switch (event.type) {
    case 'SchoolWindowOpened': {
      const { kind, from, to, note } = event.data;
      return { status: 'set', authorityId: event.data.authorityId, windows: { ...windows, [kind]: { from, to, note, closedOn: null } } };
    }
    case 'SchoolWindowClosed': {
      const current = windows[event.data.kind];
      if (!current) return state;
      return { status: 'set', authorityId: event.data.authorityId, windows: { ...windows, [event.data.kind]: { ...current, closedOn: event.data.closedOn } } };
    }
    default:
      return assertNever(event);
  }
}

export const schoolWindowDecider: Decider<SchoolWindowCommand, SchoolWindowEvent, SchoolWindowState> = {
  initialState: () => ({ status: 'none' }),
  evolve,
  decide,
};

/** The window set by one of a school's authorities, nearest first (what commands hand the deciders). */
export interface AuthorityWindows {
  authorityId: string;
  authorityName: string;
  windows: Partial<Record<WindowKind, Window>>;
}

export type WindowVerdict = { open: true; window: Window & { authorityName: string } } | { open: false; window: (Window & { authorityName: string }) | null; message: string };

/** The window that binds a school for a kind: the nearest authority's that has set one. */
export function bindingWindow(kind: WindowKind, nearestFirst: readonly AuthorityWindows[]): (Window & { authorityName: string }) | null {
  for (const authority of nearestFirst) {
    const window = authority.windows[kind];
    if (window) return { ...window, authorityName: authority.authorityName };
  }
  return null;
}

/** Whether a school may act (register, apply) of `kind` on `today`, and if not, why, with the window's dates. */
export function windowVerdict(kind: WindowKind, nearestFirst: readonly AuthorityWindows[], today: string): WindowVerdict {
  const label = WINDOW_KIND_LABELS[kind];
  const window = bindingWindow(kind, nearestFirst);
  if (!window) return { open: false, window: null, message: `主管部门尚未开放${label}时间，当前不能办理${label}` };
  const dates = `${window.from} 至 ${window.to}`;
  if (window.closedOn) return { open: false, window, message: `${label}时间（${dates}）已由${window.authorityName}于${window.closedOn}关闭，当前不能办理${label}` };
  if (today < window.from) return { open: false, window, message: `${label}时间为 ${dates}，尚未开始，当前不能办理${label}` };
  if (today > window.to) return { open: false, window, message: `${label}时间为 ${dates}，已经结束，当前不能办理${label}` };
  return { open: true, window };
}

/** Refuses the action outside the window, naming the window's dates (a rule of the domain, not of the caller). */
export function requireWindowOpen(kind: WindowKind, nearestFirst: readonly AuthorityWindows[], context: CommandContext): void {
  const verdict = windowVerdict(kind, nearestFirst, chinaDate(context.now));
  if (!verdict.open) throw new RuleViolationError(verdict.message, 'school_window.closed');
}
