// 学籍 (requirement 9(6)): one stream per person in the whole province, keyed on the ID number's
// blind index (like trainees), so the province-wide duplicate check is the stream itself: a person
// holding an active status (注册中, 在籍, 休学) cannot be registered again by any school, and the
// refusal names no school (the reviewer's duplicate check does, within the reviewer's scope). A
// person whose earlier status ended (退学, 注销) may be registered again; that registration carries
// the earlier school for the reviewer to see. Every step is an event on the stream: registration
// and each status change (异动) is an application the school submits and its authorities review
// (the one review workflow); a transfer is two of them, the releasing school's (转出, reviewed by
// its authorities) then the receiving school's (转入, reviewed by theirs).
//
// The status as of any day is kept as dated segments (each approval starts one from its effective
// date), so "was this person a registered student on day D" is a pure function of the events
// (student-status-on.ts), which waivers and grants (issue 15 §4) will ask.
import { requireWindowOpen, type AuthorityWindows } from '../school-window/school-window';
import { chinaDate } from '../personal-data/normalize';
import {
  decideWithReview,
  evolveReview,
  initialReviewState,
  isReviewCommand,
  isReviewEvent,
  reopenReview,
  type ReviewCommand,
  type ReviewEvent,
  type ReviewParticipation,
  type ReviewPolicy,
  type ReviewState,
} from '../review/review';
import { assertNever, type CommandContext, type Decider, type DomainEvent } from '../shared/decider';
import { ForbiddenError, NotFoundError, RuleViolationError, ValidationError } from '../shared/errors';
import { streamNaming } from '../shared/streams';
import { SCHOOL_REVIEW_POLICY } from '../technical-school/technical-school';
import type { ClassType } from '../technical-school/school-vocabulary';
import { CHANGE_KIND_LABELS, type ChangeKind, type StudentChange } from './student-change';
import { sameEnrolment, samePerson, type Enrolment, type StudentPerson, type StudyMode } from './student-input';

export const studentStreams = streamNaming('student');

/** How far ahead of today an entry or change may take effect (a term's start announced in advance). */
export const MAX_DAYS_AHEAD = 90;

/** What a student's status is during a segment of time. */
export type StatusPhase = 'enrolled' | 'suspended' | 'left';
export interface StatusSegment {
  /** First day (China time) of the segment; it lasts until the next segment's first day. */
  from: string;
  phase: StatusPhase;
  schoolId: string;
  majorId: string;
  classType: ClassType;
  studyMode: StudyMode;
  cohortYear: number;
}

/** An enrolment that ended: at which school, how and when. */
export interface ClosedEnrolment {
  enrolment: Enrolment;
  endedOn: string;
  end: 'transferred_out' | 'withdrawn' | 'cancelled' | 'graduated' | 'completed';
}

/** An approved change, as the record card lists it. */
export interface ChangeRecord {
  changeId: string;
  kind: ChangeKind;
  /** The school the change was made at (for 转入: the receiving school). */
  schoolId: string;
  effectiveOn: string;
  reason: string;
  /** What changed, where it applies: the other school of a transfer, the majors or years before and after. */
  fromSchoolId?: string;
  toSchoolId?: string;
  fromMajorId?: string;
  majorId?: string;
  fromCohortYear?: number;
  cohortYear?: number;
}

/** The person's earlier status, shown to the reviewer of a new registration. */
export interface PreviousStatus {
  schoolId: string;
  outcome: 'withdrawn' | 'cancelled' | 'graduated' | 'completed' | 'rejected' | 'registration_cancelled';
  on: string | null;
}

export interface Transfer {
  changeId: string;
  toSchoolId: string;
  releasedOn: string;
}

