// The training class as GraphQL shows it: its details, timetable, teachers and roster (approved
// values, and pending ones while a change request waits), declaration, attendance matrix,
// assessments and completion, certificates and follow-up. Personal data appears only masked, as
// the class's own events carry it.
import { PREFECTURES } from '../../domain/organization/guizhou-divisions';
import { SKILL_LEVEL_LABELS } from '../../domain/occupation/occupation-details';
import { ASSESSMENT_MODE_LABELS, ENTREPRENEURSHIP_SUB_KIND_LABELS, FUNDING_SOURCE_LABELS, PARTICIPANT_KIND_LABELS, SESSION_MODE_LABELS, TRAINING_KIND_LABELS, subjectLabel } from '../../domain/training-class/class-details';
import type { TrainingKindSettings } from '../../domain/training-class/class-settings';
import { attendanceSummary, percentText, type AttendanceCapture, type ParticipantOutcome } from '../../domain/training-class/attendance';
import { rosterMembers } from '../../domain/training-class/completion';
import { describeEligibility, type EligibilityOutcome } from '../../domain/training-class/eligibility';
import type { CompletionRequest, Declaration } from '../../domain/training-class/events';
import { INSPECTION_MODE_LABELS, RECTIFICATION_STATUS_LABELS } from '../../domain/training-class/inspection';
import { FOLLOW_UP_STATUS_LABELS, PAY_BAND_LABELS, type FollowUpRecord } from '../../domain/training-class/follow-up';
import { CANCELLED_BY_LABELS, REVIEW_SUBJECT_LABELS, TRAINING_CLASS_STATUS_LABELS } from '../../domain/training-class/labels';
import type { AssignedTeacher, RosterEntry } from '../../domain/training-class/participants';
import { approvedAndPending, overdueFollowUps } from '../../domain/training-class/queries';
import type { ExistingClass } from '../../domain/training-class/state';
import type { Session } from '../../domain/training-class/timetable';
import { POOL_TIER_LABELS } from '../../domain/teacher/teacher-input';
import type { TrainingClassRow } from '../../projections/training-class/training-classes-table';
import { reviewFieldTypeDefs, reviewFields } from '../review/review-fields';

export const COUNTY_NAMES = new Map(PREFECTURES.flatMap((p) => p.counties.map((c) => [c.code, `${p.name}${c.name}`] as const)));
const chinaToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

