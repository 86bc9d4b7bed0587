// 专业 (requirement 9(4)): a school declares a major; its authorities approve it (the one review
// workflow) before students can be registered in it; a change to an approved major is reviewed
// before it takes effect, the approved values staying in force meanwhile.
import { SCHOOL_REVIEW_POLICY } from '../technical-school/technical-school';
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
import { ForbiddenError, NotFoundError, RuleViolationError } from '../shared/errors';
import { streamNaming } from '../shared/streams';
import { sameMajorDetails, type MajorDetails } from './major-details';

export const majorStreams = streamNaming('major');

export type MajorDeclared = DomainEvent<'MajorDeclared', { majorId: string; schoolId: string; details: MajorDetails }>;
export type MajorDraftUpdated = DomainEvent<'MajorDraftUpdated', { details: MajorDetails }>;
export type MajorChangeProposed = DomainEvent<'MajorChangeProposed', { details: MajorDetails }>;
export type MajorApproved = DomainEvent<'MajorApproved', { details: MajorDetails; version: number }>;
export type MajorChangeDiscarded = DomainEvent<'MajorChangeDiscarded', { reason: string }>;
export type MajorEvent = MajorDeclared | MajorDraftUpdated | MajorChangeProposed | MajorApproved | MajorChangeDiscarded | ReviewEvent;

export type MajorState =
  | { status: 'none' }
  | {
      status: 'declared';
      majorId: string;
      schoolId: string;
      /** The values in force (null until first approved: no student can be registered in it before). */
      approved: MajorDetails | null;
      /** The values awaiting review (null when nothing is pending). */
      pending: MajorDetails | null;
      version: number;
      review: ReviewState;
    };
type Declared = Extract<MajorState, { status: 'declared' }>;

export type MajorCommand =
  | { type: 'DeclareMajor'; majorId: string; schoolId: string; details: MajorDetails }
  | { type: 'EditMajor'; details: MajorDetails }
  | (ReviewCommand & { policy?: ReviewPolicy });

function requireDeclared(state: MajorState): Declared {
  if (state.status === 'none') throw new NotFoundError('专业不存在');
  return state;
}

function requireSchool(state: Declared, context: CommandContext) {
  if (context.actor.orgId !== state.schoolId) throw new ForbiddenError('只有开设该专业的院校可以修改或提交');
}

export const majorTitle = (details: MajorDetails) => `${details.name}（${details.code}）`;

export const majorReview: ReviewParticipation<MajorState, MajorEvent> = {
  policy: SCHOOL_REVIEW_POLICY,
  reviewOf: (state) => (state.status === 'declared' ? state.review : undefined),
  notFound: '专业不存在',
  checkSubmission(state, context) {
    const declared = requireDeclared(state);
    requireSchool(declared, context);
    if (!declared.pending) throw new RuleViolationError('没有待提交的专业申报或变更', 'major.nothing_pending');
  },
  title: (state) => (state.status === 'declared' ? majorTitle((state.pending ?? state.approved)!) : ''),
  onDecision(decision, state) {
    const declared = requireDeclared(state);
    if (decision.type === 'ReviewApproved' && decision.data.final && declared.pending) {
      return [{ type: 'MajorApproved', data: { details: declared.pending, version: declared.version + 1 } }];
    }
    if (decision.type === 'ReviewRejected' && declared.approved) return [{ type: 'MajorChangeDiscarded', data: { reason: decision.data.reason } }];
    return [];
  },
};

function decide(command: MajorCommand, state: MajorState, context: CommandContext): MajorEvent[] {
  if (isReviewCommand(command)) return decideWithReview(majorReview, command, state, context);
  switch (command.type) {
    case 'DeclareMajor': {
      if (state.status !== 'none') throw new RuleViolationError('该专业记录已存在', 'major.exists');
      if (context.actor.orgId !== command.schoolId) throw new ForbiddenError('只能以本院校名义申报专业');
      return [{ type: 'MajorDeclared', data: { majorId: command.majorId, schoolId: command.schoolId, details: command.details } }];
    }
    case 'EditMajor': {
      const declared = requireDeclared(state);
      requireSchool(declared, context);
      if (declared.review.status === 'pending') throw new RuleViolationError('审核中的专业不能修改，请先撤回', 'major.pending');
      if (declared.review.status === 'rejected' && !declared.approved) throw new RuleViolationError('审核未通过的专业申报不能再修改', 'major.rejected');
      const current = declared.pending ?? declared.approved;
      if (current && sameMajorDetails(current, command.details)) return [];
      if (declared.pending) return [{ type: 'MajorDraftUpdated', data: { details: command.details } }];
      return [{ type: 'MajorChangeProposed', data: { details: command.details } }];
    }
    default:
      return assertNever(command);
  }
}

function evolve(state: MajorState, event: MajorEvent): MajorState {
  if (event.type === 'MajorDeclared') {
    return { status: 'declared', majorId: event.data.majorId, schoolId: event.data.schoolId, approved: null, pending: event.data.details, version: 0, review: initialReviewState() };
  }
  if (state.status === 'none') return state;
  if (isReviewEvent(event)) return { ...state, review: evolveReview(state.review, event) };
  switch (event.type) {
    case 'MajorDraftUpdated':
      return { ...state, pending: event.data.details };
    case 'MajorChangeProposed':
      return { ...state, pending: event.data.details, review: reopenReview(state.review) };
    case 'MajorApproved':
      return { ...state, approved: event.data.details, pending: null, version: event.data.version };
    case 'MajorChangeDiscarded':
      return { ...state, pending: null, review: { status: 'approved', round: state.review.round } };
    default:
      return assertNever(event);
  }
}

export const majorDecider: Decider<MajorCommand, MajorEvent, MajorState> = {
  initialState: () => ({ status: 'none' }),
  evolve,
  decide,
};

/** Whether students may be registered in (or moved to) the major: approved, and the school's. */
export const majorOpenFor = (state: MajorState, schoolId: string): state is Declared & { approved: MajorDetails } =>
  state.status === 'declared' && state.schoolId === schoolId && state.approved !== null;
