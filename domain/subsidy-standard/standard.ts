// 补贴标准 (issue 14 §1): an amount per person (or per person and day) for a subsidy, by training
// kind, occupation (or occupation group), skill level and person category, set by the province or
// a prefecture. Each change is proposed, reviewed through the one review workflow, and on approval
// becomes a new numbered version in force from its own date, so a calculation names the standard
// and the version it used, and every earlier version stays on the record.
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
import { chinaDate } from '../personal-data/normalize';
import { assertNever, type CommandContext, type Decider, type DomainEvent } from '../shared/decider';
import { ForbiddenError, NotFoundError, RuleViolationError } from '../shared/errors';
import { formatYuan } from '../shared/money';
import { streamNaming } from '../shared/streams';
import { checkTermsForSubject, sameTerms, STANDARD_SUBJECT_LABELS, STANDARD_UNIT_LABELS, type StandardScope, type StandardTerms } from './standard-terms';

/** The module's streams: `subsidy-standard-<id>`. */
export const standardStreams = streamNaming('subsidy-standard');

/** A prefecture's standard is reviewed by the prefecture, then the province; the province's by the province. */
export const STANDARD_REVIEW_POLICY: ReviewPolicy = { levels: ['city', 'province'], skipMissingLevels: true };

export type StandardAuthorityKind = 'province' | 'prefecture';
export const STANDARD_AUTHORITY_LABELS: Record<StandardAuthorityKind, string> = { province: '省级', prefecture: '市州' };

export type StandardVersion = StandardTerms & {
  version: number;
  /** China day the version was approved. */
  approvedOn: string;
}

export type SubsidyStandardProposed = DomainEvent<'SubsidyStandardProposed', { standardId: string; authorityId: string; authorityKind: StandardAuthorityKind; scope: StandardScope; terms: StandardTerms }>;
export type SubsidyStandardDraftUpdated = DomainEvent<'SubsidyStandardDraftUpdated', { terms: StandardTerms }>;
export type SubsidyStandardRevisionProposed = DomainEvent<'SubsidyStandardRevisionProposed', { terms: StandardTerms }>;
export type SubsidyStandardVersionApproved = DomainEvent<'SubsidyStandardVersionApproved', StandardVersion>;
export type SubsidyStandardRevisionDiscarded = DomainEvent<'SubsidyStandardRevisionDiscarded', { reason: string }>;
export type SubsidyStandardEvent =
  | SubsidyStandardProposed
  | SubsidyStandardDraftUpdated
  | SubsidyStandardRevisionProposed
  | SubsidyStandardVersionApproved
  | SubsidyStandardRevisionDiscarded
  | ReviewEvent;

export type SubsidyStandardState =
  | { status: 'none' }
  | {
      status: 'active';
      standardId: string;
      authorityId: string;
      authorityKind: StandardAuthorityKind;
      scope: StandardScope;
      /** Approved versions, oldest first (empty until the first approval). */
      versions: StandardVersion[];
      /** Terms awaiting review (a draft, a returned proposal, or one under review). */
      pending: StandardTerms | null;
      review: ReviewState;
    };
type Active = Extract<SubsidyStandardState, { status: 'active' }>;

export type SubsidyStandardCommand =
  | { type: 'ProposeSubsidyStandard'; standardId: string; authorityId: string; authorityKind: StandardAuthorityKind | null; scope: StandardScope; terms: StandardTerms }
  | { type: 'ReviseSubsidyStandard'; terms: StandardTerms }
  | (ReviewCommand & { policy?: ReviewPolicy });

const requireActive = (state: SubsidyStandardState): Active => {
  if (state.status === 'none') throw new NotFoundError('补贴标准不存在');
  return state;
};

const requireAuthority = (state: Active, context: CommandContext) => {
  if (context.actor.orgId !== state.authorityId) throw new ForbiddenError('只有制定该标准的管理部门可以修改或提交');
};

/** A new version starts after the last one: versions never overlap, so "in force on a day" has one answer. */
function checkAfterLast(state: Pick<Active, 'versions'>, terms: StandardTerms) {
  const last = state.versions[state.versions.length - 1];
  if (last && terms.effectiveFrom <= last.effectiveFrom) {
    throw new RuleViolationError(`新版本的生效日期（${terms.effectiveFrom}）须晚于现行第${last.version}版的生效日期（${last.effectiveFrom}）`, 'subsidy_standard.effective_order');
  }
}

