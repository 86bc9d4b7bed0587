// Settings per training kind (one record for the province, stream `training-kind-settings`): the
// provincial authority changes them, each change an event with its reason. A class is checked
// against the settings of its kind as they stand when the command runs; the command layer loads
// them (`settingsFor`) and passes them in, and the events record the values that were applied.
import { z } from 'zod';
import { REVIEW_LEVELS, type ReviewLevel, type ReviewPolicy } from '../review/review';
import { assertNever, type CommandContext, type Decider, type DomainEvent } from '../shared/decider';
import { ForbiddenError } from '../shared/errors';
import { streamNaming } from '../shared/streams';
import { integerIn, oneOf, parseInput, requiredText } from '../shared/validation';
import { TRAINING_KINDS, type TrainingKind } from './class-details';

/** The settings' stream: one record for the province, `training-kind-settings-province`. */
export const trainingKindSettingsStreams = streamNaming('training-kind-settings');
export const TRAINING_KIND_SETTINGS_STREAM = trainingKindSettingsStreams.streamId('province');

export interface TrainingKindSettings {
  /** A class may be declared no later than this many working days before its start (working-day calendar). */
  declarationLeadWorkingDays: number;
  /** Levels that review the declaration, change requests and the completion, in order. */
  reviewLevels: ReviewLevel[];
  /** One class hour (学时) is this many minutes of timetable. */
  minutesPerClassHour: number;
  /** A participant completes with at least this share of the timetable's minutes attended. */
  minAttendancePercent: number;
  /** A class day on which fewer than this share of the roster attended counts for no one's hours. */
  classDayThresholdPercent: number;
  /** A check-in counts within this many minutes of the session's start, a check-out of its end. */
  checkToleranceMinutes: number;
  /** Completion needs a passed assessment. */
  assessmentRequired: boolean;
  /** Months after completion at which each graduate's situation is recorded (后续跟踪); empty: none. */
  followUpMonths: number[];
  /** A follow-up is overdue this many days after it falls due. */
  followUpGraceDays: number;
}

const COMMON: TrainingKindSettings = {
  declarationLeadWorkingDays: 5,
  reviewLevels: ['county'],
  minutesPerClassHour: 45,
  minAttendancePercent: 80,
  classDayThresholdPercent: 80,
  checkToleranceMinutes: 15,
  assessmentRequired: true,
  followUpMonths: [],
  followUpGraceDays: 30,
};

/**
 * Defaults. Employment-oriented kinds (就业技能培训, 创业培训) follow graduates up at 3 and 6 months;
 * 以工代训 subsidises work itself and has no assessment; teachers' training is organised above the
 * county, so its declaration is reviewed by the prefecture and then the province.
 */
export const DEFAULT_TRAINING_KIND_SETTINGS: Record<TrainingKind, TrainingKindSettings> = {
  employment: { ...COMMON, followUpMonths: [3, 6] },
  upskilling: COMMON,
  apprenticeship: COMMON,
  work_for_training: { ...COMMON, assessmentRequired: false },
  entrepreneurship: { ...COMMON, followUpMonths: [3, 6] },
  teacher_capability: { ...COMMON, reviewLevels: ['city', 'province'] },
};

/** The review policy of a kind: levels above the institution that exist (a city's institution has no county). */
export const reviewPolicyOf = (settings: TrainingKindSettings): ReviewPolicy => ({ levels: settings.reviewLevels, skipMissingLevels: true });

const percent = (label: string) => integerIn(label, 1, 100);
export const kindSettingsSchema = z.object({
  declarationLeadWorkingDays: integerIn('提前申报工作日数', 0, 60),
  reviewLevels: z
    .array(oneOf('审核层级', REVIEW_LEVELS), { error: '审核层级必须是列表' })
    .min(1, { error: '请至少选择一个审核层级' })
    .refine((levels) => new Set(levels).size === levels.length, { error: '审核层级不能重复' })
    .refine((levels) => levels.every((l, i) => i === 0 || REVIEW_LEVELS.indexOf(l) > REVIEW_LEVELS.indexOf(levels[i - 1]!)), { error: '审核层级应按区县、市州、省的顺序' }),
  minutesPerClassHour: integerIn('每学时分钟数', 30, 60),
  minAttendancePercent: percent('结业最低出勤率（%）'),
  classDayThresholdPercent: percent('有效培训日最低到课率（%）'),
  checkToleranceMinutes: integerIn('签到签退容差（分钟）', 0, 60),
  assessmentRequired: z.boolean({ error: '请选择结业是否需要考核合格' }),
  followUpMonths: z
    .array(integerIn('跟踪月数', 1, 24))
    .max(4, { error: '跟踪节点最多4个' })
    .refine((months) => months.every((m, i) => i === 0 || m > months[i - 1]!), { error: '跟踪月数应从小到大且不重复' }),
  followUpGraceDays: integerIn('跟踪宽限天数', 0, 180),
});

export type TrainingKindSettingsChanged = DomainEvent<'TrainingKindSettingsChanged', { kind: TrainingKind; settings: TrainingKindSettings; reason: string }>;
export type TrainingKindSettingsEvent = TrainingKindSettingsChanged;
export const TRAINING_KIND_SETTINGS_EVENT_LABELS: Record<TrainingKindSettingsEvent['type'], string> = { TrainingKindSettingsChanged: '修改培训类型设置' };

export type TrainingKindSettingsState = { changed: Partial<Record<TrainingKind, TrainingKindSettings>> };
export type TrainingKindSettingsCommand = { type: 'ChangeTrainingKindSettings'; kind: TrainingKind; settings: unknown; reason: string };

export const settingsFor = (state: TrainingKindSettingsState, kind: TrainingKind): TrainingKindSettings => state.changed[kind] ?? DEFAULT_TRAINING_KIND_SETTINGS[kind];

const sameSettings = (a: TrainingKindSettings, b: TrainingKindSettings) => JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());

function decide(command: TrainingKindSettingsCommand, state: TrainingKindSettingsState, context: CommandContext): TrainingKindSettingsEvent[] {
  switch (command.type) {
    case 'ChangeTrainingKindSettings': {
      // Only the provincial authority: checked by the command layer (the domain knows no org tree).
      if (!context.actor.orgId) throw new ForbiddenError('只有管理机构可以修改培训类型设置');
      const kind = parseInput(oneOf('培训类型', TRAINING_KINDS), command.kind);
      const settings: TrainingKindSettings = parseInput(kindSettingsSchema, command.settings);
      if (sameSettings(settingsFor(state, kind), settings)) return [];
      const reason = parseInput(requiredText('修改原因', 500, { multiline: true }), command.reason);
      return [{ type: 'TrainingKindSettingsChanged', data: { kind, settings, reason } }];
    }
    default:
      return assertNever(command.type);
  }
}

export const trainingKindSettingsDecider: Decider<TrainingKindSettingsCommand, TrainingKindSettingsEvent, TrainingKindSettingsState> = {
  initialState: () => ({ changed: {} }),
  evolve: (state, event) => ({ changed: { ...state.changed, [event.data.kind]: event.data.settings } }),
  decide,
};
