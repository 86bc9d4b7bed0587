// 学籍 (requirement 9(6)): registration within the window (one by one; by .xlsx through the import),
// approval through the review workflow, the province-wide duplicate check, status changes, the
// status as of any day, query and exports. Personal data masked; the full value only through the
// audited 查看 (revealPersonalData).
import { z } from 'zod';
import { SEX_LABELS, type Sex } from '../../domain/personal-data/id-number';
import { chinaDate } from '../../domain/personal-data/normalize';
import { calendarDate, optionalText, parseInput } from '../../domain/shared/validation';
import { STUDENT_STATUS_LABELS, studentOwners, type StudentEvent, type StudentState } from '../../domain/student/student';
import { CHANGE_KIND_LABELS, parseChangeInput, type ChangeKind } from '../../domain/student/student-change';
import { HOUSEHOLD_TYPE_LABELS, STUDY_MODE_LABELS, parseRegistrationEdit, parseRegistrationInput } from '../../domain/student/student-input';
import { studentStatusOn } from '../../domain/student/student-status-on';
import { CLASS_TYPE_LABELS, EDUCATION_LABELS } from '../../domain/technical-school/school-vocabulary';
import { majorRows } from '../../projections/major/major-list';
import { organizationNames } from '../../projections/organization/organization-names';
import { singleOrgPageEntries, studentListQuery as studentRowsQuery, studentRows, type StudentListFilter } from '../../projections/student/student-list';
import { studentsTable, type StudentRow } from '../../projections/student/students-table';
import type { Knex } from 'knex';
import { upcast } from '../../store/upcasters';
import { renderStudentCard, type StudentCardData } from '../../commands/student/student-card-pdf';
import { chinaTime } from '../export/export-lists';
import { commandOutcome, type GraphQLContext, type ListContext } from '../graphql/context';
import { clientError } from '../graphql/errors';
import { RECORD_NOT_FOUND } from '../records';
import { fetchKeyedPage, fetchPage, orderFor, pageTypeDefs, parsePage, sortableNames, type SortableFields } from '../graphql/pagination';
import { reviewFieldTypeDefs, reviewFields } from '../review/review-fields';

export const STUDENT_SORT: SortableFields = {
  name: { column: 'students.name', pinyin: true },
  birthDate: 'students.birth_date',
  status: 'students.status',
  schoolName: { column: 'school.name', pinyin: true, nullsLast: true },
  majorName: { column: 'major.name', pinyin: true, nullsLast: true },
  cohortYear: { column: 'students.cohort_year', nullsLast: true },
  enrolledOn: { column: 'students.enrolled_on', nullsLast: true },
  reviewStatus: 'students.review_status',
  createdAt: 'students.created_at',
  updatedAt: 'students.updated_at',
};

