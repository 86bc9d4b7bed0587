// 院校教师 (requirement 9(5)): a school's teachers (在职 / 退休), added, changed and removed by the
// school (removal is an event), queried and counted by major, field and title. ID number and phone
// are shown masked; the full value only through the audited 查看 (revealPersonalData).
import { z } from 'zod';
import { SEX_LABELS, type Sex } from '../../domain/personal-data/id-number';
import { chinaDate } from '../../domain/personal-data/normalize';
import { TEACHER_EMPLOYMENT_LABELS, parseSchoolTeacherEdit, parseSchoolTeacherInput, type TeacherEmployment } from '../../domain/school-teacher/school-teacher-input';
import { EDUCATION_LABELS, SCHOOL_FIELD_LABELS, TEACHER_TITLE_LABELS, type EducationLevel, type SchoolField, type TeacherTitle } from '../../domain/technical-school/school-vocabulary';
import { oneOf, optionalText, parseInput } from '../../domain/shared/validation';
import { majorRows } from '../../projections/major/major-list';
import { organizationNames } from '../../projections/organization/organization-names';
import { schoolTeacherListQuery as teacherRowsQuery, schoolTeacherRows, schoolTeacherStatistics, TEACHER_GROUPINGS, type SchoolTeacherListFilter, type TeacherGrouping } from '../../projections/school-teacher/school-teacher-list';
import type { SchoolTeacherRow } from '../../projections/school-teacher/school-teachers-table';
import { commandOutcome, type GraphQLContext, type ListContext } from '../graphql/context';
import { fetchPage, orderFor, pageTypeDefs, parsePage, sortableNames, type SortableFields } from '../graphql/pagination';

export const SCHOOL_TEACHER_SORT: SortableFields = {
  name: { column: 'school_teachers.name', pinyin: true },
  birthDate: 'school_teachers.birth_date',
  title: 'school_teachers.title',
  field: 'school_teachers.field',
  employment: 'school_teachers.employment',
  hiredOn: { column: 'school_teachers.hired_on', nullsLast: true },
  schoolName: { column: 'school.name', pinyin: true, nullsLast: true },
  updatedAt: 'school_teachers.updated_at',
};

export const schoolTeacherTypeDefs = /* GraphQL */ `
  "技工院校教师（个人信息仅显示脱敏值）"
  type SchoolTeacher {
    id: ID!
    streamId: String!
    schoolId: ID!
    schoolName: String
    "listed 在册 / removed 已移出"
    status: String!
    name: String!
    idNumber: String!
    sex: String!
    sexLabel: String!
    birthDate: String!
    phone: String
    majorId: ID
    majorName: String
    field: String!
    fieldLabel: String!
    title: String!
    titleLabel: String!
    education: String!
    educationLabel: String!
    "active 在职 / retired 退休"
    employment: String!
    employmentLabel: String!
    hiredOn: String
    note: String!
    removedOn: String
    removalReason: String
    createdAt: String!
    updatedAt: String!
  }
  ${pageTypeDefs('SchoolTeacher')}
  "教师统计的一组：按专业、专业领域、职称、学历或院校"
  type SchoolTeacherStatistics {
    key: String
    label: String!
    total: Int!
    active: Int!
    retired: Int!
  }
  "新增时身份证号必填；修改时身份证号不可改（可不填），手机号留空表示不变，填空字符串表示删除"
  input SchoolTeacherInput {
    name: String!
    idNumber: String
    phone: String
    majorId: ID
    field: String!
    title: String!
    education: String!
    "active 在职 / retired 退休"
    employment: String!
    hiredOn: String
    note: String
  }
  input SchoolTeacherFilter {
    "姓名关键字"
    keyword: String
    "完整身份证号（精确查找）"
    idNumber: String
    schoolId: ID
    majorId: ID
    field: String
    title: String
    employment: String
    "包括已移出名单的教师"
    includeRemoved: Boolean
  }
  extend type Query {
    "数据权限范围内的院校教师（默认不含已移出名单的），默认最近更新的在前；可排序字段：${sortableNames(SCHOOL_TEACHER_SORT)}"
    schoolTeachers(filter: SchoolTeacherFilter, page: PageInput): SchoolTeacherPage!
    schoolTeacher(id: ID!): SchoolTeacher
    "教师统计：groupBy 为 major 专业 / field 专业领域 / title 职称 / education 学历 / school 院校"
    schoolTeacherStatistics(groupBy: String!, filter: SchoolTeacherFilter): [SchoolTeacherStatistics!]!
  }
  extend type Mutation {
    "院校新增本校教师（同一人在本校只有一条记录）"
    addSchoolTeacher(input: SchoolTeacherInput!, commandId: ID): CommandResult!
    "修改教师信息（含在职/退休状态）"
    updateSchoolTeacher(id: ID!, input: SchoolTeacherInput!, commandId: ID): CommandResult!
    "将教师移出本校名单（记录原因，历史保留）"
    removeSchoolTeacher(id: ID!, reason: String!, commandId: ID): CommandResult!
  }
`;

