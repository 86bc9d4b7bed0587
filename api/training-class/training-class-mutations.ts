// 培训班级 over GraphQL, the write side: every command of the class, each checked in this order:
// permission, the class in the caller's scope (missing and out of scope answer alike, before any
// rule), input parsed (Chinese field errors), then the command, whose refusal writes nothing.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { confirmedWarningsSchema } from '../../domain/personal-data/confirmable-warning';
import { chinaDate } from '../../domain/personal-data/normalize';
import { calendarDate, oneOf, optionalText, parseInput, requiredText } from '../../domain/shared/validation';
import { parseAssessmentResults } from '../../domain/training-class/assessment';
import { FUNDING_SOURCES, parseClassDetails, parseDeclaration } from '../../domain/training-class/class-details';
import { parseTimetable } from '../../domain/training-class/timetable';
import type { EnrolmentInput } from '../../commands/training-class/training-class-commands';
import { commandOutcome, type GraphQLContext } from '../graphql/context';
import { idSchema } from './training-class-graphql';

const today = () => chinaDate(new Date().toISOString());

export const trainingClassMutationTypeDefs = /* GraphQL */ `
  input TrainingClassVenueInput {
    address: String
    "区县6位行政区划代码"
    countyCode: String
    "WGS-84 纬度、经度"
    latitude: Float
    longitude: Float
  }
  input TrainingClassOccupationInput {
    code: String
    name: String
    level: String
  }
  "开班登记信息（必填项缺失时返回中文字段错误）"
  input TrainingClassInput {
    name: String
    "employment 就业技能培训 / upskilling 岗位技能提升培训 / apprenticeship 新型学徒制 / work_for_training 以工代训 / entrepreneurship 创业培训 / teacher_capability 师资能力提升培训"
    kind: String
    "创业培训类别：syb / gyb / online"
    subKind: String
    occupation: TrainingClassOccupationInput
    plannedStart: String
    plannedEnd: String
    minSize: Int
    maxSize: Int
    venue: TrainingClassVenueInput
    "subsidised 补贴性培训 / self_paid 自费培训"
    fundingSource: String
    "师资能力提升培训对应的师资库级别：county / city / province"
    targetTier: String
  }
  "课程表中的一节课（北京时间）"
  input TrainingClassSessionInput {
    date: String
    start: String
    end: String
    subject: String
    "theory 理论 / practice 实操"
    mode: String
    teacherId: ID
    venue: String
  }
  "报名一人：承诺书须已签署"
  input TrainingClassEnrolmentInput {
    personId: ID!
    "subsidised 补贴 / self_paid 自费；不填时符合补贴条件即补贴，否则自费"
    funding: String
    commitmentSigned: Boolean
    commitmentSignedOn: String
    "承诺书扫描件（POST /files?purpose=document）"
    commitmentFileId: ID
    "职业培训券券号（持券人本人的、未使用的培训券；仅开班前报名可用，须为补贴性报名）"
    voucherNo: String
  }
  input TeachingPlanInput {
    totalHours: Int
    theoryPercent: Int
    practicePercent: Int
    outline: String
  }
  input AssessmentPlanInput {
    "written_practical / written / practical / skill_certificate"
    mode: String
    passScore: Int
    plannedDate: String
    organiser: String
    description: String
  }
  "班级申报：教学计划、考核方案、教学资源、附件与机构承诺"
  input TrainingClassDeclarationInput {
    teachingPlan: TeachingPlanInput
    assessmentPlan: AssessmentPlanInput
    resources: [String!]
    attachments: [AttachmentInput!]
    commitment: Boolean
  }
  input TrainingClassRemovalInput {
    participantId: ID!
    reason: String!
  }
  "开班后的变更：未填写的部分保持不变"
  input TrainingClassChangeInput {
    timetable: [TrainingClassSessionInput!]
    teacherIds: [ID!]
    enrol: [TrainingClassEnrolmentInput!]
    remove: [TrainingClassRemovalInput!]
    reason: String
  }
  input AssessmentResultInput {
    participantId: ID
    writtenScore: Float
    practicalScore: Float
    certificateNo: String
    passed: Boolean
  }
  input StartUpInput {
    businessName: String
    creditCode: String
    startedOn: String
  }
  "后续跟踪（结业后第 milestone 个月）"
  input FollowUpInput {
    participantId: ID
    milestone: Int
    "employed 就业 / self_employed 自主创业 / studying 升学 / unemployed 未就业"
    status: String
    employer: String
    occupation: String
    "below_2000 / from_2000 / from_3000 / from_5000 / from_8000"
    payBand: String
    startUp: StartUpInput
    contactedOn: String
    note: String
  }
  extend type Mutation {
    "开班登记（培训机构）：工种须在已发布目录中且本机构已获准；班级编号自动生成"
    registerTrainingClass(input: TrainingClassInput!, commandId: ID): CommandResult!
    "修改班级信息（开班前，申报审核中除外）"
    editTrainingClass(id: ID!, input: TrainingClassInput!, commandId: ID): CommandResult!
    "编排课程表（开班前）：同一教师、学员不能有时间重叠的课程（全省范围）"
    setTrainingClassTimetable(id: ID!, sessions: [TrainingClassSessionInput!]!, commandId: ID): CommandResult!
    "选配教师（替换原名单，开班前）：须为本机构师资库中已生效、已取得上岗资格且未被撤销的教师"
    assignTrainingClassTeachers(id: ID!, teacherIds: [ID!]!, commandId: ID): CommandResult!
    "学员报名（名单，开班前）：检查时间冲突与补贴资格"
    enrolTrainingClassParticipants(id: ID!, enrolments: [TrainingClassEnrolmentInput!]!, commandId: ID): CommandResult!
    "按身份证号报名一人"
    enrolTrainingClassByIdNumber(id: ID!, idNumber: String!, name: String, funding: String, commitmentSigned: Boolean, commitmentSignedOn: String, commitmentFileId: ID, commandId: ID): CommandResult!
    "退学（开班后保留在名册中）或移出名册（开班前）"
    withdrawTrainingClassParticipant(id: ID!, participantId: ID!, reason: String!, commandId: ID): CommandResult!
    "班级申报：须在开班日期前若干个工作日（按工作日历），同时提交审核"
    declareTrainingClass(id: ID!, declaration: TrainingClassDeclarationInput!, note: String, commandId: ID): CommandResult!
    "开班后申请变更名册、教师或课程表；submit 为 true 时同时提交审核"
    proposeTrainingClassChange(id: ID!, change: TrainingClassChangeInput!, submit: Boolean = false, commandId: ID): CommandResult!
    "放弃未在审核中的变更申请"
    discardTrainingClassChange(id: ID!, reason: String!, commandId: ID): CommandResult!
    "开始培训（不早于计划开班日期）"
    startTrainingClass(id: ID!, commandId: ID): CommandResult!
    "暂停培训（主管部门）"
    suspendTrainingClass(id: ID!, reason: String!, commandId: ID): CommandResult!
    "恢复培训（主管部门）"
    resumeTrainingClass(id: ID!, reason: String!, commandId: ID): CommandResult!
    "取消班级：培训机构在开始培训前，主管部门在结业前"
    cancelTrainingClass(id: ID!, reason: String!, commandId: ID): CommandResult!
    "标记出勤（该节课的授课教师名义，须填写原因）"
    markTrainingClassAttendance(id: ID!, sessionId: ID!, participantId: ID!, present: Boolean!, reason: String!, commandId: ID): CommandResult!
    "点名：一节课的出勤一次标记（该节课的授课教师名义）"
    markTrainingClassRollCall(id: ID!, sessionId: ID!, present: [ID!]!, absent: [ID!]!, reason: String!, commandId: ID): CommandResult!
    "录入考核结果"
    recordTrainingClassAssessments(id: ID!, results: [AssessmentResultInput!]!, commandId: ID): CommandResult!
    "申请结业：按出勤与考核结果计算结业人员，同时提交审核；审核通过后发放培训合格证书"
    requestTrainingClassCompletion(id: ID!, note: String, commandId: ID): CommandResult!
    "记录后续跟踪"
    recordTrainingClassFollowUp(id: ID!, followUp: FollowUpInput!, confirmedWarnings: [String!], commandId: ID): CommandResult!
    "重新打印全班培训合格证书（结业时已自动打印）"
    printTrainingClassCertificates(id: ID!, commandId: ID): CommandResult!
  }
`;