interface Known {
  studentId: string;
  person: StudentPerson;
  review: ReviewState;
  segments: StatusSegment[];
  history: ClosedEnrolment[];
  changeLog: ChangeRecord[];
}
export type Unregistered = Known & { status: 'unregistered'; lastSchoolId: string; previous: PreviousStatus };
export type Registering = Known & { status: 'registering'; registration: Enrolment; previous: PreviousStatus | null };
export type Enrolled = Known & { status: 'enrolled'; enrolment: Enrolment; application: StudentChange | null; transfer: Transfer | null };
export type Suspended = Known & { status: 'suspended'; enrolment: Enrolment; application: StudentChange | null; suspendedOn: string };
export type Left = Known & { status: 'left'; enrolment: Enrolment; leftOn: string; leftAs: 'withdrawn' | 'cancelled' | 'graduated' | 'completed' };
export type StudentState = { status: 'none' } | Unregistered | Registering | Enrolled | Suspended | Left;
type Holding = Enrolled | Suspended;

export type StudentRegistered = DomainEvent<'StudentRegistered', { studentId: string; person: StudentPerson; enrolment: Enrolment; previous: PreviousStatus | null }>;
export type StudentRegistrationUpdated = DomainEvent<'StudentRegistrationUpdated', { person: StudentPerson; enrolment: Enrolment }>;
export type StudentRegistrationCancelled = DomainEvent<'StudentRegistrationCancelled', { schoolId: string; reason: string }>;
export type StudentRegistrationApproved = DomainEvent<'StudentRegistrationApproved', { schoolId: string; enrolment: Enrolment }>;
export type StudentRegistrationRejected = DomainEvent<'StudentRegistrationRejected', { schoolId: string; reason: string }>;
export type StudentChangeRequested = DomainEvent<'StudentChangeRequested', { change: StudentChange }>;
export type StudentChangeCancelled = DomainEvent<'StudentChangeCancelled', { changeId: string; kind: ChangeKind; reason: string }>;
export type StudentChangeRejected = DomainEvent<'StudentChangeRejected', { changeId: string; kind: ChangeKind; reason: string }>;
export type StudentTransferReleased = DomainEvent<'StudentTransferReleased', { changeId: string; fromSchoolId: string; toSchoolId: string; effectiveOn: string; reason: string }>;
export type StudentTransferredIn = DomainEvent<'StudentTransferredIn', { changeId: string; fromSchoolId: string; enrolment: Enrolment; effectiveOn: string; reason: string }>;
export type StudentTransferCancelled = DomainEvent<'StudentTransferCancelled', { changeId: string; fromSchoolId: string; toSchoolId: string; reason: string }>;
export type StudentSuspended = DomainEvent<'StudentSuspended', { changeId: string; effectiveOn: string; reason: string }>;
export type StudentResumed = DomainEvent<'StudentResumed', { changeId: string; effectiveOn: string; reason: string }>;
export type StudentWithdrawn = DomainEvent<'StudentWithdrawn', { changeId: string; effectiveOn: string; reason: string }>;
export type StudentStatusCancelled = DomainEvent<'StudentStatusCancelled', { changeId: string; effectiveOn: string; reason: string }>;
export type StudentMajorChanged = DomainEvent<'StudentMajorChanged', { changeId: string; fromMajorId: string; majorId: string; classType: ClassType; effectiveOn: string; reason: string }>;
export type StudentYearRepeated = DomainEvent<'StudentYearRepeated', { changeId: string; fromCohortYear: number; cohortYear: number; effectiveOn: string; reason: string }>;
/** 毕业 or 结业 (requirement 9(9)): the student leaves the school having finished the course. */
export type StudentGraduated = DomainEvent<'StudentGraduated', { changeId: string; outcome: 'graduated' | 'completed'; effectiveOn: string; reason: string }>;
/** The record card (学籍卡) was printed: who printed a person's card, and when, is on the record. */
export type StudentCardExported = DomainEvent<'StudentCardExported', { schoolId: string | null }>;
export type StudentEvent =
  | StudentRegistered
  | StudentRegistrationUpdated
  | StudentRegistrationCancelled
  | StudentRegistrationApproved
  | StudentRegistrationRejected
  | StudentChangeRequested
  | StudentChangeCancelled
  | StudentChangeRejected
  | StudentTransferReleased
  | StudentTransferredIn
  | StudentTransferCancelled
  | StudentSuspended
  | StudentResumed
  | StudentWithdrawn
  | StudentStatusCancelled
  | StudentMajorChanged
  | StudentYearRepeated
  | StudentGraduated
  | StudentCardExported
  | ReviewEvent;

