// 数据对接 (issue 15 §7): our registrations and status changes for the national technical-school
// registration system, as a file (the default) or over its interface when configured, and its
// student list reconciled with ours. Each export and reconciliation is recorded; an export holds
// clear ID numbers, so it is recorded (with the students in it and the file's hash) before the
// file is handed out.
import { GraphQLError } from 'graphql';
import { z } from 'zod';
import { NationalRegistryError, type NationalRegistry } from '../../commands/student-exchange/national-registry';
import { exchangeFile, readNationalList, reconciliationWorkbook } from '../../commands/student-exchange/exchange-files';
import { maskIdNumber } from '../../domain/personal-data/masking';
import { calendarDate, oneOf, parseInput } from '../../domain/shared/validation';
import type { StudentState } from '../../domain/student/student';
import {
  CHANGE_CODES,
  CHANGE_FIELDS,
  CLASS_TYPE_CODES,
  compactDate,
  HOUSEHOLD_CODES,
  REGISTRATION_FIELDS,
  reconcile,
  SEX_CODES,
  STATUS_CODES,
  STUDY_MODE_CODES,
  type NationalStudent,
  type OurStudent,
  type Reconciliation,
} from '../../domain/student-exchange/national-mapping';
import { EXCHANGE_KINDS, EXCHANGE_KIND_LABELS, STUDENT_EXCHANGE_EVENT_LABELS, type ExchangeChannel, type ExchangeKind } from '../../domain/student-exchange/student-exchange';
import { changeSource, exchangeCodes, reconciliationSource, registrationSource, schoolsByCode } from '../../projections/student-exchange/exchange-source';
import { studentExchangeList } from '../../projections/student-exchange/student-exchanges-table';
import type { StudentRow } from '../../projections/student/students-table';
import { commandOutcome, type GraphQLContext } from '../graphql/context';
import { clientError } from '../graphql/errors';
import { RECORD_NOT_FOUND } from '../records';
import { mayRead } from '../storage/file-routes';

export const studentExchangeTypeDefs = /* GraphQL */ `
  "报送全国技工院校学籍系统的文件（Base64）；导出含完整身份证号，导出本身已记录"
  type NationalExchangeFile {
    fileName: String!
    contentType: String!
    contentBase64: String!
    count: Int!
    result: CommandResult!
  }
  type NationalRejection {
    name: String!
    idNumber: String!
    code: String!
    message: String!
  }
  "经接口报送的回执"
  type NationalSubmission {
    batchId: String!
    count: Int!
    accepted: Int!
    rejected: [NationalRejection!]!
    result: CommandResult!
  }
  type NationalFieldDifference {
    label: String!
    ours: String!
    theirs: String!
  }
  type NationalDifferingStudent {
    studentId: ID!
    name: String!
    idNumber: String!
    row: Int!
    differences: [NationalFieldDifference!]!
  }
  type NationalOnlyStudent {
    studentId: ID
    row: Int
    name: String!
    idNumber: String!
    schoolCode: String!
  }
  "与全国系统学生名单的比对结果（各类明细最多列出 200 人，完整清单见报告文件）"
  type NationalReconciliation {
    rows: Int!
    matched: Int!
    differingCount: Int!
    onlyNationalCount: Int!
    onlyOursCount: Int!
    duplicateRows: [Int!]!
    differing: [NationalDifferingStudent!]!
    onlyNational: [NationalOnlyStudent!]!
    onlyOurs: [NationalOnlyStudent!]!
    reportFileName: String!
    reportBase64: String!
    result: CommandResult!
  }
  "一次数据对接（导出、报送或比对）"
  type StudentExchange {
    id: ID!
    streamId: String!
    type: String!
    typeLabel: String!
    kindLabel: String
    channel: String
    orgId: ID!
    orgName: String
    schoolName: String
    count: Int!
    matched: Int
    differing: Int
    onlyNational: Int
    onlyOurs: Int
    createdAt: String!
  }
  input NationalExchangeFilter {
    schoolId: ID
    "起止日期（含）：注册按入学日期，异动按生效日期"
    from: String
    to: String
  }
  extend type Query {
    "数据权限范围内的数据对接记录（最近 100 次）"
    studentExchanges: [StudentExchange!]!
    "是否已配置全国系统接口（未配置时只能以文件方式对接）"
    nationalRegistryConnected: Boolean!
  }
  extend type Mutation {
    "导出报送文件：kind 为 registrations 学籍注册 / changes 学籍异动，format 为 xlsx / csv"
    exportForNationalSystem(kind: String!, format: String!, filter: NationalExchangeFilter, commandId: ID): NationalExchangeFile!
    "经接口报送（需配置全国系统接口）"
    submitToNationalSystem(kind: String!, filter: NationalExchangeFilter, commandId: ID): NationalSubmission!
    "上传全国系统导出的学生名单（.xlsx）与本系统比对"
    reconcileNationalList(fileId: ID!, schoolId: ID, commandId: ID): NationalReconciliation!
    "经接口取全国系统中某校的学生名单并比对（需配置全国系统接口）"
    reconcileWithNationalSystem(schoolId: ID!, commandId: ID): NationalReconciliation!
  }
`;