const enrolmentSchema = z.object({
  personId: idSchema('人员'),
  funding: oneOf('资金方式', FUNDING_SOURCES).nullish(),
  commitmentSigned: z.boolean({ error: '请确认学员已签署培训承诺书' }),
  commitmentSignedOn: calendarDate('承诺书签署日期'),
  commitmentFileId: idSchema('承诺书文件').nullish(),
  voucherNo: z.string({ error: '培训券券号格式不正确' }).trim().max(32, { error: '培训券券号不能超过32个字' }).regex(/^[0-9A-Za-z]*$/, { error: '培训券券号只能包含字母和数字' }).nullish(),
});

const enrolmentsOf = (raw: unknown, field = 'enrolments'): EnrolmentInput[] =>
  parseInput(z.object({ [field]: z.array(enrolmentSchema).max(1000, { error: '一次最多报名1000人' }) }), { [field]: raw })[field]!.map((e) => ({
    personId: e.personId,
    ...(e.funding ? { funding: e.funding } : {}),
    commitmentSigned: e.commitmentSigned,
    commitmentSignedOn: e.commitmentSignedOn,
    commitmentFileId: e.commitmentFileId ?? null,
    ...(e.voucherNo ? { voucherNo: e.voucherNo } : {}),
  }));

const changeSchema = z.object({
  teacherIds: z.array(idSchema('教师')).max(200).nullish(),
  remove: z.array(z.object({ participantId: idSchema('人员'), reason: z.string().max(2000) })).max(1000).nullish(),
  reason: z.string().max(2000).nullish(),
});