export const trainingClassTypeDefs = /* GraphQL */ `
  type TrainingClassVenue {
    address: String!
    countyCode: String!
    countyName: String
    "WGS-84"
    latitude: Float!
    longitude: Float!
  }
  type TrainingClassOccupation {
    code: String!
    name: String!
    level: String!
    levelLabel: String!
  }
  "课程表中的一节课（时间为北京时间；startsAt/endsAt 为 UTC 时刻）"
  type TrainingClassSession {
    "节次编号：上课日期与开始时间，如 2026-03-16T09:00"
    sessionId: ID!
    date: String!
    start: String!
    end: String!
    subject: String!
    mode: String!
    modeLabel: String!
    teacherId: ID!
    teacherName: String
    venue: String!
    startsAt: String!
    endsAt: String!
    minutes: Int!
  }
  type TrainingClassTeacher {
    teacherId: ID!
    name: String!
  }
  type EligibilityReason {
    rule: String!
    message: String!
  }
  "报名时的补贴资格判定及理由"
  type EnrolmentEligibility {
    eligible: Boolean!
    reasons: [EligibilityReason!]!
    policyVersion: Int!
    description: String!
  }
  "名册中的一人（身份证号仅显示脱敏值）"
  type TrainingClassParticipant {
    personId: ID!
    "trainee 学员 / teacher 教师（师资能力提升培训）"
    kind: String!
    kindLabel: String!
    name: String!
    idNumber: String!
    funding: String!
    fundingLabel: String!
    eligibility: EnrolmentEligibility
    commitmentSignedOn: String!
    commitmentFileId: ID
    enrolledOn: String!
    "加入名册的日期（开班后经变更加入的为变更生效日，待审核的为空）"
    joinedOn: String
    withdrawn: Boolean!
    withdrawalReason: String
    withdrawnOn: String
  }
  type TrainingClassComposition {
    timetable: [TrainingClassSession!]!
    teachers: [TrainingClassTeacher!]!
    roster: [TrainingClassParticipant!]!
  }
  type TrainingClassRemoval {
    participantId: ID!
    reason: String!
  }
  "开班后的变更申请：审核通过后生效"
  type TrainingClassChange {
    reason: String!
    timetableChanged: Boolean!
    teachersChanged: Boolean!
    enrolled: [TrainingClassParticipant!]!
    removed: [TrainingClassRemoval!]!
  }
  type TeachingPlan {
    totalHours: Int!
    theoryPercent: Int!
    practicePercent: Int!
    outline: String!
  }
  type AssessmentPlan {
    mode: String!
    modeLabel: String!
    passScore: Int!
    plannedDate: String!
    organiser: String!
    description: String!
  }
  type TimetableTotals {
    minutes: Int!
    theoryMinutes: Int!
    practiceMinutes: Int!
    classHours: Int!
    theoryPercent: Int!
  }
  type TrainingClassDeclaration {
    declaredOn: String!
    "最晚申报日（开班前 leadWorkingDays 个工作日）"
    latestDeclarationDate: String!
    leadWorkingDays: Int!
    teachingPlan: TeachingPlan!
    assessmentPlan: AssessmentPlan!
    resources: [String!]!
    attachments: [Attachment!]!
    totals: TimetableTotals!
  }
  type TrainingClassAssessment {
    participantId: ID!
    writtenScore: Float
    practicalScore: Float
    certificateNo: String
    passed: Boolean!
  }
  "有效培训日判定：到课人数低于比例的一天不计入任何人的学时"
  type TrainingClassDay {
    date: String!
    rosterSize: Int!
    attended: Int!
    counts: Boolean!
  }
  type TrainingClassOutcome {
    participantId: ID!
    name: String!
    "出勤率（千分比，取整）"
    ratePermille: Int!
    rateText: String!
    creditedMinutes: Int!
    scheduledMinutes: Int!
    assessmentPassed: Boolean
    completed: Boolean!
    "未结业的原因"
    reasons: [String!]!
  }
  "结业申请（按出勤和考核结果计算，经审核后结业）"
  type TrainingClassCompletionRequest {
    requestedOn: String!
    capturesAsOf: String!
    captureCount: Int!
    minAttendancePercent: Int!
    classDayThresholdPercent: Int!
    days: [TrainingClassDay!]!
    outcomes: [TrainingClassOutcome!]!
  }
  type TrainingCertificateRef {
    participantId: ID!
    name: String!
    certificateNo: String!
  }
  "全班培训合格证书（一个 PDF，每人一页），经 GET /files/<fileId> 下载（下载记入审计）"
  type TrainingCertificateFile {
    fileId: ID!
    url: String!
    printedOn: String!
  }
  type TrainingClassCompletion {
    completedOn: String!
    request: TrainingClassCompletionRequest!
    certificates: [TrainingCertificateRef!]!
    certificateFile: TrainingCertificateFile
  }
  type StartUp {
    businessName: String!
    creditCode: String!
    startedOn: String!
  }
  "后续跟踪记录（结业后第 milestone 个月）"
  type TrainingClassFollowUp {
    participantId: ID!
    name: String
    milestone: Int!
    status: String!
    statusLabel: String!
    employer: String!
    occupation: String!
    payBand: String
    payBandLabel: String
    startUp: StartUp
    contactedOn: String!
    note: String!
    recordedOn: String!
  }
  type OverdueFollowUp {
    classId: ID!
    className: String
    institutionId: ID!
    participantId: ID!
    name: String!
    milestone: Int!
    dueOn: String!
    "宽限期满后已逾期的天数"
    daysOverdue: Int!
  }
  type TrainingClassSuspension {
    reason: String!
    byOrgId: ID!
    since: String!
  }
  type TrainingClassCancellation {
    reason: String!
    by: String!
    byLabel: String!
    byOrgId: ID
    on: String!
  }
  type AttendanceCell {
    sessionId: ID!
    present: Boolean!
    "capture 抓拍签到 / manual 教师标记 / none 无记录"
    source: String!
    reason: String
  }
  type AttendanceRow {
    participantId: ID!
    name: String!
    withdrawn: Boolean!
    cells: [AttendanceCell!]!
    attendedMinutes: Int!
    creditedMinutes: Int!
    scheduledMinutes: Int!
    ratePermille: Int!
    rateText: String!
  }
  "出勤矩阵（人员 × 课次），按本培训类型当前的设置计算"
  type TrainingClassAttendance {
    sessions: [TrainingClassSession!]!
    rows: [AttendanceRow!]!
    days: [TrainingClassDay!]!
    minAttendancePercent: Int!
  }
  "证据文件（照片、附件）：经 GET /files/<fileId> 查看（查看记入审计）"
  type EvidenceFile {
    fileId: ID!
    name: String!
    sha256: String!
  }
  type RectificationReply {
    reply: String!
    attachments: [EvidenceFile!]!
    repliedOn: String!
  }
  type RectificationDecision {
    accepted: Boolean!
    opinion: String!
    byOrgId: ID!
    on: String!
  }
  "检查记录"
  type TrainingClassInspection {
    inspectionId: ID!
    "on_site 现场检查 / remote 远程检查"
    mode: String!
    modeLabel: String!
    inspectedOn: String!
    findings: String!
    photos: [EvidenceFile!]!
    rectificationRequired: Boolean!
    rectifyBy: String
    byOrgId: ID!
    inspectorId: ID!
    "not_required 无需整改 / awaiting_reply 待整改回复 / replied 已回复待审核 / accepted 整改通过 / returned 整改回复退回"
    status: String!
    statusLabel: String!
    replies: [RectificationReply!]!
    decisions: [RectificationDecision!]!
  }
  "培训班级"
  type TrainingClass {
    id: ID!
    streamId: String!
    classNo: String!
    name: String!
    kind: String!
    kindLabel: String!
    subKind: String
    subKindLabel: String
    "培训项目：工种及等级，或创业培训类别"
    subject: String!
    occupation: TrainingClassOccupation
    plannedStart: String!
    plannedEnd: String!
    minSize: Int!
    maxSize: Int!
    enrolled: Int!
    venue: TrainingClassVenue!
    fundingSource: String!
    fundingSourceLabel: String!
    targetTier: String
    targetTierLabel: String
    institutionId: ID!
    institutionName: String
    "draft 草稿 / declared 已申报 / approved 已开班 / in_progress 培训中 / suspended 已暂停 / completed 已结业 / cancelled 已取消"
    status: String!
    statusLabel: String!
    ${reviewFieldTypeDefs}
    "当前（或最近一轮）审核的事项：declaration 开班申报 / change 变更申请 / completion 结业申请"
    reviewSubject: String
    reviewSubjectLabel: String
    "已生效的批次（开班为 1，每次变更生效加 1）"
    version: Int!
    "生效的课程表、教师和名册"
    timetable: [TrainingClassSession!]!
    teachers: [TrainingClassTeacher!]!
    roster: [TrainingClassParticipant!]!
    "待审核的变更（无则为空）及变更后的值"
    change: TrainingClassChange
    pending: TrainingClassComposition
    declaration: TrainingClassDeclaration
    openedOn: String
    startedOn: String
    suspension: TrainingClassSuspension
    cancellation: TrainingClassCancellation
    assessments: [TrainingClassAssessment!]!
    completionRequest: TrainingClassCompletionRequest
    completion: TrainingClassCompletion
    followUps: [TrainingClassFollowUp!]!
    overdueFollowUps: [OverdueFollowUp!]!
    "出勤矩阵（按需计算）"
    attendance: TrainingClassAttendance!
    inspections: [TrainingClassInspection!]!
    createdAt: String!
    updatedAt: String!
  }
`;