const filterSchema = z
  .object({ schoolId: z.string().max(100).nullish(), from: calendarDate('开始日期').nullish(), to: calendarDate('结束日期').nullish() })
  .default({})
  .transform((f) => ({ schoolId: f.schoolId ?? null, from: f.from ?? null, to: f.to ?? null }));
const kindSchema = oneOf('对接内容', EXCHANGE_KINDS);
const formatSchema = oneOf('文件格式', ['xlsx', 'csv'] as const);

type Held = Extract<StudentState, { status: 'enrolled' | 'suspended' | 'left' }>;
const statusCode = (state: StudentState) => (state.status === 'left' ? STATUS_CODES[state.leftAs] : state.status === 'enrolled' || state.status === 'suspended' ? STATUS_CODES[state.status] : '');

function requireExchange(ctx: GraphQLContext) {
  ctx.require('student:exchange');
  if (!ctx.user.orgId) throw clientError('FORBIDDEN', '只有主管部门可以与全国系统对接');
}

async function requireSchoolInScope(ctx: GraphQLContext, schoolId: string | null) {
  if (schoolId && !(await ctx.scope.findRecord(`technical-school-${schoolId}`))) throw clientError('NOT_FOUND', RECORD_NOT_FOUND);
}

/** The records of a kind for the students in scope, with the clear ID numbers (decrypted here, in memory). */
async function recordsFor(ctx: GraphQLContext, kind: ExchangeKind, filter: { schoolId: string | null; from: string | null; to: string | null }) {
  const knex = ctx.platform.knex;
  const rows: StudentRow[] = kind === 'registrations' ? await registrationSource(knex, ctx.scope, filter) : await changeSource(knex, ctx.scope, filter);
  const states = rows.map((r) => r.state as Held);
  const schoolIds = states.flatMap((s) => [s.enrolment.schoolId, ...s.changeLog.flatMap((c) => [c.schoolId, c.fromSchoolId ?? '', c.toSchoolId ?? ''])]).filter(Boolean);
  const majorIds = states.flatMap((s) => [s.enrolment.majorId, ...s.changeLog.flatMap((c) => [c.fromMajorId ?? '', c.majorId ?? ''])]).filter(Boolean);
  const codes = await exchangeCodes(knex, schoolIds, majorIds);
  const school = (id?: string) => (id ? codes.schools.get(id) : undefined);
  const major = (id?: string) => (id ? codes.majors.get(id) : undefined);
  const clearId = (s: Held) => ctx.platform.personalData.reveal('idNumber', s.person.idNumber.cipher);
  const records: Record<string, string>[] = [];
  const names: { name: string; idNumber: string }[] = [];
  for (const s of states) {
    if (kind === 'registrations') {
      const e = s.enrolment;
      records.push({
        XXDM: school(e.schoolId)?.code ?? '',
        XXMC: school(e.schoolId)?.name ?? '',
        XH: e.studentNumber,
        XM: s.person.name,
        SFZH: clearId(s),
        XB: SEX_CODES[s.person.sex],
        CSRQ: compactDate(s.person.birthDate),
        HKXZ: HOUSEHOLD_CODES[s.person.householdType],
        JDLK: s.person.povertyRegistered ? '1' : '0',
        ZYDM: major(e.majorId)?.code ?? '',
        ZYMC: major(e.majorId)?.name ?? '',
        PYCC: CLASS_TYPE_CODES[e.classType],
        XXXS: STUDY_MODE_CODES[e.studyMode],
        RXNF: String(e.cohortYear),
        RXRQ: compactDate(e.enrolledOn),
        XJZT: statusCode(s),
      });
      names.push({ name: s.person.name, idNumber: s.person.idNumber.masked });
      continue;
    }
    const within = (date: string) => (!filter.from || date >= filter.from) && (!filter.to || date <= filter.to);
    for (const c of s.changeLog.filter((c) => within(c.effectiveOn) && (!filter.schoolId || c.schoolId === filter.schoolId))) {
      records.push({
        XXDM: school(c.schoolId)?.code ?? '',
        XM: s.person.name,
        SFZH: clearId(s),
        YDLB: CHANGE_CODES[c.kind],
        YDRQ: compactDate(c.effectiveOn),
        YDYY: c.reason,
        DFXXDM: school(c.toSchoolId ?? c.fromSchoolId)?.code ?? '',
        YZYDM: major(c.fromMajorId)?.code ?? '',
        XZYDM: major(c.majorId)?.code ?? '',
        XNJ: c.cohortYear ? String(c.cohortYear) : '',
      });
      names.push({ name: s.person.name, idNumber: s.person.idNumber.masked });
    }
  }
  return { records, names, studentIds: rows.map((r) => r.id) };
}