export const studentTypeDefs = /* GraphQL */ `
  "待审核或退回的异动申请"
  type StudentApplication {
    changeId: ID!
    kind: String!
    kindLabel: String!
    effectiveOn: String!
    reason: String!
    schoolId: ID!
    schoolName: String
    toSchoolId: ID
    toSchoolName: String
    majorId: ID
    majorName: String
    classType: String
    cohortYear: Int
  }
  "已生效的学籍异动"
  type StudentChangeRecord {
    kind: String!
    kindLabel: String!
    effectiveOn: String!
    reason: String!
    schoolName: String
    "变动内容（如转入院校、新专业、新年级）"
    detail: String!
  }
  "已结束的学籍（转出、退学、注销）"
  type StudentPastEnrolment {
    schoolName: String
    majorName: String
    enrolledOn: String!
    endedOn: String!
    endLabel: String!
  }
  "此前的学籍：院校名称仅在查看者的数据权限范围内时显示"
  type StudentPreviousStatus {
    schoolName: String
    outcomeLabel: String!
    on: String
  }
  "学籍（个人信息仅显示脱敏值）"
  type Student {
    id: ID!
    streamId: String!
    "registering 注册中 / enrolled 在籍 / suspended 休学 / left 已离校 / unregistered 无有效学籍"
    status: String!
    statusLabel: String!
    name: String!
    idNumber: String!
    sex: String!
    sexLabel: String!
    birthDate: String!
    regionCode: String!
    phone: String
    householdType: String!
    householdTypeLabel: String!
    "建档立卡贫困户"
    povertyRegistered: Boolean!
    education: String!
    educationLabel: String!
    previousSchool: String!
    address: String!
    "人员类别（数据字典 person_category 的编码；注册时未填为空）"
    personCategory: String
    schoolId: ID
    schoolName: String
    majorId: ID
    majorName: String
    classType: String
    classTypeLabel: String
    studyMode: String
    studyModeLabel: String
    cohortYear: Int
    enrolledOn: String
    studentNumber: String
    "已办理转出、等待接收的院校"
    transferToSchoolId: ID
    transferToSchoolName: String
    "记录所属院校（本校，及等待其接收转学的院校）"
    ownerSchoolIds: [ID!]!
    application: StudentApplication
    "曾在其他院校注册学籍（学籍已结束）的注册，供审核参考"
    previouslyRegistered: Boolean!
    previousStatus: StudentPreviousStatus
    history: [StudentPastEnrolment!]!
    changes: [StudentChangeRecord!]!
    ${reviewFieldTypeDefs}
    createdAt: String!
    updatedAt: String!
  }
  ${pageTypeDefs('Student')}
  "学籍卡（PDF，Base64 编码）：每次打印都记入该学生的时间线"
  type StudentCardFile {
    fileName: String!
    contentType: String!
    contentBase64: String!
    result: CommandResult!
  }
  "某日的学籍状态（按各次审批的生效日期）"
  type StudentStatusOnDay {
    date: String!
    "当日是否有学籍（在籍或休学）"
    registered: Boolean!
    "当日是否在校（在籍且未休学）"
    attending: Boolean!
    phase: String!
    phaseLabel: String!
    schoolId: ID
    schoolName: String
    majorId: ID
    majorName: String
    classType: String
    classTypeLabel: String
    studyMode: String
    cohortYear: Int
    since: String
  }
  "学籍查重：全省同一身份证号只能有一个有效学籍。院校名称等仅在您的数据权限范围内时显示"
  type StudentDuplicateCheck {
    "该身份证号在全省有学籍记录"
    found: Boolean!
    "有有效学籍（注册中、在籍或休学），不能再注册"
    active: Boolean!
    inScope: Boolean!
    studentId: ID
    statusLabel: String
    schoolName: String
  }
  "录入时身份证号必填；修改注册时身份证号留空表示不变，联系电话留空表示不变、填空字符串表示删除"
  input StudentRegistrationInput {
    name: String!
    idNumber: String
    phone: String
    "agricultural 农业户口 / non_agricultural 非农业户口"
    householdType: String!
    povertyRegistered: Boolean!
    education: String!
    previousSchool: String
    address: String
    "人员类别：数据字典 person_category 的编码（如 poor_family_child 贫困家庭子女），可不填"
    personCategory: String
    majorId: ID!
    "intermediate 中级工班 / advanced 高级工班 / technician 预备技师班"
    classType: String!
    "full_time 全日制 / part_time 非全日制"
    studyMode: String!
    cohortYear: Int!
    enrolledOn: String!
    studentNumber: String
  }
  "异动申请：kind 为 transfer_out 转出（toSchoolId）/ transfer_in 转入（majorId、classType）/ suspend 休学 / resume 复学 / withdraw 退学 / cancel 注销 / change_major 转专业（majorId）/ repeat_year 留级（cohortYear）"
  input StudentChangeInput {
    kind: String!
    effectiveOn: String!
    reason: String!
    toSchoolId: ID
    majorId: ID
    classType: String
    cohortYear: Int
  }
  input StudentFilter {
    "姓名关键字"
    keyword: String
    "完整身份证号（精确查找）"
    idNumber: String
    studentNumber: String
    schoolId: ID
    majorId: ID
    status: String
    reviewStatus: String
    classType: String
    studyMode: String
    cohortYear: Int
    povertyRegistered: Boolean
    "只看曾在其他院校有过学籍的注册"
    previouslyRegisteredOnly: Boolean
    "只看等待本单位接收的转学"
    incomingTransfersOnly: Boolean
    "毕结业查询：离校方式 graduated 毕业 / completed 结业 / withdrawn 退学 / cancelled 注销"
    leftAs: String
    "离校（毕结业）年份"
    leftYear: Int
  }
  extend type Query {
    "数据权限范围内的学籍，默认最近更新的在前；可排序字段：${sortableNames(STUDENT_SORT)}"
    students(filter: StudentFilter, page: PageInput): StudentPage!
    student(id: ID!): Student
    "某人某日是否有学籍（免学费、助学金据此判断）"
    studentStatusOn(id: ID!, date: String!): StudentStatusOnDay
    "学籍查重"
    studentDuplicateCheck(idNumber: String!): StudentDuplicateCheck!
  }
  extend type Mutation {
    "院校在学籍注册时间内注册新生（全省查重：已有有效学籍的身份证号不能重复注册）；submit 为 true 时同时提交审批"
    registerStudent(input: StudentRegistrationInput!, submit: Boolean = false, commandId: ID): CommandResult!
    "修改尚未审批通过的学籍注册（草稿、退回或撤回后）"
    updateStudentRegistration(id: ID!, input: StudentRegistrationInput!, commandId: ID): CommandResult!
    "撤销尚未审批通过的学籍注册"
    cancelStudentRegistration(id: ID!, reason: String, commandId: ID): CommandResult!
    "申请学籍异动（审核通过后生效）；submit 为 true 时同时提交审核"
    applyStudentChange(id: ID!, input: StudentChangeInput!, submit: Boolean = true, commandId: ID): CommandResult!
    "撤销未在审核中的异动申请"
    cancelStudentChange(id: ID!, reason: String, commandId: ID): CommandResult!
    "转出或转入院校取消已生效待接收的转学"
    cancelStudentTransfer(id: ID!, reason: String!, commandId: ID): CommandResult!
    "打印学籍卡（PDF；个人信息脱敏）：先生成，再记录打印事件"
    exportStudentCard(id: ID!, commandId: ID): StudentCardFile!
  }
`;