export const standardTitle = (scope: StandardScope, terms: Pick<StandardTerms, 'amountFen' | 'unit'> | null) =>
  `${STANDARD_SUBJECT_LABELS[scope.subject]}${scope.occupationCode ? ` ${scope.occupationCode}` : ''}${terms ? ` ${formatYuan(terms.amountFen).replace('元', '')}${STANDARD_UNIT_LABELS[terms.unit]}` : ''}`;

export const standardReview: ReviewParticipation<SubsidyStandardState, SubsidyStandardEvent> = {
  policy: STANDARD_REVIEW_POLICY,
  reviewOf: (state) => (state.status === 'active' ? state.review : undefined),
  notFound: '补贴标准不存在',
  checkSubmission(state, context) {
    const active = requireActive(state);
    requireAuthority(active, context);
    if (!active.pending) throw new RuleViolationError('没有待提交的补贴标准或修订', 'subsidy_standard.nothing_pending');
  },
  title: (state) => (state.status === 'active' ? standardTitle(state.scope, state.pending ?? state.versions[state.versions.length - 1] ?? null) : ''),
  onDecision(decision, state, context) {
    const active = requireActive(state);
    if (decision.type === 'ReviewApproved' && decision.data.final && active.pending) {
      checkAfterLast(active, active.pending);
      const version: StandardVersion = { ...active.pending, version: active.versions.length + 1, approvedOn: chinaDate(context.now) };
      return [{ type: 'SubsidyStandardVersionApproved', data: version }];
    }
    if (decision.type === 'ReviewRejected' && active.versions.length > 0) return [{ type: 'SubsidyStandardRevisionDiscarded', data: { reason: decision.data.reason } }];
    return [];
  },
};

function decide(command: SubsidyStandardCommand, state: SubsidyStandardState, context: CommandContext): SubsidyStandardEvent[] {
  if (isReviewCommand(command)) return decideWithReview(standardReview, command, state, context);
  switch (command.type) {
    case 'ProposeSubsidyStandard': {
      if (state.status !== 'none') throw new RuleViolationError('该补贴标准已存在', 'subsidy_standard.exists');
      if (!command.authorityKind) throw new ForbiddenError('补贴标准由省级或市州人社部门制定');
      if (context.actor.orgId !== command.authorityId) throw new ForbiddenError('只能以本单位名义制定补贴标准');
      const { standardId, authorityId, authorityKind, scope, terms } = command;
      checkTermsForSubject(scope.subject, terms);
      return [{ type: 'SubsidyStandardProposed', data: { standardId, authorityId, authorityKind, scope, terms } }];
    }
    case 'ReviseSubsidyStandard': {
      const active = requireActive(state);
      requireAuthority(active, context);
      if (active.review.status === 'pending') throw new RuleViolationError('审核中的补贴标准不能修改，请先撤回', 'subsidy_standard.pending');
      if (active.review.status === 'rejected' && active.versions.length === 0) throw new RuleViolationError('审核未通过的补贴标准不能再修改', 'subsidy_standard.rejected');
      const current = active.pending ?? active.versions[active.versions.length - 1] ?? null;
      checkTermsForSubject(active.scope.subject, command.terms);
      if (current && sameTerms(current, command.terms)) return [];
      checkAfterLast(active, command.terms);
      if (active.pending) return [{ type: 'SubsidyStandardDraftUpdated', data: { terms: command.terms } }];
      return [{ type: 'SubsidyStandardRevisionProposed', data: { terms: command.terms } }];
    }
    default:
      return assertNever(command);
  }
}

function evolve(state: SubsidyStandardState, event: SubsidyStandardEvent): SubsidyStandardState {
  if (event.type === 'SubsidyStandardProposed') {
    const { standardId, authorityId, authorityKind, scope, terms } = event.data;
    return { status: 'active', standardId, authorityId, authorityKind, scope, versions: [], pending: terms, review: initialReviewState() };
  }
  if (state.status === 'none') return state;
  if (isReviewEvent(event)) return { ...state, review: evolveReview(state.review, event) };
  switch (event.type) {
    case 'SubsidyStandardDraftUpdated':
      return { ...state, pending: event.data.terms };
    case 'SubsidyStandardRevisionProposed':
      return { ...state, pending: event.data.terms, review: reopenReview(state.review) };
    case 'SubsidyStandardVersionApproved':
      return { ...state, versions: [...state.versions, event.data], pending: null };
    case 'SubsidyStandardRevisionDiscarded':
      return { ...state, pending: null, review: { status: 'approved', round: state.review.round } };
    default:
      return assertNever(event);
  }
}

export const subsidyStandardDecider: Decider<SubsidyStandardCommand, SubsidyStandardEvent, SubsidyStandardState> = {
  initialState: () => ({ status: 'none' }),
  evolve,
  decide,
};