/** Our students in the national system's terms, for the schools the national list covers (or the chosen one). */
async function ourSide(ctx: GraphQLContext, national: readonly NationalStudent[], schoolId: string | null): Promise<OurStudent[]> {
  const knex = ctx.platform.knex;
  const schoolIds = schoolId ? [schoolId] : (await schoolsByCode(knex, ctx.scope, national.map((n) => n.schoolCode))).map((s) => s.id);
  const rows = await reconciliationSource(knex, ctx.scope, schoolIds);
  const states = rows.map((r) => r.state as Held);
  const codes = await exchangeCodes(knex, states.map((s) => s.enrolment.schoolId), states.map((s) => s.enrolment.majorId));
  return states.map((s) => ({
    studentId: s.studentId,
    idNumberIndex: s.person.idNumber.blindIndex,
    idNumberMasked: s.person.idNumber.masked,
    schoolCode: codes.schools.get(s.enrolment.schoolId)?.code ?? '',
    name: s.person.name,
    majorCode: codes.majors.get(s.enrolment.majorId)?.code ?? '',
    statusCode: statusCode(s),
    cohortYear: String(s.enrolment.cohortYear),
    classTypeCode: CLASS_TYPE_CODES[s.enrolment.classType],
    studyModeCode: STUDY_MODE_CODES[s.enrolment.studyMode],
  }));
}

const LISTED = 200;