const sessionOut = (teachers: readonly AssignedTeacher[]) => (s: Session) => ({
  ...s,
  modeLabel: SESSION_MODE_LABELS[s.mode],
  teacherName: teachers.find((t) => t.teacherId === s.teacherId)?.name ?? null,
});

const eligibilityOut = (e: EligibilityOutcome | null) => e && { ...e, description: describeEligibility(e) };

const participantOut = (e: Omit<RosterEntry, 'joinedOn' | 'withdrawal'> & { joinedOn?: string; withdrawal?: RosterEntry['withdrawal'] }) => ({
  personId: e.participant.personId,
  kind: e.participant.kind,
  kindLabel: PARTICIPANT_KIND_LABELS[e.participant.kind],
  name: e.participant.name,
  idNumber: e.participant.idNumberMasked,
  funding: e.funding,
  fundingLabel: FUNDING_SOURCE_LABELS[e.funding],
  eligibility: eligibilityOut(e.eligibility),
  commitmentSignedOn: e.commitment.signedOn,
  commitmentFileId: e.commitment.fileId,
  enrolledOn: e.enrolledOn,
  joinedOn: e.joinedOn || null,
  withdrawn: Boolean(e.withdrawal),
  withdrawalReason: e.withdrawal?.reason ?? null,
  withdrawnOn: e.withdrawal?.on ?? null,
});

