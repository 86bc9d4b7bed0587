// 资助标准 (requirement 9(7)-(8): 标准设置、审批、查询): the province sets the tuition-waiver and the
// grant standard of a school year; the province's reviewer approves it (the one review workflow)
// before any school can apply under it. A revision of an approved standard is reviewed in turn, the
// approved values staying in force meanwhile; an application keeps the version it was computed on.
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
import { AID_KIND_LABELS, aidStandardId, sameAidStandard, type AidStandardDetails } from './aid-standard-input';

export const aidStandardStreams = streamNaming('aid-standard');

/** Standards apply province-wide: set by the province's department and approved at the province. */
export const AID_STANDARD_REVIEW_POLICY: ReviewPolicy = { levels: ['province'] };

export type AidStandardSet = DomainEvent<'AidStandardSet', { standardId: string; authorityId: string; details: AidStandardDetails }>;
export type AidStandardRevised = DomainEvent<'AidStandardRevised', { details: AidStandardDetails }>;
export type AidStandardApproved = DomainEvent<'AidStandardApproved', { details: AidStandardDetails; version: number }>;
export type AidStandardRevisionDiscarded = DomainEvent<'AidStandardRevisionDiscarded', { reason: string }>;
export type AidStandardEvent = AidStandardSet | AidStandardRevised | AidStandardApproved | AidStandardRevisionDiscarded | ReviewEvent;

export type AidStandardState =
  | { status: 'none' }
  | {
      status: 'set';
      standardId: string;
      authorityId: string;
      /** In force (null until first approved: no application before). */
      approved: AidStandardDetails | null;
      /** Awaiting review (null when nothing is pending). */
      pending: AidStandardDetails | null;
      version: number;
      review: ReviewState;
    };
type SetState = Extract<AidStandardState, { status: 'set' }>;

export type AidStandardCommand =
  | { type: 'SetAidStandard'; authorityId: string; details: AidStandardDetails }
  | (ReviewCommand & { policy?: ReviewPolicy });

function requireSet(state: AidStandardState): SetState {
  if (state.status === 'none') throw new NotFoundError('资助标准不存在');
  return state;
}

export const aidStandardTitle = (details: Pick<AidStandardDetails, 'kind' | 'schoolYear'>) => `${details.schoolYear}学年${AID_KIND_LABELS[details.kind]}标准`;

export const aidStandardReview: ReviewParticipation<AidStandardState, AidStandardEvent> = {
  policy: AID_STANDARD_REVIEW_POLICY,
  reviewOf: (state) => (state.status === 'set' ? state.review : undefined),
  notFound: '资助标准不存在',
  checkSubmission(state, context) {
    const set = requireSet(state);
    if (context.actor.orgId !== set.authorityId) throw new ForbiddenError('只有制定该标准的部门可以提交审批');
    if (!set.pending) throw new RuleViolationError('没有待提交审批的资助标准', 'aid_standard.nothing_pending');
  },
  title: (state) => (state.status === 'set' ? aidStandardTitle((state.pending ?? state.approved)!) : ''),
  onDecision(decision, state) {
    const set = requireSet(state);
    if (decision.type === 'ReviewApproved' && decision.data.final && set.pending) return [{ type: 'AidStandardApproved', data: { details: set.pending, version: set.version + 1 } }];
    if (decision.type === 'ReviewRejected' && set.approved) return [{ type: 'AidStandardRevisionDiscarded', data: { reason: decision.data.reason } }];
    return [];
  },
};

function decide(command: AidStandardCommand, state: AidStandardState, context: CommandContext): AidStandardEvent[] {
  if (isReviewCommand(command)) return decideWithReview(aidStandardReview, command, state, context);
  switch (command.type) {
    case 'SetAidStandard': {
      if (context.actor.orgId !== command.authorityId) throw new ForbiddenError('只能以本部门名义制定资助标准');
      const standardId = aidStandardId(command.details.kind, command.details.schoolYear);
      if (state.status === 'none') return [{ type: 'AidStandardSet', data: { standardId, authorityId: command.authorityId, details: command.details } }];
      if (state.standardId !== standardId) throw new RuleViolationError('资助类型和学年不能修改', 'aid_standard.identity');
      if (context.actor.orgId !== state.authorityId) throw new ForbiddenError('只有制定该标准的部门可以修改');
      if (state.review.status === 'pending') throw new RuleViolationError('审批中的资助标准不能修改，请先撤回', 'aid_standard.pending');
      const current = state.pending ?? state.approved;
      if (current && sameAidStandard(current, command.details)) return [];
      return [{ type: 'AidStandardRevised', data: { details: command.details } }];
    }
    default:
      return assertNever(command);
  }
}

function evolve(state: AidStandardState, event: AidStandardEvent): AidStandardState {
  if (event.type === 'AidStandardSet') {
    return { status: 'set', standardId: event.data.standardId, authorityId: event.data.authorityId, approved: null, pending: event.data.details, version: 0, review: initialReviewState() };
  }
  if (state.status === 'none') return state;
  if (isReviewEvent(event)) return { ...state, review: evolveReview(state.review, event) };
  switch (event.type) {
    case 'AidStandardRevised':
      // A revision after an approval (or of a rejected standard) is a new round; a draft or a returned one stays in its round.
      return { ...state, pending: event.data.details, review: state.review.status === 'approved' || state.review.status === 'rejected' ? reopenReview(state.review) : state.review };
    case 'AidStandardApproved':
      return { ...state, approved: event.data.details, pending: null, version: event.data.version };
    case 'AidStandardRevisionDiscarded':
      return { ...state, pending: null, review: { status: 'approved', round: state.review.round } };
    default:
      return assertNever(event);
  }
}

export const aidStandardDecider: Decider<AidStandardCommand, AidStandardEvent, AidStandardState> = {
  initialState: () => ({ status: 'none' }),
  evolve,
  decide,
};