const filterSchema = z
  .object({
    keyword: optionalText('姓名', 30),
    idNumber: z.string().trim().max(40).optional(),
    studentNumber: z.string().trim().max(30).optional(),
    schoolId: z.string().max(100).optional(),
    majorId: z.string().max(100).optional(),
    status: z.string().max(20).optional(),
    reviewStatus: z.string().max(20).optional(),
    classType: z.string().max(20).optional(),
    studyMode: z.string().max(20).optional(),
    cohortYear: z.number().int().min(2000).max(2100).optional(),
    povertyRegistered: z.boolean().optional(),
    previouslyRegisteredOnly: z.boolean().optional(),
    incomingTransfersOnly: z.boolean().optional(),
    leftAs: z.enum(['graduated', 'completed', 'withdrawn', 'cancelled'], { error: '离校方式不在可选范围内' }).optional(),
    leftYear: z.number().int().min(2000).max(2100).optional(),
  })
  .default({ keyword: '' });
export type StudentFilter = z.output<typeof filterSchema>;
export const parseStudentFilter = (raw: unknown): StudentFilter => parseInput(filterSchema, raw ?? undefined);
const listFilter = (ctx: Pick<ListContext, 'platform'>, filter: StudentFilter): StudentListFilter => {
  const { idNumber, ...rest } = filter;
  return { ...rest, ...(idNumber ? { idNumberIndexes: ctx.platform.personalData.lookup('idNumber', idNumber) } : {}) };
};

const label = <K extends string>(labels: Record<K, string>, value: string | null | undefined) => (value ? (labels[value as K] ?? value) : null);
const OUTCOME_LABELS = { withdrawn: '退学', cancelled: '学籍注销', graduated: '毕业', completed: '结业', rejected: '注册未通过', registration_cancelled: '注册已撤销' } as const;
const END_LABELS = { transferred_out: '转出', withdrawn: '退学', cancelled: '注销', graduated: '毕业', completed: '结业' } as const;
const PHASE_LABELS = { none: '无学籍', enrolled: '在籍', suspended: '休学', left: '已离校' } as const;
/** A student who left by finishing the course is shown as such (毕业 / 结业), others as 已离校. */
const statusLabelOf = (status: string, state: StudentState) =>
  state.status === 'left' && (state.leftAs === 'graduated' || state.leftAs === 'completed') ? (state.leftAs === 'graduated' ? '已毕业' : '已结业') : (STUDENT_STATUS_LABELS[status as StudentState['status']] ?? status);

