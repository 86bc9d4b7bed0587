// 技工院校统计 (requirement 9(11)): students in school by class type, full-time / part-time,
// 建档立卡, age band, year, school or major, and aid (免学费, 助学金) by kind, school year or school,
// summed from the counters the school_statistics projection keeps: nothing is counted over the
// students or applications per request. The .xlsx exports run the same queries (statistics-export.ts).
import { z } from 'zod';
import { chinaDate } from '../../domain/personal-data/normalize';
import { integerIn, oneOf, parseInput } from '../../domain/shared/validation';
import {
  AID_STATISTICS_GROUPS,
  aidStatisticsQuery,
  EMPLOYMENT_STATISTICS_GROUPS,
  employmentStatisticsQuery,
  type EmploymentStatisticsRow,
  STUDENT_STATISTICS_GROUPS,
  studentStatisticsQuery,
  type AidStatisticsRow,
  type StudentStatisticsRow,
} from '../../projections/school-statistics/school-statistics-queries';
import type { GraphQLContext, ListContext } from '../graphql/context';
import { groupLabels } from './statistics-labels';

export const schoolStatisticsTypeDefs = /* GraphQL */ `
  "在校生统计的一组（在籍与休学分列）"
  type StudentStatisticsGroup {
    key: String!
    label: String!
    inSchool: Int!
    enrolled: Int!
    suspended: Int!
  }
  "资助统计的一组（金额为分，十进制字符串）"
  type AidStatisticsGroup {
    key: String!
    label: String!
    "组内只有一种资助类型时为该类型"
    kind: String
    approvedCount: Int!
    approvedFen: String!
    pendingCount: Int!
    pendingFen: String!
  }
  "就业统计的一组：毕业生人数、已登记就业情况的人数与各去向人数；就业率 =（单位就业 + 自主创业）/ 毕业生；平均月收入为分（已填月收入者的平均，取整）"
  type EmploymentStatisticsGroup {
    key: String!
    label: String!
    graduates: Int!
    recorded: Int!
    employed: Int!
    selfEmployed: Int!
    furtherStudy: Int!
    seeking: Int!
    "就业率（百分比，保留一位小数）；无毕业生时为空"
    employmentRate: Float
    averagePayFen: String
  }
  extend type Query {
    "数据权限范围内的在校生（在籍、休学）统计；groupBy：classType 班级类型 / studyMode 学习形式 / poverty 建档立卡 / age 年龄段 / cohortYear 年级 / school 院校 / major 专业"
    studentStatistics(groupBy: String!): [StudentStatisticsGroup!]!
    "数据权限范围内的资助统计（已批准与待审批分列）；groupBy：kind 资助类型 / schoolYear 学年 / school 院校"
    aidStatistics(groupBy: String!, kind: String, schoolYear: Int): [AidStatisticsGroup!]!
    "数据权限范围内的毕业生就业统计；groupBy：school 院校 / major 专业 / year 毕业年份"
    employmentStatistics(groupBy: String!, year: Int, schoolId: ID, majorId: ID): [EmploymentStatisticsGroup!]!
  }
`;

const studentFilter = z.object({ groupBy: oneOf('统计维度', STUDENT_STATISTICS_GROUPS) });
const aidFilter = z.object({
  groupBy: oneOf('统计维度', AID_STATISTICS_GROUPS),
  kind: z.string().trim().max(20).optional(),
  schoolYear: z.number({ error: '学年必须是年份' }).int({ error: '学年必须是年份' }).min(2000, { error: '学年必须是年份' }).max(2100, { error: '学年必须是年份' }).optional(),
});
const employmentFilter = z.object({
  groupBy: oneOf('统计维度', EMPLOYMENT_STATISTICS_GROUPS),
  year: integerIn('毕业年份', 2000, 2100).optional(),
  schoolId: z.string().max(100).optional(),
  majorId: z.string().max(100).optional(),
});
export type EmploymentStatisticsFilter = z.output<typeof employmentFilter>;
export const parseEmploymentStatisticsFilter = (raw: unknown) => parseInput(employmentFilter, raw ?? {});
export type StudentStatisticsFilter = z.output<typeof studentFilter>;
export type AidStatisticsFilter = z.output<typeof aidFilter>;
export const parseStudentStatisticsFilter = (raw: unknown) => parseInput(studentFilter, raw ?? {});
export const parseAidStatisticsFilter = (raw: unknown) => parseInput(aidFilter, raw ?? {});

