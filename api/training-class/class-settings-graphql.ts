// The records the provincial authority keeps for classes, over GraphQL: the settings per training
// kind, the subsidy eligibility policy and the working-day calendar. Anyone who reads classes reads
// them (the rules a class is held to are no secret); only the province changes them, each change
// an event with its reason.
import { z } from 'zod';
import { DAY_KIND_LABELS, daysOfYear } from '../../domain/calendar/working-days';
import { SHIPPED_HOLIDAY_NOTICES } from '../../domain/calendar/china-holidays';
import { REVIEW_LEVEL_LABELS } from '../../domain/review/review';
import { integerIn, parseInput } from '../../domain/shared/validation';
import { TRAINING_KIND_LABELS, TRAINING_KINDS } from '../../domain/training-class/class-details';
import { commandOutcome, type GraphQLContext } from '../graphql/context';

export const classSettingsTypeDefs = /* GraphQL */ `
  "一种培训类型的设置（省级人社部门维护，每次修改留痕）"
  type TrainingKindSettings {
    kind: String!
    kindLabel: String!
    "开班前至少提前申报的工作日数（默认5）"
    declarationLeadWorkingDays: Int!
    "审核层级：county / city / province"
    reviewLevels: [String!]!
    reviewLevelLabels: [String!]!
    "每学时分钟数"
    minutesPerClassHour: Int!
    "结业最低出勤率（%，默认80）"
    minAttendancePercent: Int!
    "有效培训日最低到课率（%，默认80）：低于此比例的一天不计入任何人的学时"
    classDayThresholdPercent: Int!
    "签到签退容差（分钟）"
    checkToleranceMinutes: Int!
    assessmentRequired: Boolean!
    "后续跟踪节点（结业后月数）"
    followUpMonths: [Int!]!
    followUpGraceDays: Int!
  }
  input TrainingKindSettingsInput {
    declarationLeadWorkingDays: Int
    reviewLevels: [String!]
    minutesPerClassHour: Int
    minAttendancePercent: Int
    classDayThresholdPercent: Int
    checkToleranceMinutes: Int
    assessmentRequired: Boolean
    followUpMonths: [Int!]
    followUpGraceDays: Int
  }
  "补贴资格政策（省级人社部门维护，每次修改留痕；version 0 为默认政策）"
  type EligibilityPolicy {
    version: Int!
    "每人累计补贴性培训次数上限（空为不限）"
    maxSubsidisedTotal: Int
    "每人每年补贴性培训次数上限（空为不限）"
    maxSubsidisedPerYear: Int
    "同一职业（工种）同一等级只补贴一次"
    sameSubjectOnce: Boolean!
    "取得高等级后不再补贴低等级"
    noLowerLevelAfterHigher: Boolean!
    "政策依据"
    basis: String!
  }
  input EligibilityPolicyInput {
    maxSubsidisedTotal: Int
    maxSubsidisedPerYear: Int
    sameSubjectOnce: Boolean
    noLowerLevelAfterHigher: Boolean
    basis: String
  }
  "工作日历中的特殊日期（法定节假日、调休上班日）"
  type CalendarDay {
    date: String!
    "holiday 放假 / workday 调休上班"
    kind: String!
    kindLabel: String!
    name: String!
  }
  type WorkingCalendar {
    year: Int!
    days: [CalendarDay!]!
    "已导入的国务院节假日安排通知"
    notices: [String!]!
    "本版本内置、可一键导入的年份"
    shippedYears: [Int!]!
  }
  extend type Query {
    trainingKindSettings: [TrainingKindSettings!]!
    eligibilityPolicy: EligibilityPolicy!
    workingCalendar(year: Int!): WorkingCalendar!
  }
  extend type Mutation {
    changeTrainingKindSettings(kind: String!, settings: TrainingKindSettingsInput!, reason: String!, commandId: ID): CommandResult!
    changeEligibilityPolicy(policy: EligibilityPolicyInput!, reason: String!, commandId: ID): CommandResult!
    "设置一天为放假或调休上班日"
    setCalendarDay(date: String!, kind: String!, name: String!, reason: String, commandId: ID): CommandResult!
    clearCalendarDay(date: String!, reason: String!, commandId: ID): CommandResult!
    "导入本版本内置的某年国务院节假日安排"
    importHolidayNotice(year: Int!, commandId: ID): CommandResult!
  }
`;

const yearSchema = z.object({ year: integerIn('年份', 2000, 2100) });

export const classSettingsResolvers = {
  Query: {
    async trainingKindSettings(_: unknown, __: unknown, ctx: GraphQLContext) {
      ctx.require('training-class:read');
      const all = await ctx.platform.commands.trainingClasses.reference.allSettings();
      return TRAINING_KINDS.map((kind) => ({ kind, kindLabel: TRAINING_KIND_LABELS[kind], ...all[kind], reviewLevelLabels: all[kind].reviewLevels.map((l) => REVIEW_LEVEL_LABELS[l]) }));
    },
    async eligibilityPolicy(_: unknown, __: unknown, ctx: GraphQLContext) {
      ctx.require('training-class:read');
      const { policy, version } = await ctx.platform.commands.trainingClasses.reference.policy();
      return { ...policy, version };
    },
    async workingCalendar(_: unknown, args: { year: number }, ctx: GraphQLContext) {
      ctx.require('training-class:read');
      const { year } = parseInput(yearSchema, args);
      const state = await ctx.platform.commands.trainingClasses.reference.calendarState();
      return {
        year,
        days: daysOfYear(state.days, year).map((d) => ({ ...d, kindLabel: DAY_KIND_LABELS[d.kind] })),
        notices: state.notices.filter((n) => n.year === year).map((n) => n.source),
        shippedYears: SHIPPED_HOLIDAY_NOTICES.map((n) => n.year),
      };
    },
  },
  Mutation: {
    async changeTrainingKindSettings(_: unknown, args: { kind: string; settings: unknown; reason: string; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('training-class:settings');
      return commandOutcome(await ctx.platform.commands.classSettings.changeKindSettings(args.kind, args.settings, args.reason, ctx.request(args.commandId)), args.kind);
    },
    async changeEligibilityPolicy(_: unknown, args: { policy: unknown; reason: string; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('training-class:settings');
      return commandOutcome(await ctx.platform.commands.classSettings.changeEligibilityPolicy(args.policy, args.reason, ctx.request(args.commandId)), 'province');
    },
    async setCalendarDay(_: unknown, args: { date: string; kind: string; name: string; reason?: string; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('training-class:settings');
      return commandOutcome(await ctx.platform.commands.classSettings.setCalendarDay({ date: args.date, kind: args.kind, name: args.name }, args.reason ?? '', ctx.request(args.commandId)), args.date);
    },
    async clearCalendarDay(_: unknown, args: { date: string; reason: string; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('training-class:settings');
      return commandOutcome(await ctx.platform.commands.classSettings.clearCalendarDay(args.date, args.reason, ctx.request(args.commandId)), args.date);
    },
    async importHolidayNotice(_: unknown, args: { year: number; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('training-class:settings');
      const { year } = parseInput(yearSchema, args);
      return commandOutcome(await ctx.platform.commands.classSettings.importShippedHolidays(year, ctx.request(args.commandId)), String(year));
    },
  },
};