async function reconciliationOut(ctx: GraphQLContext, national: NationalStudent[], schoolId: string | null, source: { kind: 'file' | 'http'; fileId: string | null; sha256: string }, commandId?: string) {
  const ours = await ourSide(ctx, national, schoolId);
  const result: Reconciliation = reconcile(ours, national, (id) => ctx.platform.personalData.lookup('idNumber', id), maskIdNumber);
  const schools = await schoolsByCode(ctx.platform.knex, ctx.scope, ours.map((o) => o.schoolCode));
  const report = await reconciliationWorkbook(result, new Map(schools.map((s) => [s.code, s.name])));
  const request = ctx.request(commandId);
  const recorded = await ctx.platform.commands.studentExchange.record(
    {
      type: 'NationalListReconciled',
      data: {
        exchangeId: request.commandId,
        orgId: ctx.user.orgId,
        source: source.kind,
        fileId: source.fileId,
        schoolId,
        sha256: source.sha256,
        rows: national.length,
        matched: result.matched,
        differing: result.differing.length,
        onlyNational: result.onlyNational.length,
        onlyOurs: result.onlyOurs.length,
      },
    },
    request,
  );
  return {
    rows: national.length,
    matched: result.matched,
    differingCount: result.differing.length,
    onlyNationalCount: result.onlyNational.length,
    onlyOursCount: result.onlyOurs.length,
    duplicateRows: result.duplicateRows,
    differing: result.differing.slice(0, LISTED).map((d) => ({ studentId: d.studentId, name: d.name, idNumber: d.idNumberMasked, row: d.row, differences: d.differences.map((f) => ({ label: f.label, ours: f.ours, theirs: f.theirs })) })),
    onlyNational: result.onlyNational.slice(0, LISTED).map((o) => ({ studentId: null, row: o.row, name: o.name, idNumber: o.idNumberMasked, schoolCode: o.schoolCode })),
    onlyOurs: result.onlyOurs.slice(0, LISTED).map((o) => ({ studentId: o.studentId, row: null, name: o.name, idNumber: o.idNumberMasked, schoolCode: o.schoolCode })),
    reportFileName: '全国系统学籍比对报告.xlsx',
    reportBase64: report.toString('base64'),
    result: commandOutcome(recorded, request.commandId),
  };
}

function registryOf(ctx: GraphQLContext): NationalRegistry {
  const registry = ctx.platform.commands.studentExchange.registry;
  if (!registry) throw clientError('RULE_VIOLATION', '未接入全国技工院校学籍系统接口（未配置 NATIONAL_REGISTRY_URL），请使用文件方式导出和比对');
  return registry;
}

/** An interface failure as the user's error, in Chinese; the detail (paths, statuses) stays on the server side as the original error. */
const registryFailure = (error: unknown) => {
  if (error instanceof NationalRegistryError) return new GraphQLError(error.message, { extensions: { code: 'RULE_VIOLATION', registryError: error.kind }, originalError: error });
  return error;
};