type Row = StudentRow & { school_name?: string | null; major_name?: string | null; transfer_to_school_name?: string | null };

/** A list row as the list shows it (no name of another school). */
export const toStudentListItem = (row: Row) => {
  const state = row.state as Exclude<StudentState, { status: 'none' }>;
  return {
    id: row.id,
    streamId: row.stream_id,
    status: row.status,
    statusLabel: statusLabelOf(row.status, state),
    name: row.name,
    idNumber: row.id_number_masked,
    sex: row.sex,
    sexLabel: SEX_LABELS[row.sex as Sex] ?? row.sex,
    birthDate: row.birth_date,
    regionCode: row.region_code,
    phone: row.phone_masked,
    householdType: row.household_type,
    householdTypeLabel: label(HOUSEHOLD_TYPE_LABELS, row.household_type)!,
    povertyRegistered: row.poverty_registered,
    education: row.education,
    educationLabel: label(EDUCATION_LABELS, row.education)!,
    previousSchool: state.person.previousSchool,
    address: state.person.address,
    personCategory: state.person.personCategory ?? null,
    schoolId: row.school_id,
    schoolName: row.school_name ?? null,
    majorId: row.major_id,
    majorName: row.major_name ?? null,
    classType: row.class_type,
    classTypeLabel: label(CLASS_TYPE_LABELS, row.class_type),
    studyMode: row.study_mode,
    studyModeLabel: label(STUDY_MODE_LABELS, row.study_mode),
    cohortYear: row.cohort_year,
    enrolledOn: row.enrolled_on,
    studentNumber: row.student_number,
    transferToSchoolId: row.transfer_to_school_id,
    transferToSchoolName: row.transfer_to_school_name ?? null,
    ownerSchoolIds: studentOwners(state),
    application: null as unknown,
    previouslyRegistered: row.previous_school_id !== null,
    previousStatus: null as unknown,
    history: [] as unknown[],
    changes: [] as unknown[],
    ...reviewFields(state.review),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
};

/**
 * One student in full: its application, earlier status, past enrolments and approved changes, with
 * school names where the caller may know them (its scope, or the other school of a transfer).
 */
async function toStudent(ctx: GraphQLContext, row: Row) {
  const item = toStudentListItem(row);
  const state = row.state as Exclude<StudentState, { status: 'none' }>;
  const application = state.status === 'enrolled' || state.status === 'suspended' ? state.application : null;
  const previous = state.status === 'registering' || state.status === 'unregistered' ? state.previous : null;
  const transferParties = new Set<string>([...state.changeLog.flatMap((c) => [c.schoolId, c.fromSchoolId, c.toSchoolId]), application?.schoolId, application?.toSchoolId, row.transfer_to_school_id].filter((s): s is string => Boolean(s)));
  const schoolIds = [...transferParties, ...state.history.map((h) => h.enrolment.schoolId), previous?.schoolId].filter((s): s is string => Boolean(s));
  const majorIds = [...state.history.map((h) => h.enrolment.majorId), ...state.changeLog.flatMap((c) => [c.fromMajorId, c.majorId]), application?.majorId].filter((s): s is string => Boolean(s));
  const [names, majors] = await Promise.all([
    organizationNames(ctx.platform.knex, schoolIds),
    majorIds.length ? (majorRows(ctx.platform.knex).whereIn('majors.id', majorIds) as Promise<{ id: string; name: string }[]>) : Promise.resolve([]),
  ]);
  const majorName = (id?: string | null) => (id ? (majors.find((m) => m.id === id)?.name ?? null) : null);
  const visible = new Map<string, boolean>();
  for (const id of new Set(schoolIds)) visible.set(id, transferParties.has(id) || (await ctx.scope.includes(id)));
  const schoolName = (id?: string | null) => (id ? (visible.get(id) ? (names.get(id) ?? null) : null) : null);
  const detailOf = (c: (typeof state.changeLog)[number]) => {
    switch (c.kind) {
      case 'transfer_out':
        return `转往${schoolName(c.toSchoolId) ?? '其他院校'}`;
      case 'transfer_in':
        return `由${schoolName(c.fromSchoolId) ?? '其他院校'}转入，专业：${majorName(c.majorId) ?? ''}`;
      case 'change_major':
        return `${majorName(c.fromMajorId) ?? ''} → ${majorName(c.majorId) ?? ''}`;
      case 'repeat_year':
        return `${c.fromCohortYear}级 → ${c.cohortYear}级`;
      default:
        return '';
    }
  };
  return {
    ...item,
    application: application && {
      changeId: application.changeId,
      kind: application.kind,
      kindLabel: CHANGE_KIND_LABELS[application.kind],
      effectiveOn: application.effectiveOn,
      reason: application.reason,
      schoolId: application.schoolId,
      schoolName: schoolName(application.schoolId),
      toSchoolId: application.toSchoolId ?? null,
      toSchoolName: schoolName(application.toSchoolId),
      majorId: application.majorId ?? null,
      majorName: majorName(application.majorId),
      classType: application.classType ?? null,
      cohortYear: application.cohortYear ?? null,
    },
    previousStatus: previous && { schoolName: schoolName(previous.schoolId), outcomeLabel: OUTCOME_LABELS[previous.outcome], on: previous.on },
    history: state.history.map((h) => ({ schoolName: schoolName(h.enrolment.schoolId), majorName: majorName(h.enrolment.majorId), enrolledOn: h.enrolment.enrolledOn, endedOn: h.endedOn, endLabel: END_LABELS[h.end] })),
    changes: state.changeLog.map((c) => ({ kind: c.kind, kindLabel: CHANGE_KIND_LABELS[c.kind], effectiveOn: c.effectiveOn, reason: c.reason, schoolName: schoolName(c.schoolId), detail: detailOf(c) })),
  };
}

export async function studentListQuery(ctx: ListContext, filter: StudentFilter, base?: Knex.QueryBuilder) {
  ctx.require('student:read');
  const { query } = await studentRowsQuery(ctx.platform.knex, ctx.scope, listFilter(ctx, filter), base);
  const orderBy: { column: string; order: 'asc' | 'desc' }[] = [
    { column: 'students.updated_at', order: 'desc' },
    { column: 'students.id', order: 'asc' },
  ];
  return { query, orderBy };
}

const today = () => chinaDate(new Date().toISOString());
const reasonSchema = z.object({ reason: optionalText('原因', 200, { multiline: true }) });
const dateSchema = z.object({ date: calendarDate('查询日期') });

export const studentResolvers = {
  Query: {
    async students(_: unknown, args: { filter?: unknown; page?: unknown }, ctx: GraphQLContext) {
      ctx.require('student:read');
      const filter = parseStudentFilter(args.filter);
      const page = parsePage(args.page);
      // The total is reused while the students read model stays at the position it was counted at (exact):
      // counting a prefecture's 38,000 students for every page turn took 2.7 s of a loaded machine (issue 15 §8 bench).
      const version = ctx.platform.runner.versionOf('students');
      // A school's users: the page from the school's own range of the owners index.
      const own = page.sort ? null : await singleOrgPageEntries(ctx.platform.knex, ctx.scope, listFilter(ctx, filter));
      if (own) {
        const listed = await fetchPage<{ student_id: string }>(own.entries, page, own.order, version);
        const ids = listed.items.map((r) => r.student_id);
        const rows: Row[] = ids.length ? await studentRows(ctx.platform.knex).whereIn('students.id', ids) : [];
        const byId = new Map(rows.map((r) => [r.id, r]));
        return { ...listed, items: ids.flatMap((id) => (byId.has(id) ? [toStudentListItem(byId.get(id)!)] : [])) };
      }
      const { query: bare, orderBy } = await studentListQuery(ctx, filter, studentsTable(ctx.platform.knex));
      const sort = orderFor(page, STUDENT_SORT, orderBy);
      // The page's ids first, then its 20 rows with their names; a sort by a joined name (school, major) pages the joined rows.
      const result = sort.every((o) => o.column.startsWith('students.'))
        ? await fetchKeyedPage<Row>(bare, 'students.id', (ids) => studentRows(ctx.platform.knex).whereIn('students.id', ids), page, sort, version)
        : await fetchPage<Row>((await studentListQuery(ctx, filter)).query, page, sort, version);
      return { ...result, items: result.items.map(toStudentListItem) };
    },
    async student(_: unknown, args: { id: string }, ctx: GraphQLContext) {
      ctx.require('student:read');
      if (!(await ctx.scope.findRecord(`student-${args.id}`))) return null;
      const row = await studentRows(ctx.platform.knex).where('students.id', args.id).first();
      return row ? toStudent(ctx, row) : null;
    },
    async studentStatusOn(_: unknown, args: { id: string; date: unknown }, ctx: GraphQLContext) {
      ctx.require('student:read');
      const { date } = parseInput(dateSchema, { date: args.date });
      if (!(await ctx.scope.findRecord(`student-${args.id}`))) return null;
      const events = (await ctx.platform.commands.students.events(args.id)).map((e) => upcast(e) as StudentEvent);
      const status = studentStatusOn(events, date);
      const [names, majors] = await Promise.all([
        organizationNames(ctx.platform.knex, status.schoolId ? [status.schoolId] : []),
        status.majorId ? (majorRows(ctx.platform.knex).where('majors.id', status.majorId) as Promise<{ name: string }[]>) : Promise.resolve([]),
      ]);
      return {
        ...status,
        phaseLabel: PHASE_LABELS[status.phase],
        schoolName: status.schoolId ? (names.get(status.schoolId) ?? null) : null,
        majorName: majors[0]?.name ?? null,
        classTypeLabel: label(CLASS_TYPE_LABELS, status.classType),
      };
    },
    async studentDuplicateCheck(_: unknown, args: { idNumber: unknown }, ctx: GraphQLContext) {
      ctx.require('student:read');
      const { idNumber } = parseInput(z.object({ idNumber: z.string({ error: '身份证号码不能为空' }).trim().min(15, { error: '请填写完整的身份证号码' }).max(40) }), { idNumber: args.idNumber });
      const row: Row | undefined = await studentRows(ctx.platform.knex).whereIn('students.id_number_bidx', ctx.platform.personalData.lookup('idNumber', idNumber)).first();
      if (!row) return { found: false, active: false, inScope: false, studentId: null, statusLabel: null, schoolName: null };
      const active = ['registering', 'enrolled', 'suspended'].includes(row.status);
      // Beyond "there is a status", only a caller who may see the record learns where and which.
      const inScope = Boolean(await ctx.scope.findRecord(row.stream_id));
      return {
        found: true,
        active,
        inScope,
        studentId: inScope ? row.id : null,
        statusLabel: inScope ? (STUDENT_STATUS_LABELS[row.status as StudentState['status']] ?? row.status) : null,
        schoolName: inScope ? (row.school_name ?? null) : null,
      };
    },
  },
  Mutation: {
    async registerStudent(_: unknown, args: { input: unknown; submit?: boolean; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('student:register');
      if (args.submit) ctx.require('review:submit');
      const input = parseRegistrationInput(args.input, today());
      const result = await ctx.platform.commands.students.register(ctx.user.orgId, input, ctx.request(args.commandId), { submit: Boolean(args.submit) });
      return commandOutcome(result, result.streamId.slice('student-'.length));
    },
    async updateStudentRegistration(_: unknown, args: { id: string; input: unknown; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('student:register');
      await ctx.scope.requireRecord(`student-${args.id}`);
      const result = await ctx.platform.commands.students.updateRegistration(args.id, parseRegistrationEdit(args.input, today()), ctx.request(args.commandId));
      return commandOutcome(result, args.id);
    },
    async cancelStudentRegistration(_: unknown, args: { id: string; reason?: unknown; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('student:register');
      await ctx.scope.requireRecord(`student-${args.id}`);
      const { reason } = parseInput(reasonSchema, { reason: args.reason ?? undefined });
      return commandOutcome(await ctx.platform.commands.students.cancelRegistration(args.id, reason, ctx.request(args.commandId)), args.id);
    },
    async applyStudentChange(_: unknown, args: { id: string; input: unknown; submit?: boolean; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('student:register');
      await ctx.scope.requireRecord(`student-${args.id}`);
      if (args.submit !== false) ctx.require('review:submit');
      const input = parseChangeInput(args.input);
      const result = await ctx.platform.commands.students.applyForChange(args.id, ctx.user.orgId, input, ctx.request(args.commandId), { submit: args.submit !== false });
      return commandOutcome(result, args.id);
    },
    async cancelStudentChange(_: unknown, args: { id: string; reason?: unknown; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('student:register');
      await ctx.scope.requireRecord(`student-${args.id}`);
      const { reason } = parseInput(reasonSchema, { reason: args.reason ?? undefined });
      return commandOutcome(await ctx.platform.commands.students.cancelChange(args.id, reason, ctx.request(args.commandId)), args.id);
    },
    async cancelStudentTransfer(_: unknown, args: { id: string; reason: unknown; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('student:register');
      await ctx.scope.requireRecord(`student-${args.id}`);
      const { reason } = parseInput(reasonSchema, { reason: args.reason });
      return commandOutcome(await ctx.platform.commands.students.cancelTransfer(args.id, reason, ctx.request(args.commandId)), args.id);
    },
    async exportStudentCard(_: unknown, args: { id: string; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('student:read');
      await ctx.scope.requireRecord(`student-${args.id}`);
      const row = await studentRows(ctx.platform.knex).where('students.id', args.id).first();
      if (!row) throw clientError('NOT_FOUND', RECORD_NOT_FOUND);
      const student = await toStudent(ctx, row);
      const revision = (await ctx.platform.commands.students.events(args.id)).length - 1;
      const [orgName] = (await organizationNames(ctx.platform.knex, [ctx.user.orgId])).values();
      // Rendered first: a card that cannot be printed (a character the font lacks) records nothing.
      const pdf = await renderStudentCard(cardData(student, revision, `${ctx.user.displayName}（${orgName ?? ''}）`, chinaTime(new Date().toISOString())));
      const result = await ctx.platform.commands.students.recordCardExport(args.id, ctx.request(args.commandId));
      return { fileName: `学籍卡-${student.name}.pdf`, contentType: 'application/pdf', contentBase64: pdf.toString('base64'), result: commandOutcome(result, args.id) };
    },
  },
};

/** The card's text from the student as the detail query shows it (personal data masked). */
function cardData(s: Awaited<ReturnType<typeof toStudent>>, revision: number, printedBy: string, printedAt: string): StudentCardData {
  const v = (value: string | number | null | undefined) => (value === null || value === undefined || value === '' ? '—' : String(value));
  return {
    schoolName: s.schoolName ?? '—',
    statusLabel: s.statusLabel,
    particulars: [
      { label: '姓名', value: s.name },
      { label: '性别', value: s.sexLabel },
      { label: '身份证号码', value: s.idNumber },
      { label: '出生日期', value: s.birthDate },
      { label: '户口性质', value: s.householdTypeLabel },
      { label: '建档立卡贫困户', value: s.povertyRegistered ? '是' : '否' },
      { label: '入学前文化程度', value: s.educationLabel },
      { label: '入学前就读学校', value: v(s.previousSchool) },
      { label: '联系电话', value: v(s.phone) },
      { label: '家庭地址', value: v(s.address) },
      { label: '专业', value: v(s.majorName) },
      { label: '班级类型', value: v(s.classTypeLabel) },
      { label: '学习形式', value: v(s.studyModeLabel) },
      { label: '年级', value: s.cohortYear ? `${s.cohortYear}级` : '—' },
      { label: '入学日期', value: v(s.enrolledOn) },
      { label: '学号', value: v(s.studentNumber) },
    ],
    changes: s.changes.map((c) => ({ effectiveOn: c.effectiveOn, kindLabel: c.kindLabel, detail: c.detail, reason: c.reason })),
    history: s.history.map((h) => ({ schoolName: h.schoolName ?? '其他院校', majorName: h.majorName ?? '—', enrolledOn: h.enrolledOn, endedOn: h.endedOn, endLabel: h.endLabel })),
    printedBy,
    printedAt,
    revision,
  };
}

export const changeKindLabel = (kind: string) => CHANGE_KIND_LABELS[kind as ChangeKind] ?? kind;