/** Whether a major may take students of a school (approved, the school's own). */
export interface MajorCheck {
  majorId: string;
  open: boolean;
}

export type StudentCommand =
  | { type: 'RegisterStudent'; studentId: string; person: StudentPerson; enrolment: Enrolment; windows: readonly AuthorityWindows[]; major: MajorCheck }
  | { type: 'UpdateRegistration'; person: StudentPerson; enrolment: Enrolment; major: MajorCheck }
  | { type: 'CancelRegistration'; reason: string }
  | { type: 'RequestStudentChange'; change: StudentChange; major?: MajorCheck; targetSchool?: { schoolId: string; exists: boolean } }
  | { type: 'CancelStudentChange'; reason: string }
  | { type: 'CancelTransfer'; reason: string }
  | { type: 'ExportStudentCard' }
  | (ReviewCommand & { policy?: ReviewPolicy });

/** The statuses that count as an active status in the province-wide duplicate check. */
export const ACTIVE_STATUSES = ['registering', 'enrolled', 'suspended'] as const;
export const isActive = (state: StudentState): state is Registering | Enrolled | Suspended => (ACTIVE_STATUSES as readonly string[]).includes(state.status);

/** The school the record is at (its current, registering or last school); null for none. */
export const schoolOf = (state: StudentState): string | null => {
  switch (state.status) {
    case 'none':
      return null;
    case 'unregistered':
      return state.lastSchoolId;
    case 'registering':
      return state.registration.schoolId;
    default:
      return state.enrolment.schoolId;
  }
};

/** Organisations the record belongs to: its school and, while a transfer to it is released, the receiving school. */
export const studentOwners = (state: StudentState): string[] => {
  const school = schoolOf(state);
  const owners = school ? [school] : [];
  if (state.status === 'enrolled' && state.transfer) owners.push(state.transfer.toSchoolId);
  return owners;
};

const daysAfter = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const lastSegment = (state: Known) => state.segments[state.segments.length - 1];

/** An effective date may not precede the status it changes, nor lie far in the future. */
function checkEffectiveDate(state: Known | null, date: string, field: string, label: string, context: CommandContext, notBefore?: { date: string; what: string }) {
  const today = chinaDate(context.now);
  if (date > daysAfter(today, MAX_DAYS_AHEAD)) throw new ValidationError([{ field, message: `${label}不能晚于今天之后${MAX_DAYS_AHEAD}天（${daysAfter(today, MAX_DAYS_AHEAD)}）` }]);
  const last = state && lastSegment(state);
  if (last && date < last.from) throw new ValidationError([{ field, message: `${label}不能早于上一次学籍变动的生效日期（${last.from}）` }]);
  if (notBefore && date < notBefore.date) throw new ValidationError([{ field, message: `${label}不能早于${notBefore.what}（${notBefore.date}）` }]);
}

function requireOwnSchool(schoolId: string, context: CommandContext, what: string) {
  if (context.actor.orgId !== schoolId) throw new ForbiddenError(`只有学生所在院校可以${what}`);
}

function requireMajor(major: MajorCheck) {
  if (!major.open) throw new ValidationError([{ field: 'majorId', message: '专业不是本院校已审批通过的专业' }]);
}

const title = (state: StudentState): string => {
  if (state.status === 'none') return '';
  const who = `${state.person.name}（${state.person.idNumber.masked}）`;
  if (state.status === 'registering') return `${who}·学籍注册`;
  if ((state.status === 'enrolled' || state.status === 'suspended') && state.application) return `${who}·${CHANGE_KIND_LABELS[state.application.kind]}`;
  return who;
};

