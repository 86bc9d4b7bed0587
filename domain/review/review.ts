// The one review workflow (审核, DESIGN.md §5) every module reuses: draft -> submitted -> reviewed
// level by level -> approved, returned (back to the submitter) or rejected; withdrawn by the
// submitter while pending. Every step is an event on the record's own stream. A module declares its
// levels (ReviewPolicy) and what a final approval does; this file knows nothing of any module.
import type { CommandContext, Decider, DomainEvent } from '../shared/decider';
import { ForbiddenError, NotFoundError, RuleViolationError, ValidationError } from '../shared/errors';
import { forbiddenCharacter } from '../shared/validation';

export const REVIEW_LEVELS = ['county', 'city', 'province'] as const;
export type ReviewLevel = (typeof REVIEW_LEVELS)[number];
export const REVIEW_LEVEL_LABELS: Record<ReviewLevel, string> = { county: '区县', city: '市州', province: '省' };

export interface ReviewPolicy {
  /** Ordered from the first reviewing level to the last; at least one. */
  levels: readonly ReviewLevel[];
  /**
   * Review only at the levels that exist above the submitter (a record submitted by a prefecture
   * has no county level). Without it, a missing authority refuses the submission.
   */
  skipMissingLevels?: boolean;
}

/** The authority (organisation id) that reviews at each level, fixed when the record is submitted. */
export type ReviewAuthorities = Partial<Record<ReviewLevel, string>>;

export interface ReviewAttachment {
  fileId: string;
  name: string;
}

export type ReviewSubmitted = DomainEvent<
  'ReviewSubmitted',
  { round: number; title: string; levels: ReviewLevel[]; authorities: ReviewAuthorities; submitterOrgId: string | null; submitterId?: string; note: string }
>;
export type ReviewApproved = DomainEvent<
  'ReviewApproved',
  { round: number; level: ReviewLevel; opinion: string; attachments: ReviewAttachment[]; final: boolean }
>;
export type ReviewReturned = DomainEvent<'ReviewReturned', { round: number; level: ReviewLevel; reason: string; attachments: ReviewAttachment[] }>;
export type ReviewRejected = DomainEvent<'ReviewRejected', { round: number; level: ReviewLevel; reason: string; attachments: ReviewAttachment[] }>;
export type ReviewWithdrawn = DomainEvent<'ReviewWithdrawn', { round: number; reason: string }>;
export type ReviewEvent = ReviewSubmitted | ReviewApproved | ReviewReturned | ReviewRejected | ReviewWithdrawn;
export const REVIEW_EVENT_TYPES: readonly ReviewEvent['type'][] = ['ReviewSubmitted', 'ReviewApproved', 'ReviewReturned', 'ReviewRejected', 'ReviewWithdrawn'];
export const isReviewEvent = (event: DomainEvent): event is ReviewEvent => (REVIEW_EVENT_TYPES as readonly string[]).includes(event.type);

export type ReviewState =
  | { status: 'draft'; round: number }
  | { status: 'pending'; round: number; levels: ReviewLevel[]; levelIndex: number; authorities: ReviewAuthorities; submitterOrgId: string | null; submitterId: string | null }
  | { status: 'approved'; round: number }
  | { status: 'returned'; round: number; level: ReviewLevel; reason: string }
  | { status: 'rejected'; round: number; level: ReviewLevel; reason: string }
  | { status: 'withdrawn'; round: number };

export const REVIEW_STATUS_LABELS: Record<ReviewState['status'], string> = {
  draft: '草稿',
  pending: '审核中',
  approved: '已生效',
  returned: '已退回',
  rejected: '未通过',
  withdrawn: '已撤回',
};

export const initialReviewState = (): ReviewState => ({ status: 'draft', round: 0 });

/** The level a pending record waits at. */
export const currentLevel = (state: ReviewState): ReviewLevel | undefined =>
  state.status === 'pending' ? state.levels[state.levelIndex] : undefined;