export const studentExchangeResolvers = {
  Query: {
    async studentExchanges(_: unknown, _args: unknown, ctx: GraphQLContext) {
      ctx.requireAny('student:exchange', 'student:read');
      const rows = await studentExchangeList(ctx.platform.knex, ctx.scope);
      return rows.map((r) => ({
        id: r.id,
        streamId: r.stream_id,
        type: r.type,
        typeLabel: STUDENT_EXCHANGE_EVENT_LABELS[r.type as keyof typeof STUDENT_EXCHANGE_EVENT_LABELS] ?? r.type,
        kindLabel: r.kind ? EXCHANGE_KIND_LABELS[r.kind as ExchangeKind] : null,
        channel: r.channel,
        orgId: r.org_id,
        orgName: r.org_name,
        schoolName: r.school_name,
        count: r.count,
        matched: r.matched,
        differing: r.differing,
        onlyNational: r.only_national,
        onlyOurs: r.only_ours,
        createdAt: r.created_at,
      }));
    },
    nationalRegistryConnected: (_: unknown, _args: unknown, ctx: GraphQLContext) => {
      ctx.require('student:exchange');
      return Boolean(ctx.platform.commands.studentExchange.registry);
    },
  },
  Mutation: {
    async exportForNationalSystem(_: unknown, args: { kind: unknown; format: unknown; filter?: unknown; commandId?: string }, ctx: GraphQLContext) {
      requireExchange(ctx);
      const { kind, format, filter } = parseInput(z.object({ kind: kindSchema, format: formatSchema, filter: filterSchema }), { kind: args.kind, format: args.format, filter: args.filter ?? undefined });
      await requireSchoolInScope(ctx, filter.schoolId);
      const { records, studentIds } = await recordsFor(ctx, kind, filter);
      const fields = kind === 'registrations' ? REGISTRATION_FIELDS : CHANGE_FIELDS;
      const file = await exchangeFile(format, `全国系统报送-${EXCHANGE_KIND_LABELS[kind]}`, EXCHANGE_KIND_LABELS[kind], fields, records);
      const request = ctx.request(args.commandId);
      // Recorded before the file leaves: whose clear ID numbers are in it, and the file's hash.
      const recorded = await ctx.platform.commands.studentExchange.record(
        { type: 'StudentDataExported', data: { exchangeId: request.commandId, orgId: ctx.user.orgId, kind, channel: format as ExchangeChannel, filter, count: records.length, studentIds, sha256: file.sha256, receipt: null } },
        request,
      );
      return { fileName: file.fileName, contentType: file.contentType, contentBase64: file.bytes.toString('base64'), count: records.length, result: commandOutcome(recorded, request.commandId) };
    },
    async submitToNationalSystem(_: unknown, args: { kind: unknown; filter?: unknown; commandId?: string }, ctx: GraphQLContext) {
      requireExchange(ctx);
      const registry = registryOf(ctx);
      const { kind, filter } = parseInput(z.object({ kind: kindSchema, filter: filterSchema }), { kind: args.kind, filter: args.filter ?? undefined });
      await requireSchoolInScope(ctx, filter.schoolId);
      const { records, names, studentIds } = await recordsFor(ctx, kind, filter);
      const receipt = await registry.submit(kind, records).catch((error) => {
        throw registryFailure(error);
      });
      const request = ctx.request(args.commandId);
      const recorded = await ctx.platform.commands.studentExchange.record(
        {
          type: 'StudentDataExported',
          data: { exchangeId: request.commandId, orgId: ctx.user.orgId, kind, channel: 'http', filter, count: records.length, studentIds, sha256: '', receipt: { batchId: receipt.batchId, accepted: receipt.accepted, rejected: receipt.rejected.length } },
        },
        request,
      );
      return {
        batchId: receipt.batchId,
        count: records.length,
        accepted: receipt.accepted,
        rejected: receipt.rejected.map((r) => ({ name: names[r.index]?.name ?? '', idNumber: names[r.index]?.idNumber ?? '', code: r.code, message: r.message })),
        result: commandOutcome(recorded, request.commandId),
      };
    },
    async reconcileNationalList(_: unknown, args: { fileId: string; schoolId?: string | null; commandId?: string }, ctx: GraphQLContext) {
      requireExchange(ctx);
      await requireSchoolInScope(ctx, args.schoolId ?? null);
      const file = await ctx.platform.files.describe(args.fileId);
      if (!file || !(await mayRead(ctx.platform, ctx.user, file))) throw clientError('NOT_FOUND', '文件不存在或您无权使用');
      const { students, sha256 } = await readNationalList(ctx.platform.files, file);
      return reconciliationOut(ctx, students, args.schoolId ?? null, { kind: 'file', fileId: file.fileId, sha256 }, args.commandId);
    },
    async reconcileWithNationalSystem(_: unknown, args: { schoolId: string; commandId?: string }, ctx: GraphQLContext) {
      requireExchange(ctx);
      const registry = registryOf(ctx);
      await requireSchoolInScope(ctx, args.schoolId);
      const [school] = (await exchangeCodes(ctx.platform.knex, [args.schoolId], [])).schools.values();
      if (!school) throw clientError('NOT_FOUND', RECORD_NOT_FOUND);
      const students = await registry.studentList(school.code).catch((error) => {
        throw registryFailure(error);
      });
      return reconciliationOut(ctx, students, args.schoolId, { kind: 'http', fileId: null, sha256: '' }, args.commandId);
    },
  },
};
