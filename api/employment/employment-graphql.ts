// 毕业生就业 (requirement 9(10), 9(12)): the school records each graduate's destination (employer,
// date, monthly pay in fen, further study) and the skill-level certificates held; corrections carry a
// reason. Lists under the caller's data scope; the skilled-talent report (9(12)) of graduates with
// their records, masked as every list is.
import { z } from 'zod';
import { DESTINATION_LABELS, SKILL_LEVEL_LABELS, parseEmploymentInput, type Destination, type SkillCertificate, type SkillLevel } from '../../domain/employment/employment-input';
import { SEX_LABELS, type Sex } from '../../domain/personal-data/id-number';
import { HOUSEHOLD_TYPE_LABELS, type HouseholdType } from '../../domain/student/student-input';
import { SCHOOL_NATURE_LABELS, type SchoolNature } from '../../domain/technical-school/school-info';
import { EDUCATION_LABELS, type EducationLevel } from '../../domain/technical-school/school-vocabulary';
import { integerIn, optionalText, parseInput, requiredText } from '../../domain/shared/validation';
import { diplomaNumbersOf, employmentListQuery as employmentRowsQuery, employmentRows, talentListQuery as talentRowsQuery } from '../../projections/employment/employment-list';
import type { EmploymentRow } from '../../projections/employment/employments-table';
import { commandOutcome, type GraphQLContext, type ListContext } from '../graphql/context';
import { fetchPage, orderFor, pageTypeDefs, parsePage, sortableNames, type SortableFields } from '../graphql/pagination';

export const EMPLOYMENT_SORT: SortableFields = {
  studentName: { column: 'student.name', pinyin: true },
  graduatedOn: 'employments.graduated_on',
  employedOn: { column: 'employments.employed_on', nullsLast: true },
  monthlyPayFen: { column: 'employments.monthly_pay_fen', nullsLast: true },
  updatedAt: 'employments.updated_at',
};
export const TALENT_SORT: SortableFields = {
  name: { column: 'students.name', pinyin: true },
  // The report's own column (ORDER BY may name an output column).
  graduatedOn: 'left_on',
  schoolName: { column: 'school.name', pinyin: true, nullsLast: true },
};

export const employmentTypeDefs = /* GraphQL */ `
  "技能等级证书"
  type SkillCertificate {
    occupation: String!
    level: String!
    levelLabel: String!
    number: String!
    issuedOn: String!
  }
  "毕业生就业记录（每名毕业生一条，由毕业院校登记；月收入为分，十进制字符串）"
  type Employment {
    id: ID!
    streamId: String!
    studentId: ID!
    studentName: String!
    idNumber: String!
    schoolId: ID!
    schoolName: String
    majorId: ID!
    majorName: String
    "graduated 毕业 / completed 结业"
    outcome: String!
    outcomeLabel: String!
    graduatedOn: String!
    "employed 单位就业 / self_employed 自主创业 / further_study 升学 / seeking 待就业"
    destination: String!
    destinationLabel: String!
    employer: String!
    position: String!
    employedOn: String
    monthlyPayFen: String
    furtherStudySchool: String!
    certificates: [SkillCertificate!]!
    note: String!
    createdAt: String!
    updatedAt: String!
  }
  ${pageTypeDefs('Employment')}
  "技能人才信息（9(12)）：毕业生的学籍信息与就业记录；身份证号、手机号仅显示脱敏值"
  type GraduateTalent {
    studentId: ID!
    name: String!
    idNumber: String!
    sexLabel: String!
    householdTypeLabel: String!
    "人员类别（学籍注册时登记，数据字典 person_category 的名称；未登记为空）"
    personCategory: String
    povertyRegistered: Boolean!
    previousSchool: String!
    educationLabel: String!
    address: String!
    majorName: String
    graduatedOn: String!
    outcomeLabel: String!
    diplomaNumber: String
    schoolId: ID
    schoolName: String
    schoolNatureLabel: String
    authorityName: String
    furtherStudySchool: String
    destinationLabel: String
    employer: String
    monthlyPayFen: String
    certificates: [SkillCertificate!]!
    phone: String
  }
  ${pageTypeDefs('GraduateTalent')}
  input SkillCertificateInput {
    occupation: String!
    "5 五级 … 1 一级"
    level: String!
    number: String!
    issuedOn: String!
  }
  "月收入为分（十进制字符串）；去向为就业时须填就业单位、就业日期、月收入，升学时须填升学院校"
  input EmploymentInput {
    destination: String!
    employer: String
    position: String
    employedOn: String
    monthlyPayFen: String
    furtherStudySchool: String
    certificates: [SkillCertificateInput!]
    note: String
  }
  input EmploymentFilter {
    "姓名或就业单位关键字"
    keyword: String
    schoolId: ID
    majorId: ID
    destination: String
    graduationYear: Int
  }
  input GraduateTalentFilter {
    "姓名关键字"
    keyword: String
    "完整身份证号（精确查找）"
    idNumber: String
    schoolId: ID
    majorId: ID
    graduationYear: Int
    "true 仅已登记就业 / false 仅未登记"
    recorded: Boolean
  }
  extend type Query {
    "数据权限范围内的毕业生就业记录，默认最近更新的在前；可排序字段：${sortableNames(EMPLOYMENT_SORT)}"
    employments(filter: EmploymentFilter, page: PageInput): EmploymentPage!
    "一名毕业生的就业记录（id 为学籍记录 id）"
    employment(id: ID!): Employment
    "数据权限范围内毕业生的技能人才信息（9(12)）；可排序字段：${sortableNames(TALENT_SORT)}"
    graduateTalents(filter: GraduateTalentFilter, page: PageInput): GraduateTalentPage!
  }
  extend type Mutation {
    "毕业院校登记或更新毕业生的就业情况（studentId 为学籍记录 id）"
    recordEmployment(studentId: ID!, input: EmploymentInput!, commandId: ID): CommandResult!
    "更正就业记录中的错误（须填写原因）"
    correctEmployment(studentId: ID!, input: EmploymentInput!, reason: String!, commandId: ID): CommandResult!
  }
`;