export function evolveReview(state: ReviewState, event: ReviewEvent): ReviewState {
  switch (event.type) {
    case 'ReviewSubmitted':
      return {
        status: 'pending',
        round: event.data.round,
        levels: event.data.levels,
        levelIndex: 0,
        authorities: event.data.authorities,
        submitterOrgId: event.data.submitterOrgId,
        submitterId: event.data.submitterId ?? null,
      };
    case 'ReviewApproved':
      if (event.data.final || state.status !== 'pending') return { status: 'approved', round: event.data.round };
      return { ...state, levelIndex: state.levelIndex + 1 };
    case 'ReviewReturned':
      return { status: 'returned', round: event.data.round, level: event.data.level, reason: event.data.reason };
    case 'ReviewRejected':
      return { status: 'rejected', round: event.data.round, level: event.data.level, reason: event.data.reason };
    case 'ReviewWithdrawn':
      return { status: 'withdrawn', round: event.data.round };
  }
}

/** After an approved record changes again (an amendment), a new round starts from a draft. */
export const reopenReview = (state: ReviewState): ReviewState => ({ status: 'draft', round: state.round });

export type ReviewCommand =
  | { type: 'SubmitForReview'; authorities: ReviewAuthorities; note?: string }
  | { type: 'ApproveReview'; opinion: string; attachments?: ReviewAttachment[] }
  | { type: 'ReturnReview'; reason: string; attachments?: ReviewAttachment[] }
  | { type: 'RejectReview'; reason: string; attachments?: ReviewAttachment[] }
  | { type: 'WithdrawReview'; reason?: string };

const requireText = (value: string | undefined, what: string) => {
  const text = (value ?? '').trim();
  if (!text) throw new RuleViolationError(`请填写${what}`, 'review.opinion_required');
  if (text.length > 2000) throw new RuleViolationError(`${what}不能超过2000个字`, 'review.opinion_too_long');
  const forbidden = forbiddenCharacter(text, { multiline: true });
  if (forbidden) throw new ValidationError([{ field: what === '审核意见' ? 'opinion' : 'reason', message: `${what}不能包含${forbidden}` }]);
  return text;
};

function pendingAtActorsLevel(state: ReviewState, context: CommandContext) {
  if (state.status !== 'pending') throw new RuleViolationError(`记录当前为“${REVIEW_STATUS_LABELS[state.status]}”状态，不在审核中`, 'review.not_pending');
  const level = state.levels[state.levelIndex]!;
  if (!context.actor.orgId || state.authorities[level] !== context.actor.orgId) {
    throw new ForbiddenError(`该记录正在等待${REVIEW_LEVEL_LABELS[level]}级审核，您所在的机构无权审核`);
  }
  // Whoever submitted a record does not review it, even when the submitting and reviewing body is the same.
  if (state.submitterId && state.submitterId === context.actor.id) throw new ForbiddenError('提交人不能审核自己提交的记录');
  return { state, level };
}

/**
 * Decides a review command against the record's review state. `title` names the record in review
 * inboxes and histories (the module knows what to call it).
 */
export function decideReview(command: ReviewCommand, state: ReviewState, policy: ReviewPolicy, context: CommandContext, title = ''): ReviewEvent[] {
  switch (command.type) {
    case 'SubmitForReview': {
      if (state.status === 'pending') throw new RuleViolationError('记录已在审核中，不能重复提交', 'review.already_pending');
      if (state.status === 'approved') throw new RuleViolationError('记录已生效，如需变更请先修改后再提交', 'review.already_approved');
      if (state.status === 'rejected') throw new RuleViolationError('记录审核未通过，不能再次提交', 'review.rejected');
      if (policy.levels.length === 0) throw new Error('a review policy needs at least one level');
      const levels = policy.skipMissingLevels ? policy.levels.filter((level) => command.authorities[level]) : [...policy.levels];
      const missing = policy.skipMissingLevels ? (levels.length ? [] : [...policy.levels]) : policy.levels.filter((level) => !command.authorities[level]);
      if (missing.length > 0) {
        throw new RuleViolationError(`找不到${missing.map((l) => REVIEW_LEVEL_LABELS[l]).join('、')}级审核机构，无法提交`, 'review.no_authority');
      }
      const authorities = Object.fromEntries(levels.map((l) => [l, command.authorities[l]!])) as ReviewAuthorities;
      const note = (command.note ?? '').trim().slice(0, 2000);
      return [
        {
          type: 'ReviewSubmitted',
          data: { round: state.round + 1, title, levels: [...levels], authorities, submitterOrgId: context.actor.orgId, submitterId: context.actor.id, note },
        },
      ];
    }
    case 'ApproveReview': {
      const { state: pending, level } = pendingAtActorsLevel(state, context);
      const opinion = requireText(command.opinion, '审核意见');
      const final = pending.levelIndex === pending.levels.length - 1;
      return [{ type: 'ReviewApproved', data: { round: pending.round, level, opinion, attachments: command.attachments ?? [], final } }];
    }
    case 'ReturnReview': {
      const { state: pending, level } = pendingAtActorsLevel(state, context);
      const reason = requireText(command.reason, '退回原因');
      return [{ type: 'ReviewReturned', data: { round: pending.round, level, reason, attachments: command.attachments ?? [] } }];
    }
    case 'RejectReview': {
      const { state: pending, level } = pendingAtActorsLevel(state, context);
      const reason = requireText(command.reason, '不予通过的理由');
      return [{ type: 'ReviewRejected', data: { round: pending.round, level, reason, attachments: command.attachments ?? [] } }];
    }
    case 'WithdrawReview': {
      if (state.status !== 'pending') throw new RuleViolationError('只有审核中的记录可以撤回', 'review.not_pending');
      if (state.submitterOrgId !== context.actor.orgId) throw new ForbiddenError('只有提交单位可以撤回');
      return [{ type: 'ReviewWithdrawn', data: { round: state.round, reason: (command.reason ?? '').trim().slice(0, 2000) } }];
    }
  }
}

