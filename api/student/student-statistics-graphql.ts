// 在校生统计 (requirement 9(11)): students in school within the caller's scope by class type,
// full-time / part-time, 建档立卡, age band, year or school, each group with its label.
import { z } from 'zod';
import { STUDY_MODE_LABELS, type StudyMode } from '../../domain/student/student-input';
import { CLASS_TYPE_LABELS, type ClassType } from '../../domain/technical-school/school-vocabulary';
import { chinaDate } from '../../domain/personal-data/normalize';
import { oneOf, parseInput } from '../../domain/shared/validation';
import { organizationNames } from '../../projections/organization/organization-names';
import { STUDENT_STATISTICS_GROUPS, studentStatistics } from '../../projections/student/student-statistics';
import type { GraphQLContext } from '../graphql/context';

export const studentStatisticsTypeDefs = /* GraphQL */ `
  "在校生统计的一组（在籍与休学分列）"
  type StudentStatisticsGroup {
    key: String!
    label: String!
    inSchool: Int!
    enrolled: Int!
    suspended: Int!
  }
  extend type Query {
    "数据权限范围内的在校生（在籍、休学）统计；groupBy：classType 班级类型 / studyMode 学习形式 / poverty 建档立卡 / age 年龄段 / cohortYear 年级 / school 院校"
    studentStatistics(groupBy: String!): [StudentStatisticsGroup!]!
  }
`;

export const studentStatisticsResolvers = {
  Query: {
    async studentStatistics(_: unknown, args: { groupBy: unknown }, ctx: GraphQLContext) {
      ctx.require('student:read');
      const { groupBy } = parseInput(z.object({ groupBy: oneOf('统计维度', STUDENT_STATISTICS_GROUPS) }), { groupBy: args.groupBy });
      const rows = await studentStatistics(ctx.platform.knex, ctx.scope, groupBy, chinaDate(new Date().toISOString()));
      const schools = groupBy === 'school' ? await organizationNames(ctx.platform.knex, rows.map((r) => r.key)) : new Map<string, string>();
      const label = (key: string) => {
        if (groupBy === 'classType') return CLASS_TYPE_LABELS[key as ClassType] ?? key;
        if (groupBy === 'studyMode') return STUDY_MODE_LABELS[key as StudyMode] ?? key;
        if (groupBy === 'poverty') return key === 'yes' ? '建档立卡贫困户' : '非建档立卡';
        if (groupBy === 'cohortYear') return `${key}级`;
        if (groupBy === 'school') return schools.get(key) ?? key;
        return key;
      };
      return rows.map((r) => ({ key: r.key, label: label(r.key), inSchool: Number(r.in_school), enrolled: Number(r.enrolled), suspended: Number(r.suspended) }));
    },
  },
};
