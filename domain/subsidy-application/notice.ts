// 公示 (issue 14 §2): an approved application's list is published for a period (a province setting:
// 5 working days by default; some cities use 7 calendar days), with names and ID numbers masked on
// the public side. Objections are recorded against the application (or one person on it) and must
// all be resolved before it may be paid; an upheld objection takes the person (or the whole
// application) out, and its amount is given back to the fund.
import { z } from 'zod';
import { addWorkingDays, shiftDays, type WorkingDayCalendar } from '../calendar/working-days';
import type { IsoDate } from '../personal-data/normalize';
import { assertNever, type CommandContext, type Decider, type DomainEvent } from '../shared/decider';
import { ForbiddenError } from '../shared/errors';
import { streamNaming } from '../shared/streams';
import { integerIn, oneOf, parseInput, requiredText } from '../shared/validation';

export const NOTICE_DAY_KINDS = ['working', 'calendar'] as const;
export type NoticeDayKind = (typeof NOTICE_DAY_KINDS)[number];
export const NOTICE_DAY_KIND_LABELS: Record<NoticeDayKind, string> = { working: '个工作日', calendar: '个自然日' };

export type NoticeSettings = { days: number; dayKind: NoticeDayKind };
export const DEFAULT_NOTICE_SETTINGS: NoticeSettings = { days: 5, dayKind: 'working' };
export const noticeSettingsSchema = z.object({ days: integerIn('公示天数', 1, 30), dayKind: oneOf('公示天数的计算方式', NOTICE_DAY_KINDS) });

/** The notice of one application: published on the approval's day, open to objections until the end of `until`. */
export type NoticePeriod = { publishedOn: IsoDate; until: IsoDate; days: number; dayKind: NoticeDayKind };

/** The period a notice published on a day runs (China calendar days; the count starts the day after). */
export function noticePeriod(settings: NoticeSettings, calendar: WorkingDayCalendar, publishedOn: IsoDate): NoticePeriod {
  const until = settings.dayKind === 'working' ? addWorkingDays(calendar, publishedOn, settings.days) : shiftDays(publishedOn, settings.days);
  return { publishedOn, until, days: settings.days, dayKind: settings.dayKind };
}

export const describeNotice = (n: NoticePeriod) => `${n.publishedOn}起公示${n.days}${NOTICE_DAY_KIND_LABELS[n.dayKind]}，至${n.until}`;

/** 张三 -> 张*, 欧阳娜娜 -> 欧***: the public side shows the first character only. */
export const maskName = (name: string) => {
  const chars = [...name];
  return chars.length <= 1 ? '*' : `${chars[0]}${'*'.repeat(chars.length - 1)}`;
};

/** An already masked ID number (520102********0011) as the public side shows it: the first 4 and last 4 only. */
export const maskIdNumberForPublic = (masked: string) => (masked.length < 8 ? '*'.repeat(masked.length) : `${masked.slice(0, 4)}${'*'.repeat(masked.length - 8)}${masked.slice(-4)}`);

export type ObjectionInput = { participantId: string | null; content: string; receivedOn: IsoDate; channel: string };
export const objectionSchema = z.object({
  participantId: z.string().max(64).nullable().default(null),
  content: requiredText('异议内容', 2000, { multiline: true }),
  receivedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: '受理日期格式应为 YYYY-MM-DD' }),
  channel: requiredText('异议来源', 50),
});
export const parseObjection = (input: unknown): ObjectionInput => parseInput(objectionSchema, input);

// ---- The province's notice settings: one stream, each change an event with its reason ----

export const noticeSettingsStreams = streamNaming('subsidy-notice-settings');
export const NOTICE_SETTINGS_STREAM = noticeSettingsStreams.streamId('province');

export type NoticeSettingsState = { settings: NoticeSettings; version: number };
export type SubsidyNoticeSettingsChanged = DomainEvent<'SubsidyNoticeSettingsChanged', { settings: NoticeSettings; version: number; reason: string }>;
export type NoticeSettingsEvent = SubsidyNoticeSettingsChanged;
export type NoticeSettingsCommand = { type: 'ChangeNoticeSettings'; settings: unknown; reason: string; isProvince: boolean };
export const NOTICE_SETTINGS_EVENT_LABELS: Record<NoticeSettingsEvent['type'], string> = { SubsidyNoticeSettingsChanged: '修改补贴公示设置' };

function decideSettings(command: NoticeSettingsCommand, state: NoticeSettingsState, _context: CommandContext): NoticeSettingsEvent[] {
  switch (command.type) {
    case 'ChangeNoticeSettings': {
      if (!command.isProvince) throw new ForbiddenError('只有省级人社部门可以修改补贴公示设置');
      const settings: NoticeSettings = parseInput(noticeSettingsSchema, command.settings);
      if (settings.days === state.settings.days && settings.dayKind === state.settings.dayKind) return [];
      const reason = parseInput(requiredText('修改原因', 500, { multiline: true }), command.reason);
      return [{ type: 'SubsidyNoticeSettingsChanged', data: { settings, version: state.version + 1, reason } }];
    }
    default:
      return assertNever(command.type);
  }
}

export const noticeSettingsDecider: Decider<NoticeSettingsCommand, NoticeSettingsEvent, NoticeSettingsState> = {
  initialState: () => ({ settings: DEFAULT_NOTICE_SETTINGS, version: 0 }),
  evolve: (_state, event) => ({ settings: event.data.settings, version: event.data.version }),
  decide: decideSettings,
};