type Args = { id: string; commandId?: string };

/** Permission, then the class in the caller's scope (before any rule): the id the commands take. */
async function inScope(ctx: GraphQLContext, id: string, ...permissions: Parameters<GraphQLContext['requireAny']>) {
  ctx.requireAny(...permissions);
  const classId = parseInput(idSchema('班级'), id);
  await ctx.scope.requireRecord(`training-class-${classId}`);
  return classId;
}

const outcome = (result: Parameters<typeof commandOutcome>[0], id: string) => commandOutcome(result, id);

export const trainingClassMutationResolvers = {
  Mutation: {
    async registerTrainingClass(_: unknown, args: { input: unknown; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('training-class:manage');
      const details = parseClassDetails(args.input, today());
      const request = ctx.request(args.commandId);
      // A client-sent command id names the class: a retried request finds the same class.
      const classId = args.commandId ? request.commandId : randomUUID();
      return outcome(await ctx.platform.commands.trainingClasses.register(ctx.user.orgId, details, request, { classId }), classId);
    },
    async editTrainingClass(_: unknown, args: Args & { input: unknown }, ctx: GraphQLContext) {
      const id = await inScope(ctx, args.id, 'training-class:manage');
      return outcome(await ctx.platform.commands.trainingClasses.edit(id, parseClassDetails(args.input, today()), ctx.request(args.commandId)), id);
    },
    async setTrainingClassTimetable(_: unknown, args: Args & { sessions: unknown }, ctx: GraphQLContext) {
      const id = await inScope(ctx, args.id, 'training-class:manage');
      return outcome(await ctx.platform.commands.trainingClasses.setTimetable(id, parseTimetable(args.sessions), ctx.request(args.commandId)), id);
    },
    async assignTrainingClassTeachers(_: unknown, args: Args & { teacherIds: unknown }, ctx: GraphQLContext) {
      const id = await inScope(ctx, args.id, 'training-class:manage');
      const teacherIds = parseInput(z.object({ teacherIds: z.array(idSchema('教师')).max(200, { error: '最多选配200名教师' }) }), { teacherIds: args.teacherIds }).teacherIds;
      return outcome(await ctx.platform.commands.trainingClasses.assignTeachers(id, teacherIds, ctx.request(args.commandId)), id);
    },
    async enrolTrainingClassParticipants(_: unknown, args: Args & { enrolments: unknown }, ctx: GraphQLContext) {
      const id = await inScope(ctx, args.id, 'training-class:manage');
      return outcome(await ctx.platform.commands.trainingClasses.enrol(id, enrolmentsOf(args.enrolments), ctx.request(args.commandId)), id);
    },
    async enrolTrainingClassByIdNumber(_: unknown, args: Args & { idNumber: string; name?: string | null; funding?: string | null; commitmentSigned?: boolean; commitmentSignedOn?: string; commitmentFileId?: string | null }, ctx: GraphQLContext) {
      const id = await inScope(ctx, args.id, 'training-class:manage');
      const idNumber = parseInput(z.object({ idNumber: requiredText('身份证号码', 30) }), { idNumber: args.idNumber }).idNumber;
      const personId = await ctx.platform.commands.trainingClasses.personByIdNumber(id, idNumber, args.name ?? undefined);
      const [enrolment] = enrolmentsOf([{ personId, funding: args.funding, commitmentSigned: args.commitmentSigned, commitmentSignedOn: args.commitmentSignedOn, commitmentFileId: args.commitmentFileId }], 'enrolment');
      return outcome(await ctx.platform.commands.trainingClasses.enrol(id, [enrolment!], ctx.request(args.commandId)), id);
    },
    async withdrawTrainingClassParticipant(_: unknown, args: Args & { participantId: string; reason: string }, ctx: GraphQLContext) {
      const id = await inScope(ctx, args.id, 'training-class:manage');
      return outcome(await ctx.platform.commands.trainingClasses.withdraw(id, parseInput(idSchema('人员'), args.participantId), args.reason, ctx.request(args.commandId)), id);
    },
    async declareTrainingClass(_: unknown, args: Args & { declaration: unknown; note?: string | null }, ctx: GraphQLContext) {
      const id = await inScope(ctx, args.id, 'training-class:manage');
      ctx.require('review:submit');
      const note = parseInput(optionalText('申报说明', 2000, { multiline: true }), args.note ?? '');
      return outcome(await ctx.platform.commands.trainingClasses.declare(id, parseDeclaration(args.declaration), note, ctx.request(args.commandId)), id);
    },
    async proposeTrainingClassChange(_: unknown, args: Args & { change: Record<string, unknown>; submit?: boolean }, ctx: GraphQLContext) {
      const id = await inScope(ctx, args.id, 'training-class:manage');
      if (args.submit) ctx.require('review:submit');
      const raw = args.change ?? {};
      const plain = parseInput(changeSchema, raw);
      const change = {
        ...(raw.timetable ? { timetable: parseTimetable(raw.timetable) } : {}),
        ...(plain.teacherIds ? { teacherIds: plain.teacherIds } : {}),
        ...(raw.enrol ? { enrol: enrolmentsOf(raw.enrol, 'enrol') } : {}),
        ...(plain.remove ? { remove: plain.remove } : {}),
        reason: plain.reason ?? '',
        submit: Boolean(args.submit),
      };
      return outcome(await ctx.platform.commands.trainingClasses.proposeChange(id, change, ctx.request(args.commandId)), id);
    },
    async discardTrainingClassChange(_: unknown, args: Args & { reason: string }, ctx: GraphQLContext) {
      const id = await inScope(ctx, args.id, 'training-class:manage');
      return outcome(await ctx.platform.commands.trainingClasses.discardChange(id, args.reason, ctx.request(args.commandId)), id);
    },
    async startTrainingClass(_: unknown, args: Args, ctx: GraphQLContext) {
      const id = await inScope(ctx, args.id, 'training-class:manage');
      return outcome(await ctx.platform.commands.trainingClasses.start(id, ctx.request(args.commandId)), id);
    },
    async suspendTrainingClass(_: unknown, args: Args & { reason: string }, ctx: GraphQLContext) {
      const id = await inScope(ctx, args.id, 'training-class:supervise');
      return outcome(await ctx.platform.commands.trainingClasses.suspend(id, args.reason, ctx.request(args.commandId)), id);
    },
    async resumeTrainingClass(_: unknown, args: Args & { reason: string }, ctx: GraphQLContext) {
      const id = await inScope(ctx, args.id, 'training-class:supervise');
      return outcome(await ctx.platform.commands.trainingClasses.resume(id, args.reason, ctx.request(args.commandId)), id);
    },
    async cancelTrainingClass(_: unknown, args: Args & { reason: string }, ctx: GraphQLContext) {
      const id = await inScope(ctx, args.id, 'training-class:manage', 'training-class:supervise');
      return outcome(await ctx.platform.commands.trainingClasses.cancel(id, args.reason, ctx.request(args.commandId)), id);
    },
    async markTrainingClassAttendance(_: unknown, args: Args & { sessionId: string; participantId: string; present: boolean; reason: string }, ctx: GraphQLContext) {
      const id = await inScope(ctx, args.id, 'training-class:manage');
      const mark = parseInput(
        z.object({ sessionId: z.string().max(20), participantId: idSchema('人员'), present: z.boolean(), reason: z.string().max(2000) }),
        { sessionId: args.sessionId, participantId: args.participantId, present: args.present, reason: args.reason },
      );
      return outcome(await ctx.platform.commands.trainingClasses.markAttendance(id, mark, ctx.request(args.commandId)), id);
    },
    async markTrainingClassRollCall(_: unknown, args: Args & { sessionId: string; present: unknown; absent: unknown; reason: string }, ctx: GraphQLContext) {
      const id = await inScope(ctx, args.id, 'training-class:manage');
      const people = z.array(idSchema('人员')).max(1000);
      const call = parseInput(z.object({ sessionId: z.string().max(20), present: people, absent: people, reason: z.string().max(2000) }), { sessionId: args.sessionId, present: args.present, absent: args.absent, reason: args.reason });
      return outcome(await ctx.platform.commands.trainingClasses.markRollCall(id, call, ctx.request(args.commandId)), id);
    },
    async recordTrainingClassAssessments(_: unknown, args: Args & { results: unknown }, ctx: GraphQLContext) {
      const id = await inScope(ctx, args.id, 'training-class:manage');
      return outcome(await ctx.platform.commands.trainingClasses.recordAssessments(id, parseAssessmentResults(args.results), ctx.request(args.commandId)), id);
    },
    async requestTrainingClassCompletion(_: unknown, args: Args & { note?: string | null }, ctx: GraphQLContext) {
      const id = await inScope(ctx, args.id, 'training-class:manage');
      ctx.require('review:submit');
      const note = parseInput(optionalText('结业说明', 2000, { multiline: true }), args.note ?? '');
      return outcome(await ctx.platform.commands.trainingClasses.requestCompletion(id, note, ctx.request(args.commandId)), id);
    },
    async recordTrainingClassFollowUp(_: unknown, args: Args & { followUp: unknown; confirmedWarnings?: unknown }, ctx: GraphQLContext) {
      const id = await inScope(ctx, args.id, 'training-class:manage');
      const confirmed = parseInput(confirmedWarningsSchema, args.confirmedWarnings ?? undefined);
      return outcome(await ctx.platform.commands.trainingClasses.recordFollowUp(id, args.followUp, confirmed, ctx.request(args.commandId)), id);
    },
    async printTrainingClassCertificates(_: unknown, args: Args, ctx: GraphQLContext) {
      const id = await inScope(ctx, args.id, 'training-class:manage');
      return outcome(await ctx.platform.commands.classCertificates.print(id, ctx.request(args.commandId)), id);
    },
  },
};