const year = integerIn('毕业年份', 2000, 2100).optional();
const filterSchema = z
  .object({
    keyword: optionalText('关键字', 50),
    schoolId: z.string().max(100).optional(),
    majorId: z.string().max(100).optional(),
    destination: z.string().max(20).optional(),
    graduationYear: year,
  })
  .default({ keyword: '' });
export type EmploymentFilter = z.output<typeof filterSchema>;
export const parseEmploymentFilter = (raw: unknown): EmploymentFilter => parseInput(filterSchema, raw ?? undefined);

const talentSchema = z
  .object({
    keyword: optionalText('姓名', 30),
    idNumber: z.string().trim().max(40).optional(),
    schoolId: z.string().max(100).optional(),
    majorId: z.string().max(100).optional(),
    graduationYear: year,
    recorded: z.boolean({ error: '是否已登记就业应为是或否' }).optional(),
  })
  .default({ keyword: '' });
export type TalentFilter = z.output<typeof talentSchema>;
export const parseTalentFilter = (raw: unknown): TalentFilter => parseInput(talentSchema, raw ?? undefined);

const OUTCOME_LABELS: Record<string, string> = { graduated: '毕业', completed: '结业' };
const certificatesOf = (list: SkillCertificate[] | null | undefined) => (list ?? []).map((c) => ({ ...c, levelLabel: SKILL_LEVEL_LABELS[c.level as SkillLevel] ?? c.level }));
const fen = (value: string | number | null | undefined) => (value === null || value === undefined ? null : String(value));