const declarationOut = (d: Declaration) => ({
  ...d,
  assessmentPlan: { ...d.assessmentPlan, modeLabel: ASSESSMENT_MODE_LABELS[d.assessmentPlan.mode] },
});

const outcomeOut = (o: ParticipantOutcome) => ({ ...o, rateText: percentText(o.ratePermille) });

const requestOut = (r: CompletionRequest) => ({
  ...r,
  minAttendancePercent: r.rules.minAttendancePercent,
  classDayThresholdPercent: r.rules.classDayThresholdPercent,
  outcomes: r.outcomes.map(outcomeOut),
});

const followUpOut = (names: Map<string, string>) => (f: FollowUpRecord) => ({
  ...f,
  name: names.get(f.participantId) ?? null,
  statusLabel: FOLLOW_UP_STATUS_LABELS[f.status],
  payBandLabel: f.payBand ? PAY_BAND_LABELS[f.payBand] : null,
});

/** The attendance matrix from the capture module's counting captures and the class's marks (the audited correction), under the kind's settings. */
export function attendanceMatrix(state: ExistingClass, settings: TrainingKindSettings, captures: readonly AttendanceCapture[] = []) {
  const roster = rosterMembers(state.roster);
  const summary = attendanceSummary({ sessions: state.timetable, roster, captures, marks: state.marks, rules: settings });
  const byId = new Map(summary.participants.map((p) => [p.participantId, p]));
  return {
    sessions: state.timetable.map(sessionOut(state.teachers)),
    rows: roster.map((m) => {
      const p = byId.get(m.participantId)!;
      return {
        participantId: m.participantId,
        name: m.name,
        withdrawn: m.withdrawnOn !== null,
        cells: state.timetable.map((s) => ({ sessionId: s.sessionId, ...p.sessions[s.sessionId]!, reason: p.sessions[s.sessionId]?.reason ?? null })),
        attendedMinutes: p.attendedMinutes,
        creditedMinutes: p.creditedMinutes,
        scheduledMinutes: p.scheduledMinutes,
        ratePermille: p.ratePermille,
        rateText: percentText(p.ratePermille),
      };
    }),
    days: summary.days,
    minAttendancePercent: settings.minAttendancePercent,
  };
}

/**
 * A class row as the API shows it: the light fields at once (columns, details, review, status
 * facts); the heavy ones (timetable, roster, declaration, completion, attendance ...) resolved from
 * the full state only when a query asks for them (heavyFieldResolvers): a list page reads summaries
 * of its rows (projections/training-class/training-class-list.ts), never twenty whole rosters.
 */