/** What a final approval of an application does, as the event that takes effect. */
function applied(state: Holding, change: StudentChange): StudentEvent {
  const { changeId, effectiveOn, reason } = change;
  switch (change.kind) {
    case 'transfer_out':
      return { type: 'StudentTransferReleased', data: { changeId, fromSchoolId: state.enrolment.schoolId, toSchoolId: change.toSchoolId!, effectiveOn, reason } };
    case 'transfer_in':
      return {
        type: 'StudentTransferredIn',
        data: {
          changeId,
          fromSchoolId: state.enrolment.schoolId,
          enrolment: { ...state.enrolment, schoolId: change.schoolId, majorId: change.majorId!, classType: change.classType!, cohortYear: change.cohortYear ?? state.enrolment.cohortYear, studentNumber: '' },
          effectiveOn,
          reason,
        },
      };
    case 'suspend':
      return { type: 'StudentSuspended', data: { changeId, effectiveOn, reason } };
    case 'resume':
      return { type: 'StudentResumed', data: { changeId, effectiveOn, reason } };
    case 'withdraw':
      return { type: 'StudentWithdrawn', data: { changeId, effectiveOn, reason } };
    case 'cancel':
      return { type: 'StudentStatusCancelled', data: { changeId, effectiveOn, reason } };
    case 'change_major':
      return { type: 'StudentMajorChanged', data: { changeId, fromMajorId: state.enrolment.majorId, majorId: change.majorId!, classType: change.classType ?? state.enrolment.classType, effectiveOn, reason } };
    case 'graduate':
    case 'complete':
      return { type: 'StudentGraduated', data: { changeId, outcome: change.kind === 'graduate' ? 'graduated' : 'completed', effectiveOn, reason } };
    case 'repeat_year':
      return { type: 'StudentYearRepeated', data: { changeId, fromCohortYear: state.enrolment.cohortYear, cohortYear: change.cohortYear!, effectiveOn, reason } };
    default:
      return assertNever(change.kind);
  }
}

/** The student's part in the review workflow: a registration, or one status change, at a time. */
export const studentReview: ReviewParticipation<StudentState, StudentEvent> = {
  policy: SCHOOL_REVIEW_POLICY,
  reviewOf: (state) => (state.status === 'none' ? undefined : state.review),
  notFound: '学籍记录不存在',
  checkSubmission(state, context) {
    if (state.status === 'registering') return requireOwnSchool(state.registration.schoolId, context, '提交学籍注册');
    if ((state.status === 'enrolled' || state.status === 'suspended') && state.application) {
      if (context.actor.orgId !== state.application.schoolId) throw new ForbiddenError('只有申请院校可以提交该异动申请');
      return;
    }
    throw new RuleViolationError('没有待提交审核的学籍注册或异动申请', 'student.nothing_pending');
  },
  title,
  onDecision(decision, state) {
    if (state.status === 'registering') {
      if (decision.type === 'ReviewApproved' && decision.data.final) return [{ type: 'StudentRegistrationApproved', data: { schoolId: state.registration.schoolId, enrolment: state.registration } }];
      if (decision.type === 'ReviewRejected') return [{ type: 'StudentRegistrationRejected', data: { schoolId: state.registration.schoolId, reason: decision.data.reason } }];
      return [];
    }
    if ((state.status === 'enrolled' || state.status === 'suspended') && state.application) {
      const change = state.application;
      if (decision.type === 'ReviewApproved' && decision.data.final) return [applied(state, change)];
      if (decision.type === 'ReviewRejected') return [{ type: 'StudentChangeRejected', data: { changeId: change.changeId, kind: change.kind, reason: decision.data.reason } }];
    }
    return [];
  },
};

