// A training institution's record: registered by its supervising authority, reviewed, then
// effective. Changes to an effective record are reviewed before they take effect (the record shows
// both the effective and the pending values). A licence past its validity suspends the institution;
// a private institution is reviewed every year (年审) and may be revoked.
import { chinaDate } from '../personal-data/normalize';
import type { ConfirmableWarning } from '../personal-data/confirmable-warning';
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
import { isCalendarDate } from '../shared/validation';
import { sameInstitutionDetails, type InstitutionDetails } from './institution-details';
import { streamNaming } from '../shared/streams';

/** The module's streams: `institution-<id>`. */
export const institutionStreams = streamNaming('institution');

/** Reviewed at the county (when the supervising authority is one) and then the prefecture. */
export const DEFAULT_INSTITUTION_REVIEW_POLICY: ReviewPolicy = { levels: ['county', 'city'], skipMissingLevels: true };
/** Days before the licence's end at which the institution is told. */
export const LICENCE_NOTICE_DAYS = 30;

export const LIFECYCLES = ['draft', 'active', 'suspended', 'revoked'] as const;
export type Lifecycle = (typeof LIFECYCLES)[number];
export const LIFECYCLE_LABELS: Record<Lifecycle, string> = { draft: '登记中', active: '生效', suspended: '暂停（许可证过期）', revoked: '已撤销' };

export const ANNUAL_REVIEW_OUTCOMES = ['passed', 'rectify', 'failed'] as const;
export type AnnualReviewOutcome = (typeof ANNUAL_REVIEW_OUTCOMES)[number];
export const ANNUAL_REVIEW_LABELS: Record<AnnualReviewOutcome, string> = { passed: '合格', rectify: '限期整改', failed: '不合格' };

/**
 * The penalty ladder (§2 of issue 12): what an authority imposes on an institution after
 * inspections find fault, from the mildest. Each is an event on the institution's record with its
 * period; a rectification notice bars the institution from opening classes until a day, and a
 * terminated designation (解约) leaves it self-paid classes only (the class-opening check reads both).
 */
export const PENALTY_KINDS = ['interview', 'rectification_notice', 'public_notice', 'termination'] as const;
export type PenaltyKind = (typeof PENALTY_KINDS)[number];
export const PENALTY_KIND_LABELS: Record<PenaltyKind, string> = {
  interview: '约谈',
  rectification_notice: '整改通知书（限期整改，期间不得开班）',
  public_notice: '通报',
  termination: '解除定点（解约）',
};
/** The longest a rectification notice may bar opening classes. */
export const MAX_BARRED_DAYS = 366;

export interface InstitutionPenalty {
  penaltyId: string;
  kind: PenaltyKind;
  reason: string;
  /** The inspection that found the fault, where there was one (a class's stream and its inspection). */
  basis: { classId: string; inspectionId: string } | null;
  imposedOn: string;
  byOrgId: string;
  /** Rectification notice: no class may be opened (registered or declared) up to and including this day. */
  barredUntil: string | null;
}

type Warnings = { confirmedWarnings?: ConfirmableWarning[] };
export type InstitutionRegistered = DomainEvent<'InstitutionRegistered', { institutionId: string; details: InstitutionDetails; registeredByOrgId: string | null } & Warnings>;
export type InstitutionDraftUpdated = DomainEvent<'InstitutionDraftUpdated', { details: InstitutionDetails } & Warnings>;
export type InstitutionChangeProposed = DomainEvent<'InstitutionChangeProposed', { details: InstitutionDetails } & Warnings>;
export type InstitutionActivated = DomainEvent<'InstitutionActivated', { details: InstitutionDetails; version: number }>;
export type InstitutionChangeApplied = DomainEvent<'InstitutionChangeApplied', { details: InstitutionDetails; version: number }>;
export type InstitutionChangeDiscarded = DomainEvent<'InstitutionChangeDiscarded', { reason: string }>;
export type InstitutionLicenceExpiring = DomainEvent<'InstitutionLicenceExpiring', { validUntil: string; daysLeft: number }>;
export type InstitutionSuspended = DomainEvent<'InstitutionSuspended', { reason: 'licence_expired'; validUntil: string }>;
export type InstitutionReinstated = DomainEvent<'InstitutionReinstated', { validUntil: string }>;
export type InstitutionAnnualReviewed = DomainEvent<'InstitutionAnnualReviewed', { year: number; outcome: AnnualReviewOutcome; opinion: string }>;
export type InstitutionRevoked = DomainEvent<'InstitutionRevoked', { reason: string }>;
export type InstitutionPenaltyImposed = DomainEvent<'InstitutionPenaltyImposed', { penalty: InstitutionPenalty }>;
export type InstitutionEvent =
  | InstitutionRegistered
  | InstitutionDraftUpdated
  | InstitutionChangeProposed
  | InstitutionActivated
  | InstitutionChangeApplied
  | InstitutionChangeDiscarded
  | InstitutionLicenceExpiring
  | InstitutionSuspended
  | InstitutionReinstated
  | InstitutionAnnualReviewed
  | InstitutionRevoked
  | InstitutionPenaltyImposed
  | ReviewEvent;