const filterSchema = z
  .object({
    keyword: optionalText('姓名', 30),
    idNumber: z.string().trim().max(40).optional(),
    schoolId: z.string().max(100).optional(),
    majorId: z.string().max(100).optional(),
    field: z.string().max(40).optional(),
    title: z.string().max(40).optional(),
    employment: z.string().max(20).optional(),
    includeRemoved: z.boolean().optional(),
  })
  .default({ keyword: '' });
export type SchoolTeacherFilter = z.output<typeof filterSchema>;
export const parseSchoolTeacherFilter = (raw: unknown): SchoolTeacherFilter => parseInput(filterSchema, raw ?? undefined);
const listFilter = (ctx: Pick<ListContext, 'platform'>, filter: SchoolTeacherFilter): SchoolTeacherListFilter => ({
  ...filter,
  ...(filter.idNumber ? { idNumberIndexes: ctx.platform.personalData.lookup('idNumber', filter.idNumber) } : {}),
});

export const toSchoolTeacher = (row: SchoolTeacherRow & { school_name?: string | null; major_name?: string | null }) => {
  const removed = row.state.status === 'removed' ? row.state : null;
  return {
    id: row.id,
    streamId: row.stream_id,
    schoolId: row.school_id,
    schoolName: row.school_name ?? null,
    status: row.status,
    name: row.name,
    idNumber: row.id_number_masked,
    sex: row.sex,
    sexLabel: SEX_LABELS[row.sex as Sex] ?? row.sex,
    birthDate: row.birth_date,
    phone: row.phone_masked,
    majorId: row.major_id,
    majorName: row.major_name ?? null,
    field: row.field,
    fieldLabel: SCHOOL_FIELD_LABELS[row.field as SchoolField] ?? row.field,
    title: row.title,
    titleLabel: TEACHER_TITLE_LABELS[row.title as TeacherTitle] ?? row.title,
    education: row.education,
    educationLabel: EDUCATION_LABELS[row.education as EducationLevel] ?? row.education,
    employment: row.employment,
    employmentLabel: TEACHER_EMPLOYMENT_LABELS[row.employment as TeacherEmployment] ?? row.employment,
    hiredOn: row.hired_on,
    note: row.state.status === 'none' ? '' : row.state.profile.note,
    removedOn: removed?.removedOn ?? null,
    removalReason: removed?.reason ?? null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
};

export async function schoolTeacherListQuery(ctx: ListContext, filter: SchoolTeacherFilter) {
  ctx.require('technical-school:read');
  const { query } = await teacherRowsQuery(ctx.platform.knex, ctx.scope, listFilter(ctx, filter));
  const orderBy: { column: string; order: 'asc' | 'desc' }[] = [
    { column: 'school_teachers.updated_at', order: 'desc' },
    { column: 'school_teachers.id', order: 'asc' },
  ];
  return { query, orderBy };
}

const groupSchema = z.object({ groupBy: oneOf('统计维度', Object.keys(TEACHER_GROUPINGS) as [TeacherGrouping, ...TeacherGrouping[]]) });

/** The label of a statistics group's key, per dimension. */
async function groupLabels(ctx: GraphQLContext, groupBy: TeacherGrouping, keys: (string | null)[]): Promise<(key: string | null) => string> {
  const present = keys.filter((k): k is string => k !== null);
  if (groupBy === 'major') {
    const majors: { id: string; name: string }[] = present.length ? await majorRows(ctx.platform.knex).whereIn('majors.id', present) : [];
    const names = new Map(majors.map((m) => [m.id, m.name]));
    return (key) => (key ? (names.get(key) ?? key) : '未分专业');
  }
  if (groupBy === 'school') {
    const names = await organizationNames(ctx.platform.knex, present);
    return (key) => (key ? (names.get(key) ?? key) : '');
  }
  const labels: Record<string, string> = groupBy === 'field' ? SCHOOL_FIELD_LABELS : groupBy === 'title' ? TEACHER_TITLE_LABELS : EDUCATION_LABELS;
  return (key) => (key ? (labels[key] ?? key) : '');
}

export const schoolTeacherResolvers = {
  Query: {
    async schoolTeachers(_: unknown, args: { filter?: unknown; page?: unknown }, ctx: GraphQLContext) {
      ctx.require('technical-school:read');
      const filter = parseSchoolTeacherFilter(args.filter);
      const page = parsePage(args.page);
      const { query, orderBy } = await schoolTeacherListQuery(ctx, filter);
      const result = await fetchPage<SchoolTeacherRow>(query, page, orderFor(page, SCHOOL_TEACHER_SORT, orderBy));
      return { ...result, items: result.items.map(toSchoolTeacher) };
    },
    async schoolTeacher(_: unknown, args: { id: string }, ctx: GraphQLContext) {
      ctx.require('technical-school:read');
      if (!(await ctx.scope.findRecord(`school-teacher-${args.id}`))) return null;
      const row = await schoolTeacherRows(ctx.platform.knex).where('school_teachers.id', args.id).first();
      return row ? toSchoolTeacher(row) : null;
    },
    async schoolTeacherStatistics(_: unknown, args: { groupBy: unknown; filter?: unknown }, ctx: GraphQLContext) {
      ctx.require('technical-school:read');
      const { groupBy } = parseInput(groupSchema, { groupBy: args.groupBy });
      const rows = await schoolTeacherStatistics(ctx.platform.knex, ctx.scope, groupBy, listFilter(ctx, parseSchoolTeacherFilter(args.filter)));
      const label = await groupLabels(ctx, groupBy, rows.map((r) => r.key));
      return rows.map((r) => ({ ...r, label: label(r.key) }));
    },
  },
  Mutation: {
    async addSchoolTeacher(_: unknown, args: { input: unknown; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('technical-school:edit');
      const input = parseSchoolTeacherInput(args.input, chinaDate(new Date().toISOString()));
      const result = await ctx.platform.commands.schoolTeachers.add(ctx.user.orgId, input, ctx.request(args.commandId));
      return commandOutcome(result, result.streamId.slice('school-teacher-'.length));
    },
    async updateSchoolTeacher(_: unknown, args: { id: string; input: unknown; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('technical-school:edit');
      await ctx.scope.requireRecord(`school-teacher-${args.id}`);
      const result = await ctx.platform.commands.schoolTeachers.update(args.id, ctx.user.orgId, parseSchoolTeacherEdit(args.input), ctx.request(args.commandId));
      return commandOutcome(result, args.id);
    },
    async removeSchoolTeacher(_: unknown, args: { id: string; reason: unknown; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('technical-school:edit');
      await ctx.scope.requireRecord(`school-teacher-${args.id}`);
      const { reason } = parseInput(z.object({ reason: optionalText('移出原因', 200) }), { reason: args.reason });
      const result = await ctx.platform.commands.schoolTeachers.remove(args.id, reason, ctx.request(args.commandId));
      return commandOutcome(result, args.id);
    },
  },
};