function decideRegistration(command: Extract<StudentCommand, { type: 'RegisterStudent' }>, state: StudentState, context: CommandContext): StudentEvent[] {
  const { enrolment } = command;
  if (context.actor.orgId !== enrolment.schoolId) throw new ForbiddenError('只能以本院校名义注册学籍');
  if (isActive(state)) {
    // The same registration again (a retried request, a re-imported row) changes nothing.
    if (state.status === 'registering' && state.registration.schoolId === enrolment.schoolId) {
      if (samePerson(state.person, command.person) && sameEnrolment(state.registration, enrolment)) return [];
      throw new RuleViolationError('该学生已在本校注册中，请修改原注册记录', 'student.registering_here');
    }
    // The province-wide duplicate check. The other school is not named to the registering one.
    throw new RuleViolationError('该身份证号码在全省已有有效学籍（注册中、在籍或休学），不能重复注册；如为转学，请由原院校办理转出', 'student.duplicate');
  }
  requireWindowOpen('registration', command.windows, context);
  requireMajor(command.major);
  checkEffectiveDate(state.status === 'none' ? null : state, enrolment.enrolledOn, 'enrolledOn', '入学日期', context);
  const previous: PreviousStatus | null =
    state.status === 'left'
      ? { schoolId: state.enrolment.schoolId, outcome: state.leftAs, on: state.leftOn }
      : state.status === 'unregistered'
        ? state.previous
        : null;
  return [{ type: 'StudentRegistered', data: { studentId: command.studentId, person: command.person, enrolment, previous } }];
}

function requireRegistering(state: StudentState, context: CommandContext, what: string): Registering {
  if (state.status === 'none') throw new NotFoundError('学籍记录不存在');
  if (state.status !== 'registering') throw new RuleViolationError('学籍已审批，不能再修改注册信息', 'student.not_registering');
  requireOwnSchool(state.registration.schoolId, context, what);
  if (state.review.status === 'pending') throw new RuleViolationError('审核中的学籍注册不能修改，请先撤回', 'student.pending');
  return state;
}

function decideChange(command: Extract<StudentCommand, { type: 'RequestStudentChange' }>, state: StudentState, context: CommandContext): StudentEvent[] {
  const { change } = command;
  const label = CHANGE_KIND_LABELS[change.kind];
  if (state.status === 'none') throw new NotFoundError('学籍记录不存在');
  if (state.status !== 'enrolled' && state.status !== 'suspended') {
    throw new RuleViolationError(state.status === 'registering' ? '学籍注册尚未审批通过，不能办理异动' : '该学生当前没有有效学籍，不能办理异动', 'student.not_holding');
  }
  if (state.application) {
    if (state.application.changeId === change.changeId) return [];
    throw new RuleViolationError(`已有待处理的${CHANGE_KIND_LABELS[state.application.kind]}申请，请先撤销或等待审核结束`, 'student.application_open');
  }
  const transfer = state.status === 'enrolled' ? state.transfer : null;
  if (change.kind === 'transfer_in') {
    if (!transfer || transfer.toSchoolId !== change.schoolId) throw new RuleViolationError('该学生没有转入本校的转出记录，不能办理转入', 'student.no_transfer');
    if (context.actor.orgId !== change.schoolId) throw new ForbiddenError('只有转入院校可以办理转入');
    requireMajor(command.major ?? { majorId: change.majorId ?? '', open: false });
    checkEffectiveDate(state, change.effectiveOn, 'effectiveOn', '转入日期', context, { date: transfer.releasedOn, what: '转出日期' });
    return [{ type: 'StudentChangeRequested', data: { change } }];
  }
  requireOwnSchool(state.enrolment.schoolId, context, `申请${label}`);
  if (change.schoolId !== state.enrolment.schoolId) throw new ForbiddenError(`只有学生所在院校可以申请${label}`);
  if (transfer) throw new RuleViolationError('该学生已办理转出，等待转入院校接收，不能办理其他异动', 'student.transferring');
  const allowed: Record<Holding['status'], readonly ChangeKind[]> = {
    enrolled: ['transfer_out', 'suspend', 'withdraw', 'cancel', 'change_major', 'repeat_year', 'graduate', 'complete'],
    suspended: ['resume', 'withdraw', 'cancel'],
  };
  if (!allowed[state.status].includes(change.kind)) {
    throw new RuleViolationError(`学生当前为“${state.status === 'enrolled' ? '在籍' : '休学'}”状态，不能申请${label}`, 'student.change_not_allowed');
  }
  checkEffectiveDate(state, change.effectiveOn, 'effectiveOn', '生效日期', context);
  if (change.kind === 'transfer_out') {
    if (change.toSchoolId === state.enrolment.schoolId) throw new ValidationError([{ field: 'toSchoolId', message: '转入院校不能是本校' }]);
    if (!command.targetSchool?.exists) throw new ValidationError([{ field: 'toSchoolId', message: '转入院校不存在' }]);
  }
  if (change.kind === 'change_major') {
    if (change.majorId === state.enrolment.majorId) throw new ValidationError([{ field: 'majorId', message: '新专业与当前专业相同' }]);
    requireMajor(command.major ?? { majorId: change.majorId ?? '', open: false });
  }
  if (change.kind === 'repeat_year' && (change.cohortYear ?? 0) <= state.enrolment.cohortYear) {
    throw new ValidationError([{ field: 'cohortYear', message: `留级后的年级应晚于当前年级（${state.enrolment.cohortYear}级）` }]);
  }
  return [{ type: 'StudentChangeRequested', data: { change } }];
}