export type InstitutionState =
  | { status: 'none' }
  | {
      status: 'registered';
      institutionId: string;
      registeredByOrgId: string | null;
      lifecycle: Lifecycle;
      effective: InstitutionDetails | null;
      pending: InstitutionDetails | null;
      version: number;
      review: ReviewState;
      /** The validUntil a notice was sent for (one notice per licence). */
      noticeFor: string | null;
      annualReviews: { year: number; outcome: AnnualReviewOutcome }[];
      revokedReason: string | null;
      /** The penalty ladder's steps imposed (absent in states folded before they existed). */
      penalties?: InstitutionPenalty[];
    };
type Registered = Extract<InstitutionState, { status: 'registered' }>;

export type InstitutionCommand =
  | { type: 'RegisterInstitution'; institutionId: string; details: InstitutionDetails; confirmedWarnings: ConfirmableWarning[] }
  | { type: 'EditInstitution'; details: InstitutionDetails; confirmedWarnings: ConfirmableWarning[] }
  | { type: 'CheckLicence' }
  | { type: 'RecordAnnualReview'; year: number; outcome: AnnualReviewOutcome; opinion: string }
  | { type: 'RevokeInstitution'; reason: string }
  /**
   * A step of the penalty ladder. `authority`: the actor's organisation is an authority above the
   * institution (resolved by the command layer from the organisation tree).
   */
  | {
      type: 'ImposePenalty';
      penaltyId: string;
      kind: PenaltyKind;
      reason: string;
      barredUntil?: string | null;
      basis?: { classId: string; inspectionId: string } | null;
      authority: { supervises: boolean };
    }
  | (ReviewCommand & { policy?: ReviewPolicy });

const warnings = (confirmed: ConfirmableWarning[]): Warnings => (confirmed.length ? { confirmedWarnings: confirmed } : {});

function requireRegistered(state: InstitutionState): Registered {
  if (state.status === 'none') throw new NotFoundError('培训机构记录不存在');
  return state;
}

/** Who may change the record: its registering authority while in registration; afterwards the institution itself or its supervising authority. */
function requireEditor(state: Registered, context: CommandContext) {
  const orgId = context.actor.orgId;
  const supervising = (state.effective ?? state.pending)?.supervisingAuthorityId;
  const allowed = state.lifecycle === 'draft' ? orgId === state.registeredByOrgId : orgId === state.institutionId || orgId === supervising;
  if (!allowed) throw new ForbiddenError('您所在的单位无权修改该培训机构');
}

const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/** The institution's part in the review workflow: a final approval activates it or applies the change. */
export const institutionReview: ReviewParticipation<InstitutionState, InstitutionEvent> = {
  policy: DEFAULT_INSTITUTION_REVIEW_POLICY,
  reviewOf: (state) => (state.status === 'registered' ? state.review : undefined),
  notFound: '培训机构记录不存在',
  checkSubmission(state, context) {
    const s = requireRegistered(state);
    requireEditor(s, context);
    if (!s.pending) throw new RuleViolationError('没有待提交的登记或变更', 'institution.nothing_pending');
  },
  title: (state) => (state.status === 'registered' ? institutionTitle((state.pending ?? state.effective)!) : ''),
  onDecision(decision, state, context) {
    const s = requireRegistered(state);
    if (decision.type === 'ReviewApproved' && decision.data.final && s.pending) {
      const version = s.version + 1;
      if (!s.effective) return [{ type: 'InstitutionActivated', data: { details: s.pending, version } }];
      const applied: InstitutionEvent[] = [{ type: 'InstitutionChangeApplied', data: { details: s.pending, version } }];
      if (s.lifecycle === 'suspended' && s.pending.validUntil >= chinaDate(context.now)) applied.push({ type: 'InstitutionReinstated', data: { validUntil: s.pending.validUntil } });
      return applied;
    }
    if (decision.type === 'ReviewRejected' && s.effective) return [{ type: 'InstitutionChangeDiscarded', data: { reason: decision.data.reason } }];
    return [];
  },
};