export async function studentStatisticsList(ctx: ListContext, filter: StudentStatisticsFilter) {
  ctx.require('student:read');
  return { ...(await studentStatisticsQuery(ctx.platform.knex, ctx.scope, filter.groupBy, chinaDate(new Date().toISOString()))), orderBy: [] };
}

export async function aidStatisticsList(ctx: ListContext, filter: AidStatisticsFilter) {
  ctx.require('student:read');
  const { groupBy, ...rest } = filter;
  return { ...(await aidStatisticsQuery(ctx.platform.knex, ctx.scope, groupBy, rest)), orderBy: [] };
}

export async function employmentStatisticsList(ctx: ListContext, filter: EmploymentStatisticsFilter) {
  ctx.require('student:read');
  const { groupBy, ...rest } = filter;
  return { ...(await employmentStatisticsQuery(ctx.platform.knex, ctx.scope, groupBy, rest)), orderBy: [] };
}

export async function toEmploymentGroups(ctx: Pick<ListContext, 'platform'>, rows: EmploymentStatisticsRow[]) {
  const label = await groupLabels(ctx.platform.knex, rows[0]?.group_by ?? 'school', rows.map((r) => r.key));
  return rows.map((r) => {
    const graduates = Number(r.graduates);
    const employed = Number(r.employed);
    const selfEmployed = Number(r.self_employed);
    const payCount = Number(r.pay_count);
    return {
      key: r.key,
      label: label(r.key),
      graduates,
      recorded: Number(r.recorded),
      employed,
      selfEmployed,
      furtherStudy: Number(r.further_study),
      seeking: Number(r.seeking),
      // Per mille in integers first, so the one decimal is exact (no float accumulation).
      employmentRate: graduates ? Math.round(((employed + selfEmployed) * 1000) / graduates) / 10 : null,
      averagePayFen: payCount ? (BigInt(r.pay_fen) / BigInt(payCount)).toString() : null,
    };
  });
}

export async function toStudentGroups(ctx: Pick<ListContext, 'platform'>, rows: StudentStatisticsRow[]) {
  const label = await groupLabels(ctx.platform.knex, rows[0]?.group_by ?? 'classType', rows.map((r) => r.key));
  return rows.map((r) => ({ key: r.key, label: label(r.key), inSchool: Number(r.in_school), enrolled: Number(r.enrolled), suspended: Number(r.suspended) }));
}

export async function toAidGroups(ctx: Pick<ListContext, 'platform'>, rows: AidStatisticsRow[]) {
  const label = await groupLabels(ctx.platform.knex, rows[0]?.group_by ?? 'kind', rows.map((r) => r.key));
  return rows.map((r) => ({
    key: r.key,
    label: label(r.key),
    kind: r.kind,
    approvedCount: Number(r.approved_count),
    approvedFen: String(r.approved_fen),
    pendingCount: Number(r.pending_count),
    pendingFen: String(r.pending_fen),
  }));
}

export const schoolStatisticsResolvers = {
  Query: {
    async studentStatistics(_: unknown, args: { groupBy: unknown }, ctx: GraphQLContext) {
      const filter = parseStudentStatisticsFilter({ groupBy: args.groupBy });
      const { query } = await studentStatisticsList(ctx, filter);
      return toStudentGroups(ctx, (await query) as StudentStatisticsRow[]);
    },
    async aidStatistics(_: unknown, args: { groupBy: unknown; kind?: unknown; schoolYear?: unknown }, ctx: GraphQLContext) {
      const filter = parseAidStatisticsFilter({ groupBy: args.groupBy, kind: args.kind ?? undefined, schoolYear: args.schoolYear ?? undefined });
      const { query } = await aidStatisticsList(ctx, filter);
      return toAidGroups(ctx, (await query) as AidStatisticsRow[]);
    },
    async employmentStatistics(_: unknown, args: { groupBy: unknown; year?: unknown; schoolId?: unknown; majorId?: unknown }, ctx: GraphQLContext) {
      const filter = parseEmploymentStatisticsFilter({ groupBy: args.groupBy, year: args.year ?? undefined, schoolId: args.schoolId ?? undefined, majorId: args.majorId ?? undefined });
      const { query } = await employmentStatisticsList(ctx, filter);
      return toEmploymentGroups(ctx, (await query) as EmploymentStatisticsRow[]);
    },
  },
};