export const REVIEW_COMMAND_TYPES: readonly ReviewCommand['type'][] = ['SubmitForReview', 'ApproveReview', 'ReturnReview', 'RejectReview', 'WithdrawReview'];
export const isReviewCommand = <C extends { type: string }>(command: C): command is Extract<C, ReviewCommand> =>
  (REVIEW_COMMAND_TYPES as readonly string[]).includes(command.type);

/**
 * How a module takes part in the review workflow: the one place its review rules live. A decider
 * hands every review command to `decideWithReview`, so the steps (submit, approve level by level,
 * return, reject, withdraw) are written once, here, and the module says only what differs.
 */
export interface ReviewParticipation<State, Event extends DomainEvent> {
  /** Levels when the platform configures none for the record type. */
  policy: ReviewPolicy;
  /** The record's review state; undefined while the record does not exist. */
  reviewOf(state: State): ReviewState | undefined;
  /** Message when a review command reaches a record that does not exist. */
  notFound: string;
  /** Checks that must hold before the actor submits (who may, and that something awaits review). Throws. */
  checkSubmission(state: State, context: CommandContext): void;
  /** What the record is called in inboxes and histories. */
  title(state: State): string;
  /** What a decision does to the record (e.g. a final approval publishes the pending values). */
  onDecision?(decision: ReviewEvent, state: State, context: CommandContext): Event[];
}

/** Decides a review command for a module's record (see ReviewParticipation). */
export function decideWithReview<State, Event extends DomainEvent>(
  participation: ReviewParticipation<State, Event>,
  command: ReviewCommand & { policy?: ReviewPolicy },
  state: State,
  context: CommandContext,
): (Event | ReviewEvent)[] {
  const review = participation.reviewOf(state);
  if (!review) throw new NotFoundError(participation.notFound);
  if (command.type === 'SubmitForReview') {
    participation.checkSubmission(state, context);
    return decideReview(command, review, command.policy ?? participation.policy, context, participation.title(state));
  }
  const events = decideReview(command, review, participation.policy, context);
  const decision = events[0];
  return decision && participation.onDecision ? [...events, ...participation.onDecision(decision, state, context)] : events;
}

/**
 * The one way to enter (or change) a record and submit it in the same step: the command's events
 * and the submission are decided together and appended together, one commit. Nothing is submitted
 * when the command changed nothing (the same entry made again).
 */
export function withSubmission<Command, Event extends DomainEvent, State>(decider: Decider<Command, Event, State>, submit: Command): Decider<Command, Event, State> {
  return {
    ...decider,
    decide(command, state, context) {
      const done = decider.decide(command, state, context);
      if (done.length === 0) return done;
      return [...done, ...decider.decide(submit, done.reduce(decider.evolve, state), context)];
    },
  };
}