function decide(command: InstitutionCommand, state: InstitutionState, context: CommandContext): InstitutionEvent[] {
  if (isReviewCommand(command)) return decideWithReview(institutionReview, command, state, context);
  switch (command.type) {
    case 'RegisterInstitution':
      if (state.status !== 'none') throw new RuleViolationError('该培训机构已登记', 'institution.exists');
      return [
        {
          type: 'InstitutionRegistered',
          data: { institutionId: command.institutionId, details: command.details, registeredByOrgId: context.actor.orgId, ...warnings(command.confirmedWarnings) },
        },
      ];
    case 'EditInstitution': {
      const s = requireRegistered(state);
      requireEditor(s, context);
      if (s.lifecycle === 'revoked') throw new RuleViolationError('已撤销的培训机构不能修改', 'institution.revoked');
      if (s.review.status === 'pending') throw new RuleViolationError('审核中的记录不能修改，请先撤回', 'institution.pending');
      if (s.review.status === 'rejected' && !s.effective) throw new RuleViolationError('登记未通过审核，不能再修改', 'institution.rejected');
      const current = s.pending ?? s.effective;
      if (current && sameInstitutionDetails(current, command.details)) return [];
      const data = { details: command.details, ...warnings(command.confirmedWarnings) };
      return s.pending ? [{ type: 'InstitutionDraftUpdated', data }] : [{ type: 'InstitutionChangeProposed', data }];
    }
    case 'CheckLicence': {
      // Run by the licence job for every effective institution; says nothing when nothing is due.
      const s = requireRegistered(state);
      if (s.lifecycle !== 'active' || !s.effective) return [];
      const today = chinaDate(context.now);
      const validUntil = s.effective.validUntil;
      if (validUntil < today) return [{ type: 'InstitutionSuspended', data: { reason: 'licence_expired', validUntil } }];
      const daysLeft = daysBetween(today, validUntil);
      if (daysLeft <= LICENCE_NOTICE_DAYS && s.noticeFor !== validUntil) return [{ type: 'InstitutionLicenceExpiring', data: { validUntil, daysLeft } }];
      return [];
    }
    case 'RecordAnnualReview': {
      const s = requireRegistered(state);
      if (!s.effective || s.effective.nature !== 'private') throw new RuleViolationError('年审只适用于已生效的民办职业培训机构', 'institution.annual_review_private_only');
      if (s.lifecycle === 'revoked') throw new RuleViolationError('已撤销的培训机构不能年审', 'institution.revoked');
      if (context.actor.orgId !== s.effective.supervisingAuthorityId) throw new ForbiddenError('只有主管部门可以进行年审');
      if (s.annualReviews.some((r) => r.year === command.year)) throw new RuleViolationError(`${command.year}年度年审已记录`, 'institution.annual_review_done');
      const thisYear = Number(chinaDate(context.now).slice(0, 4));
      if (command.year > thisYear || command.year < thisYear - 1) throw new RuleViolationError('只能记录本年度或上一年度的年审', 'institution.annual_review_year');
      const opinion = command.opinion.trim();
      if (!opinion) throw new RuleViolationError('请填写年审意见', 'institution.annual_review_opinion');
      return [{ type: 'InstitutionAnnualReviewed', data: { year: command.year, outcome: command.outcome, opinion: opinion.slice(0, 2000) } }];
    }
    case 'RevokeInstitution': {
      const s = requireRegistered(state);
      if (s.lifecycle === 'revoked') return [];
      if (!s.effective) throw new RuleViolationError('尚未生效的登记请退回或不予通过，无需撤销', 'institution.not_active');
      if (context.actor.orgId !== s.effective.supervisingAuthorityId) throw new ForbiddenError('只有主管部门可以撤销培训机构');
      const reason = command.reason.trim();
      if (!reason) throw new RuleViolationError('请填写撤销原因', 'institution.revoke_reason');
      return [{ type: 'InstitutionRevoked', data: { reason: reason.slice(0, 2000) } }];
    }
    case 'ImposePenalty':
      return imposePenalty(command, state, context);
    default:
      return assertNever(command);
  }
}