function decide(command: StudentCommand, state: StudentState, context: CommandContext): StudentEvent[] {
  if (isReviewCommand(command)) return decideWithReview(studentReview, command, state, context);
  switch (command.type) {
    case 'RegisterStudent':
      return decideRegistration(command, state, context);
    case 'UpdateRegistration': {
      const registering = requireRegistering(state, context, '修改学籍注册');
      requireMajor(command.major);
      if (command.enrolment.schoolId !== registering.registration.schoolId) throw new ForbiddenError('不能把注册改到其他院校');
      if (command.person.idNumber.blindIndex !== registering.person.idNumber.blindIndex) throw new RuleViolationError('身份证号码不能修改；号码有误请撤销本次注册后重新注册', 'student.id_fixed');
      checkEffectiveDate(registering, command.enrolment.enrolledOn, 'enrolledOn', '入学日期', context);
      if (samePerson(registering.person, command.person) && sameEnrolment(registering.registration, command.enrolment)) return [];
      return [{ type: 'StudentRegistrationUpdated', data: { person: command.person, enrolment: command.enrolment } }];
    }
    case 'CancelRegistration': {
      const registering = requireRegistering(state, context, '撤销学籍注册');
      return [{ type: 'StudentRegistrationCancelled', data: { schoolId: registering.registration.schoolId, reason: command.reason.trim().slice(0, 200) } }];
    }
    case 'RequestStudentChange':
      return decideChange(command, state, context);
    case 'CancelStudentChange': {
      if (state.status === 'none') throw new NotFoundError('学籍记录不存在');
      const application = state.status === 'enrolled' || state.status === 'suspended' ? state.application : null;
      if (!application) throw new RuleViolationError('没有可撤销的异动申请', 'student.no_application');
      if (context.actor.orgId !== application.schoolId) throw new ForbiddenError('只有申请院校可以撤销该异动申请');
      if (state.review.status === 'pending') throw new RuleViolationError('审核中的异动申请不能撤销，请先撤回', 'student.pending');
      return [{ type: 'StudentChangeCancelled', data: { changeId: application.changeId, kind: application.kind, reason: command.reason.trim().slice(0, 200) } }];
    }
    case 'CancelTransfer': {
      if (state.status === 'none') throw new NotFoundError('学籍记录不存在');
      const transfer = state.status === 'enrolled' ? state.transfer : null;
      if (state.status !== 'enrolled' || !transfer) throw new RuleViolationError('该学生没有待接收的转出', 'student.no_transfer');
      if (context.actor.orgId !== state.enrolment.schoolId && context.actor.orgId !== transfer.toSchoolId) throw new ForbiddenError('只有转出或转入院校可以取消转学');
      if (state.application) throw new RuleViolationError('转入院校的转入申请尚在处理中，不能取消转学', 'student.application_open');
      const reason = command.reason.trim();
      if (!reason) throw new ValidationError([{ field: 'reason', message: '请填写取消转学的原因' }]);
      return [{ type: 'StudentTransferCancelled', data: { changeId: transfer.changeId, fromSchoolId: state.enrolment.schoolId, toSchoolId: transfer.toSchoolId, reason: reason.slice(0, 200) } }];
    }
    case 'ExportStudentCard':
      if (state.status === 'none') throw new NotFoundError('学籍记录不存在');
      return [{ type: 'StudentCardExported', data: { schoolId: context.actor.orgId } }];
    default:
      return assertNever(command);
  }
}

