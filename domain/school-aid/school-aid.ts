// 免学费、助学金申请 (requirement 9(7)-(8)): a school applies for a student within its authority's
// period; the amount is assessed from the approved standard and the student's status (school-aid-
// rules.ts) and recorded with what it was computed from (the standard's version, the student
// stream's revision); the school's authorities review it (the one review workflow); approval fixes
// the amount and its disbursement dates. One application per student, kind and school year: its id
// derives from the three, so a second one is the same record (refused while the first stands).
import type { AidKind, AidStandardDetails } from '../aid-standard/aid-standard-input';
import { AID_KIND_LABELS } from '../aid-standard/aid-standard-input';
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
import { requireWindowOpen, type AuthorityWindows } from '../school-window/school-window';
import { chinaDate } from '../personal-data/normalize';
import { assertNever, type CommandContext, type Decider, type DomainEvent } from '../shared/decider';
import { ForbiddenError, NotFoundError, RuleViolationError } from '../shared/errors';
import { streamNaming } from '../shared/streams';
import { SCHOOL_REVIEW_POLICY } from '../technical-school/technical-school';
import { decidePayout, evolvePayout, isPayoutCommand, isPayoutEvent, type Payout, type PayoutCommand, type PayoutEvent } from './payout';
import { assessAid, type AidApplicationInput, type AidAssessment, type Disbursement, type StudentFacts } from './school-aid-rules';

export const schoolAidStreams = streamNaming('school-aid');

export interface AidApplication extends AidAssessment {
  applicationId: string;
  kind: AidKind;
  schoolYear: number;
  studentId: string;
  studentName: string;
  schoolId: string;
  note: string;
  /** What the amount was computed from. */
  standardVersion: number;
  studentRevision: number;
}

export type SchoolAidApplied = DomainEvent<'SchoolAidApplied', { application: AidApplication }>;
export type SchoolAidApproved = DomainEvent<'SchoolAidApproved', { amountFen: number; disbursements: Disbursement[] }>;
export type SchoolAidRejected = DomainEvent<'SchoolAidRejected', { reason: string }>;
export type SchoolAidCancelled = DomainEvent<'SchoolAidCancelled', { reason: string }>;
export type SchoolAidEvent = SchoolAidApplied | SchoolAidApproved | SchoolAidRejected | SchoolAidCancelled | PayoutEvent | ReviewEvent;

interface Known {
  application: AidApplication;
  review: ReviewState;
  /** The payout of an approved application (payout.ts); absent before it is planned. */
  payout?: Payout | null;
}
export type SchoolAidState =
  | { status: 'none' }
  | (Known & { status: 'applied' })
  | (Known & { status: 'approved' })
  | (Known & { status: 'rejected'; reason: string })
  | (Known & { status: 'cancelled'; reason: string });

/** The approved standard and the student, as the command gathered them from their streams. */
export interface AidFacts {
  standard: { version: number; details: AidStandardDetails } | null;
  student: StudentFacts | null;
  windows: readonly AuthorityWindows[];
}

export type SchoolAidCommand =
  | { type: 'ApplySchoolAid'; applicationId: string; schoolId: string; input: AidApplicationInput; facts: AidFacts }
  | { type: 'CancelSchoolAid'; reason: string }
  | PayoutCommand
  | (ReviewCommand & { policy?: ReviewPolicy });

export const schoolAidTitle = (a: Pick<AidApplication, 'studentName' | 'schoolYear' | 'kind'>) => `${a.studentName}·${a.schoolYear}学年${AID_KIND_LABELS[a.kind]}`;

function requireKnown(state: SchoolAidState): Exclude<SchoolAidState, { status: 'none' }> {
  if (state.status === 'none') throw new NotFoundError('资助申请不存在');
  return state;
}

export const schoolAidReview: ReviewParticipation<SchoolAidState, SchoolAidEvent> = {
  policy: SCHOOL_REVIEW_POLICY,
  reviewOf: (state) => (state.status === 'none' ? undefined : state.review),
  notFound: '资助申请不存在',
  checkSubmission(state, context) {
    const known = requireKnown(state);
    if (context.actor.orgId !== known.application.schoolId) throw new ForbiddenError('只有申请的院校可以提交');
    if (known.status !== 'applied') throw new RuleViolationError('该资助申请已办结，不能再提交', 'school_aid.closed');
  },
  title: (state) => (state.status === 'none' ? '' : schoolAidTitle(state.application)),
  onDecision(decision, state) {
    const known = requireKnown(state);
    if (decision.type === 'ReviewApproved' && decision.data.final) return [{ type: 'SchoolAidApproved', data: { amountFen: known.application.amountFen, disbursements: known.application.disbursements } }];
    if (decision.type === 'ReviewRejected') return [{ type: 'SchoolAidRejected', data: { reason: decision.data.reason } }];
    return [];
  },
};