function evolve(state: InstitutionState, event: InstitutionEvent): InstitutionState {
  if (event.type === 'InstitutionRegistered') {
    return {
      status: 'registered',
      institutionId: event.data.institutionId,
      registeredByOrgId: event.data.registeredByOrgId,
      lifecycle: 'draft',
      effective: null,
      pending: event.data.details,
      version: 0,
      review: initialReviewState(),
      noticeFor: null,
      annualReviews: [],
      revokedReason: null,
    };
  }
  if (state.status === 'none') return state;
  if (isReviewEvent(event)) return { ...state, review: evolveReview(state.review, event) };
  switch (event.type) {
    case 'InstitutionDraftUpdated':
      return { ...state, pending: event.data.details };
    case 'InstitutionChangeProposed':
      return { ...state, pending: event.data.details, review: reopenReview(state.review) };
    case 'InstitutionActivated':
      return { ...state, lifecycle: 'active', effective: event.data.details, pending: null, version: event.data.version };
    case 'InstitutionChangeApplied':
      return { ...state, effective: event.data.details, pending: null, version: event.data.version };
    case 'InstitutionChangeDiscarded':
      return { ...state, pending: null, review: { status: 'approved', round: state.review.round } };
    case 'InstitutionLicenceExpiring':
      return { ...state, noticeFor: event.data.validUntil };
    case 'InstitutionSuspended':
      return { ...state, lifecycle: 'suspended' };
    case 'InstitutionReinstated':
      return { ...state, lifecycle: 'active' };
    case 'InstitutionAnnualReviewed':
      return { ...state, annualReviews: [...state.annualReviews, { year: event.data.year, outcome: event.data.outcome }] };
    case 'InstitutionRevoked':
      return { ...state, lifecycle: 'revoked', revokedReason: event.data.reason };
    case 'InstitutionPenaltyImposed':
      return { ...state, penalties: [...(state.penalties ?? []), event.data.penalty] };
    default:
      return assertNever(event);
  }
}

function imposePenalty(command: Extract<InstitutionCommand, { type: 'ImposePenalty' }>, state: InstitutionState, context: CommandContext): InstitutionEvent[] {
  const s = requireRegistered(state);
  if (!command.authority.supervises || !context.actor.orgId) throw new ForbiddenError('只有该机构的主管部门可以处理培训机构');
  if (!s.effective) throw new RuleViolationError('尚未生效的培训机构不能处理', 'institution.not_active');
  if (s.lifecycle === 'revoked') throw new RuleViolationError('已撤销的培训机构不能再处理', 'institution.revoked');
  if ((s.penalties ?? []).some((p) => p.penaltyId === command.penaltyId)) return [];
  const reason = command.reason.trim();
  if (!reason) throw new ValidationError([{ field: 'reason', message: '请填写处理事由' }]);
  if (reason.length > 2000) throw new ValidationError([{ field: 'reason', message: '处理事由不能超过2000个字' }]);
  const today = chinaDate(context.now);
  let barredUntil: string | null = null;
  if (command.kind === 'rectification_notice') {
    barredUntil = command.barredUntil ?? null;
    if (!barredUntil || !isCalendarDate(barredUntil)) throw new ValidationError([{ field: 'barredUntil', message: '整改通知书须填写暂停开班的截止日期' }]);
    if (barredUntil < today) throw new ValidationError([{ field: 'barredUntil', message: `暂停开班截止日期（${barredUntil}）不能早于今天（${today}）` }]);
    if (daysBetween(today, barredUntil) > MAX_BARRED_DAYS) throw new ValidationError([{ field: 'barredUntil', message: `暂停开班期限不能超过${MAX_BARRED_DAYS}天` }]);
  } else if (command.barredUntil) {
    throw new ValidationError([{ field: 'barredUntil', message: `${PENALTY_KIND_LABELS[command.kind]}不设暂停开班期限，只有整改通知书可以设置` }]);
  }
  if (command.kind === 'termination') {
    if (!s.effective.designated) throw new RuleViolationError('该机构不是定点培训机构，无需解约', 'institution.not_designated');
    if ((s.penalties ?? []).some((p) => p.kind === 'termination')) throw new RuleViolationError('该机构的定点资格已解除', 'institution.terminated');
  }
  const penalty: InstitutionPenalty = { penaltyId: command.penaltyId, kind: command.kind, reason, basis: command.basis ?? null, imposedOn: today, byOrgId: context.actor.orgId, barredUntil };
  return [{ type: 'InstitutionPenaltyImposed', data: { penalty } }];
}

/** What the penalties in force on `today` (China date) mean for opening classes. */
export function institutionPenaltiesInForce(state: Extract<InstitutionState, { status: 'registered' }>, today: string): { barredUntil: string | null; designationTerminated: boolean } {
  const penalties = state.penalties ?? [];
  const bars = penalties.map((p) => p.barredUntil).filter((d): d is string => d !== null && d >= today).sort();
  return { barredUntil: bars[bars.length - 1] ?? null, designationTerminated: penalties.some((p) => p.kind === 'termination') };
}

export const institutionTitle = (details: InstitutionDetails) => details.name;

/** Whether the institution may open classes and enter trainees and teachers (effective, not suspended or revoked). */
export const canOperate = (state: InstitutionState) => state.status === 'registered' && state.lifecycle === 'active';

export const institutionDecider: Decider<InstitutionCommand, InstitutionEvent, InstitutionState> = {
  initialState: () => ({ status: 'none' }),
  evolve,
  decide,
};