type EmploymentListRow = EmploymentRow & { student_name: string; id_number_masked: string; school_name: string | null; major_name: string | null };
export const toEmployment = (row: EmploymentListRow) => {
  const details = row.state.status === 'recorded' ? row.state.details : null;
  return {
    id: row.id,
    streamId: row.stream_id,
    studentId: row.id,
    studentName: row.student_name,
    idNumber: row.id_number_masked,
    schoolId: row.school_id,
    schoolName: row.school_name,
    majorId: row.major_id,
    majorName: row.major_name,
    outcome: row.outcome,
    outcomeLabel: OUTCOME_LABELS[row.outcome] ?? row.outcome,
    graduatedOn: row.graduated_on,
    destination: row.destination,
    destinationLabel: DESTINATION_LABELS[row.destination as Destination] ?? row.destination,
    employer: row.employer,
    position: details?.position ?? '',
    employedOn: row.employed_on,
    monthlyPayFen: fen(row.monthly_pay_fen),
    furtherStudySchool: row.further_study_school,
    certificates: certificatesOf(details?.certificates),
    note: details?.note ?? '',
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
};

interface TalentRow {
  id: string;
  name: string;
  id_number_masked: string;
  phone_masked: string | null;
  sex: string;
  household_type: string;
  poverty_registered: boolean;
  education: string;
  school_id: string | null;
  previous_school: string | null;
  address: string | null;
  person_category: string | null;
  left_as: string;
  left_on: string;
  school_name: string | null;
  school_nature: string | null;
  authority_name: string | null;
  major_name: string | null;
  destination: string | null;
  employer: string | null;
  employed_on: string | null;
  monthly_pay_fen: string | number | null;
  further_study_school: string | null;
  certificates: SkillCertificate[] | null;
}

/** A batch of report rows with the diploma numbers issued to them (read once per batch). */
export async function toTalents(ctx: Pick<ListContext, 'platform'>, rows: TalentRow[]) {
  // Typed here: the platform's command types are assembled from the modules, this one among them.
  const categories: { code: string; label: string }[] = await ctx.platform.commands.dictionaries.entries('person_category');
  const diplomas = await diplomaNumbersOf(ctx.platform.knex, rows);
  // Labels from the dictionary, retired entries included: an old registration keeps its category's name.
  const categoryLabels = new Map(categories.map((c) => [c.code, c.label]));
  return rows.map((r) => ({
    studentId: r.id,
    name: r.name,
    idNumber: r.id_number_masked,
    sexLabel: SEX_LABELS[r.sex as Sex] ?? r.sex,
    householdTypeLabel: HOUSEHOLD_TYPE_LABELS[r.household_type as HouseholdType] ?? r.household_type,
    personCategory: r.person_category ? (categoryLabels.get(r.person_category) ?? r.person_category) : null,
    povertyRegistered: r.poverty_registered,
    previousSchool: r.previous_school ?? '',
    educationLabel: EDUCATION_LABELS[r.education as EducationLevel] ?? r.education,
    address: r.address ?? '',
    majorName: r.major_name,
    graduatedOn: r.left_on,
    outcomeLabel: OUTCOME_LABELS[r.left_as] ?? r.left_as,
    diplomaNumber: diplomas.get(r.id) ?? null,
    schoolId: r.school_id,
    schoolName: r.school_name,
    schoolNatureLabel: r.school_nature ? (SCHOOL_NATURE_LABELS[r.school_nature as SchoolNature] ?? r.school_nature) : null,
    authorityName: r.authority_name,
    furtherStudySchool: r.further_study_school || null,
    destinationLabel: r.destination ? (DESTINATION_LABELS[r.destination as Destination] ?? r.destination) : null,
    employer: r.employer || null,
    monthlyPayFen: fen(r.monthly_pay_fen),
    certificates: certificatesOf(r.certificates),
    phone: r.phone_masked,
  }));
}

export async function employmentListQuery(ctx: ListContext, filter: EmploymentFilter) {
  ctx.require('student:read');
  const { query } = await employmentRowsQuery(ctx.platform.knex, ctx.scope, filter);
  return {
    query,
    orderBy: [
      { column: 'employments.updated_at', order: 'desc' as const },
      { column: 'employments.id', order: 'asc' as const },
    ],
  };
}

export async function talentListQuery(ctx: ListContext, filter: TalentFilter) {
  ctx.require('student:read');
  const { idNumber, ...rest } = filter;
  const { query } = await talentRowsQuery(ctx.platform.knex, ctx.scope, { ...rest, ...(idNumber ? { idNumberIndexes: ctx.platform.personalData.lookup('idNumber', idNumber) } : {}) });
  return {
    query,
    orderBy: [
      { column: 'left_on', order: 'desc' as const },
      { column: 'students.id', order: 'asc' as const },
    ],
  };
}

const correction = z.object({ reason: requiredText('更正原因', 200) });

export const employmentResolvers = {
  Query: {
    async employments(_: unknown, args: { filter?: unknown; page?: unknown }, ctx: GraphQLContext) {
      const page = parsePage(args.page);
      const { query, orderBy } = await employmentListQuery(ctx, parseEmploymentFilter(args.filter));
      const result = await fetchPage<EmploymentListRow>(query, page, orderFor(page, EMPLOYMENT_SORT, orderBy));
      return { ...result, items: result.items.map(toEmployment) };
    },
    async employment(_: unknown, args: { id: string }, ctx: GraphQLContext) {
      ctx.require('student:read');
      if (!(await ctx.scope.findRecord(`employment-${args.id}`))) return null;
      const row = (await employmentRows(ctx.platform.knex).where('employments.id', args.id).first()) as EmploymentListRow | undefined;
      return row ? toEmployment(row) : null;
    },
    async graduateTalents(_: unknown, args: { filter?: unknown; page?: unknown }, ctx: GraphQLContext) {
      const page = parsePage(args.page);
      const { query, orderBy } = await talentListQuery(ctx, parseTalentFilter(args.filter));
      const result = await fetchPage<TalentRow>(query, page, orderFor(page, TALENT_SORT, orderBy));
      return { ...result, items: await toTalents(ctx, result.items) };
    },
  },
  Mutation: {
    async recordEmployment(_: unknown, args: { studentId: string; input: unknown; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('student:register');
      // The graduate's student record must be in scope (out of scope it answers as missing).
      await ctx.scope.requireRecord(`student-${args.studentId}`);
      const result = await ctx.platform.commands.employments.record(args.studentId, parseEmploymentInput(args.input), ctx.request(args.commandId));
      return commandOutcome(result, args.studentId);
    },
    async correctEmployment(_: unknown, args: { studentId: string; input: unknown; reason: unknown; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('student:register');
      await ctx.scope.requireRecord(`employment-${args.studentId}`);
      const details = parseEmploymentInput(args.input);
      const { reason } = parseInput(correction, { reason: args.reason });
      const result = await ctx.platform.commands.employments.correct(args.studentId, details, reason, ctx.request(args.commandId));
      return commandOutcome(result, args.studentId);
    },
  },
};