const segmentOf = (enrolment: Enrolment, from: string, phase: StatusPhase): StatusSegment => ({
  from,
  phase,
  schoolId: enrolment.schoolId,
  majorId: enrolment.majorId,
  classType: enrolment.classType,
  studyMode: enrolment.studyMode,
  cohortYear: enrolment.cohortYear,
});

const known = (state: Exclude<StudentState, { status: 'none' }>): Known => ({
  studentId: state.studentId,
  person: state.person,
  review: state.review,
  segments: state.segments,
  history: state.history,
  changeLog: state.changeLog,
});

/** An approved change: the application closes and the change joins the record card's list. */
function settle(state: Holding, effective: { changeId: string; effectiveOn: string; reason: string }, kind: ChangeKind, detail: Partial<ChangeRecord> = {}, schoolId = state.enrolment.schoolId): Known {
  return { ...known(state), changeLog: [...state.changeLog, { changeId: effective.changeId, kind, schoolId, effectiveOn: effective.effectiveOn, reason: effective.reason, ...detail }] };
}

function evolve(state: StudentState, event: StudentEvent): StudentState {
  if (event.type === 'StudentRegistered') {
    const base: Known =
      state.status === 'none'
        ? { studentId: event.data.studentId, person: event.data.person, review: initialReviewState(), segments: [], history: [], changeLog: [] }
        : { ...known(state), person: event.data.person, review: reopenReview(state.review) };
    return { ...base, status: 'registering', registration: event.data.enrolment, previous: event.data.previous };
  }
  if (state.status === 'none') return state;
  if (isReviewEvent(event)) return { ...state, review: evolveReview(state.review, event) };
  switch (event.type) {
    case 'StudentRegistrationUpdated':
      return state.status === 'registering' ? { ...state, person: event.data.person, registration: event.data.enrolment } : state;
    case 'StudentRegistrationCancelled':
    case 'StudentRegistrationRejected': {
      if (state.status !== 'registering') return state;
      const outcome = event.type === 'StudentRegistrationRejected' ? 'rejected' : 'registration_cancelled';
      return { ...known(state), status: 'unregistered', lastSchoolId: state.registration.schoolId, previous: { schoolId: state.registration.schoolId, outcome, on: null } };
    }
    case 'StudentRegistrationApproved':
      if (state.status !== 'registering') return state;
      return {
        ...known(state),
        status: 'enrolled',
        enrolment: event.data.enrolment,
        segments: [...state.segments, segmentOf(event.data.enrolment, event.data.enrolment.enrolledOn, 'enrolled')],
        application: null,
        transfer: null,
      };
    case 'StudentChangeRequested':
      if (state.status !== 'enrolled' && state.status !== 'suspended') return state;
      return { ...state, application: event.data.change, review: reopenReview(state.review) };
    case 'StudentChangeCancelled':
      if (state.status !== 'enrolled' && state.status !== 'suspended') return state;
      // Nothing changed: the status stays as it was approved.
      return { ...state, application: null, review: { status: 'approved', round: state.review.round } };
    case 'StudentChangeRejected':
      if (state.status !== 'enrolled' && state.status !== 'suspended') return state;
      return { ...state, application: null, review: { status: 'approved', round: state.review.round } };
    case 'StudentTransferReleased':
      if (state.status !== 'enrolled') return state;
      return { ...state, ...settle(state, event.data, 'transfer_out', { toSchoolId: event.data.toSchoolId }), application: null, transfer: { changeId: event.data.changeId, toSchoolId: event.data.toSchoolId, releasedOn: event.data.effectiveOn } };
    case 'StudentTransferCancelled':
      return state.status === 'enrolled' ? { ...state, transfer: null } : state;
    case 'StudentTransferredIn': {
      if (state.status !== 'enrolled') return state;
      const { enrolment, effectiveOn } = event.data;
      const settled = settle(state, event.data, 'transfer_in', { fromSchoolId: event.data.fromSchoolId, majorId: enrolment.majorId }, enrolment.schoolId);
      return {
        ...settled,
        status: 'enrolled',
        enrolment,
        application: null,
        transfer: null,
        history: [...state.history, { enrolment: state.enrolment, endedOn: effectiveOn, end: 'transferred_out' }],
        segments: [...state.segments, segmentOf(enrolment, effectiveOn, 'enrolled')],
      };
    }
    case 'StudentSuspended':
      if (state.status !== 'enrolled') return state;
      return {
        ...settle(state, event.data, 'suspend'),
        status: 'suspended',
        enrolment: state.enrolment,
        application: null,
        suspendedOn: event.data.effectiveOn,
        segments: [...state.segments, segmentOf(state.enrolment, event.data.effectiveOn, 'suspended')],
      };
    case 'StudentResumed':
      if (state.status !== 'suspended') return state;
      return {
        ...settle(state, event.data, 'resume'),
        status: 'enrolled',
        enrolment: state.enrolment,
        application: null,
        transfer: null,
        segments: [...state.segments, segmentOf(state.enrolment, event.data.effectiveOn, 'enrolled')],
      };
    case 'StudentWithdrawn':
    case 'StudentStatusCancelled':
    case 'StudentGraduated': {
      if (state.status !== 'enrolled' && state.status !== 'suspended') return state;
      const leftAs = event.type === 'StudentGraduated' ? event.data.outcome : event.type === 'StudentWithdrawn' ? 'withdrawn' : 'cancelled';
      const kinds = { withdrawn: 'withdraw', cancelled: 'cancel', graduated: 'graduate', completed: 'complete' } as const;
      const settled = settle(state, event.data, kinds[leftAs]);
      return {
        ...settled,
        status: 'left',
        enrolment: state.enrolment,
        leftOn: event.data.effectiveOn,
        leftAs,
        history: [...state.history, { enrolment: state.enrolment, endedOn: event.data.effectiveOn, end: leftAs }],
        segments: [...state.segments, segmentOf(state.enrolment, event.data.effectiveOn, 'left')],
      };
    }
    case 'StudentMajorChanged': {
      if (state.status !== 'enrolled') return state;
      const enrolment = { ...state.enrolment, majorId: event.data.majorId, classType: event.data.classType };
      return { ...state, ...settle(state, event.data, 'change_major', { fromMajorId: event.data.fromMajorId, majorId: event.data.majorId }), enrolment, application: null, segments: [...state.segments, segmentOf(enrolment, event.data.effectiveOn, 'enrolled')] };
    }
    case 'StudentYearRepeated': {
      if (state.status !== 'enrolled') return state;
      const enrolment = { ...state.enrolment, cohortYear: event.data.cohortYear };
      return { ...state, ...settle(state, event.data, 'repeat_year', { fromCohortYear: event.data.fromCohortYear, cohortYear: event.data.cohortYear }), enrolment, application: null, segments: [...state.segments, segmentOf(enrolment, event.data.effectiveOn, 'enrolled')] };
    }
    case 'StudentCardExported':
      return state;
    default:
      return assertNever(event);
  }
}

export const studentDecider: Decider<StudentCommand, StudentEvent, StudentState> = {
  initialState: () => ({ status: 'none' }),
  evolve,
  decide,
};

export const STUDENT_STATUS_LABELS: Record<StudentState['status'], string> = {
  none: '无',
  unregistered: '无有效学籍',
  registering: '注册中',
  enrolled: '在籍',
  suspended: '休学',
  left: '已离校',
};