export function toTrainingClass(row: Pick<TrainingClassRow, 'id' | 'stream_id' | 'enrolled' | 'created_at' | 'updated_at'> & { state: ExistingClass }, institutionNames: ReadonlyMap<string, string>, full = true) {
  const s = row.state;
  const d = s.details;
  return {
    id: row.id,
    streamId: row.stream_id,
    classNo: s.classNo,
    name: d.name,
    kind: d.kind,
    kindLabel: TRAINING_KIND_LABELS[d.kind],
    subKind: d.subKind,
    subKindLabel: d.subKind ? ENTREPRENEURSHIP_SUB_KIND_LABELS[d.subKind] : null,
    subject: subjectLabel(d),
    occupation: d.occupation && { ...d.occupation, levelLabel: SKILL_LEVEL_LABELS[d.occupation.level] },
    plannedStart: d.plannedStart,
    plannedEnd: d.plannedEnd,
    minSize: d.minSize,
    maxSize: d.maxSize,
    enrolled: row.enrolled,
    venue: { ...d.venue, countyName: COUNTY_NAMES.get(d.venue.countyCode) ?? null },
    fundingSource: d.fundingSource,
    fundingSourceLabel: FUNDING_SOURCE_LABELS[d.fundingSource],
    targetTier: d.targetTier,
    targetTierLabel: d.targetTier ? POOL_TIER_LABELS[d.targetTier] : null,
    institutionId: s.institutionId,
    institutionName: institutionNames.get(s.institutionId) ?? null,
    status: s.status,
    statusLabel: TRAINING_CLASS_STATUS_LABELS[s.status],
    ...reviewFields(s.review),
    reviewSubject: s.subject,
    reviewSubjectLabel: s.subject ? REVIEW_SUBJECT_LABELS[s.subject] : null,
    version: s.version,
    openedOn: 'openedOn' in s ? s.openedOn : null,
    startedOn: 'startedOn' in s ? s.startedOn : null,
    suspension: s.status === 'suspended' ? s.suspension : null,
    cancellation: s.status === 'cancelled' ? { ...s.cancellation, byLabel: CANCELLED_BY_LABELS[s.cancellation.by as keyof typeof CANCELLED_BY_LABELS] ?? s.cancellation.by } : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    /** The full state (when the row had it), or how the heavy field resolvers get it. */
    _state: full ? s : null,
    _id: row.id,
  };
}

export type TrainingClassOut = ReturnType<typeof toTrainingClass>;

/** The heavy parts of a class, from its full state (export columns use a few of them). */
export function heavyFields(id: string, s: ExistingClass) {
  const both = approvedAndPending(s)!;
  const change = 'change' in s ? s.change : null;
  const names = new Map(s.roster.map((e) => [e.participant.personId, e.participant.name]));
  const composition = (c: typeof both.approved) => ({ timetable: c.timetable.map(sessionOut(c.teachers)), teachers: c.teachers, roster: c.roster.map(participantOut) });
  return {
    ...composition(both.approved),
    change: change && {
      reason: change.reason,
      timetableChanged: change.timetable !== null,
      teachersChanged: change.teachers !== null,
      enrolled: change.enrol.map(participantOut),
      removed: change.remove,
    },
    pending: both.pending && composition(both.pending),
    declaration: 'declaration' in s && s.declaration ? declarationOut(s.declaration) : null,
    assessments: s.assessments,
    completionRequest: (s.status === 'in_progress' || s.status === 'suspended') && s.completionRequest ? requestOut(s.completionRequest) : null,
    completion:
      s.status === 'completed'
        ? {
            completedOn: s.completion.completedOn,
            request: requestOut(s.completion.request),
            certificates: s.completion.certificates,
            certificateFile: s.certificateFile && { fileId: s.certificateFile.fileId, url: `/files/${s.certificateFile.fileId}`, printedOn: s.certificateFile.printedOn },
          }
        : null,
    followUps: s.status === 'completed' ? s.followUps.map(followUpOut(names)) : [],
    inspections: s.inspections.map((i) => ({ ...i, modeLabel: INSPECTION_MODE_LABELS[i.mode], statusLabel: RECTIFICATION_STATUS_LABELS[i.status] })),
    overdueFollowUps: overdueFollowUps(s, chinaToday()).map((o) => ({ ...o, classId: id, className: s.details.name, institutionId: s.institutionId })),
  };
}

export const HEAVY_FIELDS = ['timetable', 'teachers', 'roster', 'change', 'pending', 'declaration', 'assessments', 'completionRequest', 'completion', 'followUps', 'inspections', 'overdueFollowUps'] as const;
