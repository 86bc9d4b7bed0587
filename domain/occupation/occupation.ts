// 培训工种 (requirement 5): an institution declares or amends an occupation it trains for; the
// review workflow decides; an approved declaration is published in the catalogue.
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
import type { OccupationDetails } from './occupation-details';
import { streamNaming } from '../shared/streams';

/** The module's streams: `occupation-<id>`. */
export const occupationStreams = streamNaming('occupation');

/** Reviewed by the county authority of the institution, then by its prefecture (configurable). */
export const DEFAULT_OCCUPATION_REVIEW_POLICY: ReviewPolicy = { levels: ['county', 'city'] };

export type OccupationDeclared = DomainEvent<'OccupationDeclared', { occupationId: string; institutionId: string; details: OccupationDetails }>;
export type OccupationDraftUpdated = DomainEvent<'OccupationDraftUpdated', { details: OccupationDetails }>;
export type OccupationAmendmentProposed = DomainEvent<'OccupationAmendmentProposed', { details: OccupationDetails }>;
export type OccupationPublished = DomainEvent<'OccupationPublished', { details: OccupationDetails; version: number }>;
export type OccupationAmendmentDiscarded = DomainEvent<'OccupationAmendmentDiscarded', { reason: string }>;
export type OccupationEvent =
  | OccupationDeclared
  | OccupationDraftUpdated
  | OccupationAmendmentProposed
  | OccupationPublished
  | OccupationAmendmentDiscarded
  | ReviewEvent;

export type OccupationState =
  | { status: 'none' }
  | {
      status: 'declared';
      occupationId: string;
      institutionId: string;
      /** The values in force (null until first approved). */
      published: OccupationDetails | null;
      /** The values awaiting review (null when nothing is pending). */
      pending: OccupationDetails | null;
      version: number;
      review: ReviewState;
    };

export type OccupationCommand =
  | { type: 'DeclareOccupation'; occupationId: string; institutionId: string; details: OccupationDetails }
  | { type: 'EditOccupation'; details: OccupationDetails }
  | (ReviewCommand & { policy?: ReviewPolicy });

type Declared = Extract<OccupationState, { status: 'declared' }>;

function requireDeclared(state: OccupationState): Declared {
  if (state.status === 'none') throw new NotFoundError('工种申报记录不存在');
  return state;
}

function requireInstitution(state: Declared, context: CommandContext) {
  if (context.actor.orgId !== state.institutionId) throw new ForbiddenError('只有申报机构可以修改或提交该工种');
}

/** The occupation's part in the review workflow: a final approval publishes the pending values. */
export const occupationReview: ReviewParticipation<OccupationState, OccupationEvent> = {
  policy: DEFAULT_OCCUPATION_REVIEW_POLICY,
  reviewOf: (state) => (state.status === 'declared' ? state.review : undefined),
  notFound: '工种申报记录不存在',
  checkSubmission(state, context) {
    const declared = requireDeclared(state);
    requireInstitution(declared, context);
    if (!declared.pending) throw new RuleViolationError('没有待提交的申报或变更', 'occupation.nothing_pending');
  },
  title: (state) => (state.status === 'declared' ? occupationTitle((state.pending ?? state.published)!) : ''),
  onDecision(decision, state) {
    const declared = requireDeclared(state);
    if (decision.type === 'ReviewApproved' && decision.data.final && declared.pending) {
      return [{ type: 'OccupationPublished', data: { details: declared.pending, version: declared.version + 1 } }];
    }
    if (decision.type === 'ReviewRejected' && declared.published) return [{ type: 'OccupationAmendmentDiscarded', data: { reason: decision.data.reason } }];
    return [];
  },
};

function decide(command: OccupationCommand, state: OccupationState, context: CommandContext): OccupationEvent[] {
  if (isReviewCommand(command)) return decideWithReview(occupationReview, command, state, context);
  switch (command.type) {
    case 'DeclareOccupation': {
      if (state.status !== 'none') throw new RuleViolationError('该工种申报记录已存在', 'occupation.exists');
      if (context.actor.orgId !== command.institutionId) throw new ForbiddenError('只能以本机构名义申报工种');
      return [{ type: 'OccupationDeclared', data: { occupationId: command.occupationId, institutionId: command.institutionId, details: command.details } }];
    }
    case 'EditOccupation': {
      const declared = requireDeclared(state);
      requireInstitution(declared, context);
      const review = declared.review.status;
      if (review === 'pending') throw new RuleViolationError('审核中的工种不能修改，请先撤回', 'occupation.pending');
      if (review === 'rejected' && !declared.published) throw new RuleViolationError('审核未通过的申报不能再修改', 'occupation.rejected');
      const current = declared.pending ?? declared.published;
      if (current && sameDetails(current, command.details)) return [];
      if (declared.pending) return [{ type: 'OccupationDraftUpdated', data: { details: command.details } }];
      return [{ type: 'OccupationAmendmentProposed', data: { details: command.details } }];
    }
    default:
      return assertNever(command);
  }
}

function evolve(state: OccupationState, event: OccupationEvent): OccupationState {
  if (event.type === 'OccupationDeclared') {
    return {
      status: 'declared',
      occupationId: event.data.occupationId,
      institutionId: event.data.institutionId,
      published: null,
      pending: event.data.details,
      version: 0,
      review: initialReviewState(),
    };
  }
  if (state.status === 'none') return state;
  if (isReviewEvent(event)) return { ...state, review: evolveReview(state.review, event) };
  switch (event.type) {
    case 'OccupationDraftUpdated':
      return { ...state, pending: event.data.details };
    case 'OccupationAmendmentProposed':
      return { ...state, pending: event.data.details, review: reopenReview(state.review) };
    case 'OccupationPublished':
      return { ...state, published: event.data.details, pending: null, version: event.data.version };
    case 'OccupationAmendmentDiscarded':
      return { ...state, pending: null, review: { status: 'approved', round: state.review.round } };
    default:
      return assertNever(event);
  }
}

export const occupationTitle = (details: OccupationDetails) => `${details.name}（${details.code}）`;

const sameDetails = (a: OccupationDetails, b: OccupationDetails) =>
  a.code === b.code && a.name === b.name && a.level === b.level && a.hours === b.hours && a.scope === b.scope;

export const occupationDecider: Decider<OccupationCommand, OccupationEvent, OccupationState> = {
  initialState: () => ({ status: 'none' }),
  evolve,
  decide,
};