function apply(command: Extract<SchoolAidCommand, { type: 'ApplySchoolAid' }>, state: SchoolAidState, context: CommandContext): SchoolAidEvent[] {
  const { input, facts, schoolId } = command;
  const label = `${input.schoolYear}学年${AID_KIND_LABELS[input.kind]}`;
  if (context.actor.orgId !== schoolId) throw new ForbiddenError('只能以本院校名义申请资助');
  if (state.status === 'approved') throw new RuleViolationError(`该学生的${label}已审批通过，不能重复申请`, 'school_aid.exists');
  if (state.status === 'rejected') throw new RuleViolationError(`该学生的${label}申请已不予通过（${state.reason}）`, 'school_aid.rejected');
  if (state.status === 'applied' && state.review.status === 'pending') throw new RuleViolationError(`该学生的${label}申请正在审核中，不能重复申请`, 'school_aid.pending');
  // Scholarships are applied for in the grant period (no period kind of their own: 助学金申报 covers both).
  requireWindowOpen(input.kind === 'scholarship' ? 'grant' : input.kind, facts.windows, context);
  if (!facts.standard) throw new RuleViolationError(`${label}标准尚未审批生效，暂不能申请`, 'school_aid.no_standard');
  if (!facts.student) throw new NotFoundError('学籍记录不存在');
  const assessment = assessAid(input.kind, facts.standard.details, facts.student, schoolId, input, chinaDate(context.now));
  const application: AidApplication = {
    ...assessment,
    applicationId: command.applicationId,
    kind: input.kind,
    schoolYear: input.schoolYear,
    studentId: facts.student.studentId,
    studentName: facts.student.name,
    schoolId,
    note: input.note,
    standardVersion: facts.standard.version,
    studentRevision: facts.student.revision,
  };
  if (state.status === 'applied' && JSON.stringify(state.application) === JSON.stringify(application)) return [];
  return [{ type: 'SchoolAidApplied', data: { application } }];
}

function decide(command: SchoolAidCommand, state: SchoolAidState, context: CommandContext): SchoolAidEvent[] {
  if (isReviewCommand(command)) return decideWithReview(schoolAidReview, command, state, context);
  if (isPayoutCommand(command)) return decidePayout(command, state.status === 'none' ? null : { status: state.status, applicationId: state.application.applicationId, schoolId: state.application.schoolId, title: schoolAidTitle(state.application), payout: state.payout ?? null }, context);
  switch (command.type) {
    case 'ApplySchoolAid':
      return apply(command, state, context);
    case 'CancelSchoolAid': {
      const known = requireKnown(state);
      if (context.actor.orgId !== known.application.schoolId) throw new ForbiddenError('只有申请的院校可以撤销');
      if (known.status === 'cancelled') return [];
      if (known.status !== 'applied') throw new RuleViolationError('已办结的资助申请不能撤销', 'school_aid.closed');
      if (known.review.status === 'pending') throw new RuleViolationError('审核中的申请请先撤回再撤销', 'school_aid.pending');
      return [{ type: 'SchoolAidCancelled', data: { reason: command.reason.trim().slice(0, 200) } }];
    }
    default:
      return assertNever(command);
  }
}

function evolve(state: SchoolAidState, event: SchoolAidEvent): SchoolAidState {
  if (event.type === 'SchoolAidApplied') {
    // A renewed application (after a return, a withdrawal or a cancellation) opens a new round.
    const review = state.status === 'none' ? initialReviewState() : state.review.status === 'draft' ? state.review : reopenReview(state.review);
    return { status: 'applied', application: event.data.application, review };
  }
  if (state.status === 'none') return state;
  if (isReviewEvent(event)) return { ...state, review: evolveReview(state.review, event) };
  if (isPayoutEvent(event)) return { ...state, payout: evolvePayout(state.payout, event) };
  switch (event.type) {
    case 'SchoolAidApproved':
      return { status: 'approved', application: { ...state.application, amountFen: event.data.amountFen, disbursements: event.data.disbursements }, review: state.review, payout: state.payout ?? null };
    case 'SchoolAidRejected':
      return { status: 'rejected', application: state.application, review: state.review, reason: event.data.reason };
    case 'SchoolAidCancelled':
      return { status: 'cancelled', application: state.application, review: state.review, reason: event.data.reason };
    default:
      return assertNever(event);
  }
}

export const schoolAidDecider: Decider<SchoolAidCommand, SchoolAidEvent, SchoolAidState> = {
  initialState: () => ({ status: 'none' }),
  evolve,
  decide,
};
