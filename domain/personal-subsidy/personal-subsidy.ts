// 个人补贴 (issue 14 §2): one stream per person and kind (`personal-subsidy-<id>`, the id derived
// from both), so the once-only limits are decided on one stream at its exact revision: two
// applications made at the same moment for the same certificate, class or start-up cannot both
// pass. The stream holds the application in hand and the earlier ones (history); a new one may be
// made once the one in hand is settled (rejected, withdrawn, revoked by an upheld objection, or
// paid). Applied for by the person through an institution or an
// authority's counter with the calculation (calculation.ts) and the log position it was computed
// at; reviewed through the one review workflow (the county, then the prefecture); the final
// approval reserves the amount on the payer's fund (the command layer reserves before the approval
// is appended) and publishes the 公示 (the subsidy-application notice rules).
import {
  decideWithReview,
  evolveReview,
  isReviewCommand,
  isReviewEvent,
  reopenReview,
  initialReviewState,
  type ReviewCommand,
  type ReviewEvent,
  type ReviewParticipation,
  type ReviewPolicy,
  type ReviewState,
} from '../review/review';
import { chinaDate, type IsoDate } from '../personal-data/normalize';
import type { ProtectedValue } from '../personal-data/protected-value';
import { assertNever, type CommandContext, type Decider, type DomainEvent } from '../shared/decider';
import { ForbiddenError, NotFoundError, RuleViolationError } from '../shared/errors';
import { formatYuan, type Fen } from '../shared/money';
import { streamNaming } from '../shared/streams';
import type { FundingSourceRef, Reservation } from '../subsidy-application/application';
import { sameValue } from '../subsidy-application/calculation';
import type { NoticePeriod, ObjectionInput } from '../subsidy-application/notice';
import { calculatePersonalSubsidy, PERSONAL_SUBSIDY_KIND_LABELS, type PersonalSubsidyFacts, type PersonalSubsidyKind, type PersonalSubsidyResult } from './calculation';

/** The module's streams: `personal-subsidy-<id>`, one per person and kind. */
export const personalSubsidyStreams = streamNaming('personal-subsidy');

/** Reviewed by the county, then the prefecture (the levels above the applicant that exist). */
export const PERSONAL_SUBSIDY_REVIEW_POLICY: ReviewPolicy = { levels: ['county', 'city'], skipMissingLevels: true };

/** The calculation as recorded: the facts, the result, and the log position the facts were read at. */
export type PersonalCalculation = { facts: PersonalSubsidyFacts; result: PersonalSubsidyResult; computedAt: string; computedOn: string };

export type PersonalObjection = ObjectionInput & { objectionId: string; status: 'open' | 'upheld' | 'dismissed'; resolution: string | null; resolvedOn: IsoDate | null };

/** One application on the person's stream. */
export type PersonalApplication = {
  applicationId: string;
  /** The institution or authority (counter) that took the application. */
  applicantOrgId: string;
  source: FundingSourceRef;
  calculation: PersonalCalculation;
  appliedOn: IsoDate;
  review: ReviewState;
  reservation: Reservation | null;
  notice: NoticePeriod | null;
  objections: PersonalObjection[];
  /** An upheld objection took the subsidy back (its reservation released). */
  revoked: boolean;
  /** The payment ordered in a batch to the person's social-security-card financial account, and its outcome. */
  payment: PersonalPayment | null;
  /** Payments that failed and were re-issued under a new reservation (oldest first; absent before the first). */
  failedPayments?: PersonalPayment[];
  /** Re-issue requests of failed payments, each reviewed through the one workflow (oldest first). */
  reissues?: PersonalReissue[];
  /** The account an approved re-issue pays to instead of the trainee record's card. */
  payee?: PersonalPayee | null;
};

/** A 社保卡金融账户 given with a re-issue: encrypted, blind-indexed and masked (never in clear in an event). */
export type PersonalPayee = { account: ProtectedValue; accountName: string };

/**
 * 重新支付 of a failed payment: requested by the payer with the new account, then reviewed like the
 * application (its own rounds on the stream's review numbering), approved it reserves the amount
 * again under a new reservation, so a new payment id.
 */
export type PersonalReissue = PersonalPayee & { reissueId: string; failedPaymentId: string; reason: string; requestedBy: string; requestedByOrg: string | null; review: ReviewState };

export type PersonalPayment = { paymentId: string; batchId: string; amountFen: Fen; status: 'ordered' | 'paid' | 'failed'; bankRef: string | null; reason: string | null; on: IsoDate | null };
export const PERSONAL_PAYMENT_STATUS_LABELS: Record<PersonalPayment['status'], string> = { ordered: '已生成支付指令', paid: '已支付', failed: '支付失败' };

export type PersonalSubsidyApplied = DomainEvent<
  'PersonalSubsidyApplied',
  { subsidyId: string; applicationId: string; personId: string; personName: string; idNumberMasked: string; kind: PersonalSubsidyKind; applicantOrgId: string; appliedOn: IsoDate; source: FundingSourceRef; calculation: PersonalCalculation }
>;
export type PersonalSubsidyApproved = DomainEvent<'PersonalSubsidyApproved', Reservation & { applicationId: string; round: number }>;
export type PersonalSubsidyNoticePublished = DomainEvent<'PersonalSubsidyNoticePublished', NoticePeriod & { applicationId: string }>;
export type PersonalSubsidyObjectionRecorded = DomainEvent<'PersonalSubsidyObjectionRecorded', ObjectionInput & { applicationId: string; objectionId: string }>;
/** An objection decided; upheld, the subsidy is revoked and `releasedFen` goes back to the fund. */
export type PersonalSubsidyObjectionResolved = DomainEvent<
  'PersonalSubsidyObjectionResolved',
  { applicationId: string; objectionId: string; upheld: boolean; resolution: string; resolvedOn: IsoDate; releasedFen: Fen }
>;
export type PersonalSubsidyPaymentOrdered = DomainEvent<'PersonalSubsidyPaymentOrdered', { applicationId: string; paymentId: string; batchId: string; amountFen: Fen }>;
export type PersonalSubsidyPaid = DomainEvent<'PersonalSubsidyPaid', { applicationId: string; paymentId: string; batchId: string; bankRef: string; paidOn: IsoDate }>;
export type PersonalSubsidyPaymentFailed = DomainEvent<'PersonalSubsidyPaymentFailed', { applicationId: string; paymentId: string; batchId: string; reason: string; failedOn: IsoDate }>;
/** The batch that ordered it was voided before reaching the bank (作废): the order is gone and a later batch may order it again (the same payment id). */
export type PersonalSubsidyPaymentOrderReleased = DomainEvent<'PersonalSubsidyPaymentOrderReleased', { applicationId: string; paymentId: string; batchId: string; reason: string }>;
export type PersonalSubsidyReissueRequested = DomainEvent<
  'PersonalSubsidyReissueRequested',
  PersonalPayee & { applicationId: string; reissueId: string; failedPaymentId: string; reason: string; requestedBy: string; requestedByOrg: string | null }
>;
/** The re-issue's final approval: the failed payment is closed and the amount reserved again under `reservationId`. */
export type PersonalSubsidyReissueApproved = DomainEvent<'PersonalSubsidyReissueApproved', Reservation & { applicationId: string; reissueId: string; failedPaymentId: string; round: number }>;
export type PersonalSubsidyEvent =
  | PersonalSubsidyApplied
  | PersonalSubsidyApproved
  | PersonalSubsidyNoticePublished
  | PersonalSubsidyObjectionRecorded
  | PersonalSubsidyObjectionResolved
  | PersonalSubsidyPaymentOrdered
  | PersonalSubsidyPaid
  | PersonalSubsidyPaymentFailed
  | PersonalSubsidyPaymentOrderReleased
  | PersonalSubsidyReissueRequested
  | PersonalSubsidyReissueApproved
  | ReviewEvent;

export type PersonalSubsidyState =
  | { status: 'none' }
  | {
      status: 'active';
      subsidyId: string;
      personId: string;
      personName: string;
      idNumberMasked: string;
      kind: PersonalSubsidyKind;
      current: PersonalApplication;
      /** Earlier applications of the person and kind, oldest first. */
      history: PersonalApplication[];
    };
export type ActivePersonalSubsidy = Extract<PersonalSubsidyState, { status: 'active' }>;

export type PersonalSubsidyCommand =
  | { type: 'ApplyPersonalSubsidy'; subsidyId: string; applicationId: string; applicantOrgId: string; source: FundingSourceRef; calculation: PersonalCalculation }
  | { type: 'RecordPersonalSubsidyObjection'; objectionId: string; objection: ObjectionInput; mayHandle: boolean }
  | { type: 'ResolvePersonalSubsidyObjection'; objectionId: string; upheld: boolean; resolution: string; mayHandle: boolean }
  | { type: 'OrderPersonalSubsidyPayment'; paymentId: string; batchId: string; today: IsoDate }
  | { type: 'RecordPersonalSubsidyPaymentOutcome'; paymentId: string; batchId: string; status: 'paid' | 'failed'; bankRef: string; reason: string }
  | { type: 'ReleasePersonalSubsidyPaymentOrder'; paymentId: string; batchId: string; reason: string }
  /** `failedAccount`: the blind index of the account the failed order was sent to (read from its batch). */
  | { type: 'RequestPersonalSubsidyReissue'; reissueId: string; reason: string; payee: PersonalPayee; failedAccount: string | null; mayHandle: boolean }
  | (ReviewCommand & { policy?: ReviewPolicy; notice?: NoticePeriod });

/**
 * The reservation of an application's approval round: never made twice. It names the person's
 * record, so the fund's reconciliation finds the stream from the reservation alone.
 */
export const personalReservationIdOf = (subsidyId: string, applicationId: string, round: number) => `personal-subsidy:${subsidyId}:${applicationId}#${round}`;
/** The person's record a reservation id names (undefined: not a personal subsidy's). */
export const subsidyIdOfReservation = (reservationId: string) => /^personal-subsidy:([^:#]+):/.exec(reservationId)?.[1];

const requireActive = (state: PersonalSubsidyState): ActivePersonalSubsidy => {
  if (state.status === 'none') throw new NotFoundError('个人补贴申请不存在');
  return state;
};

/** The re-issue in review (or returned to its requester); undefined when none is. */
export const reissueInHand = (a: PersonalApplication) => {
  const last = a.reissues?.at(-1);
  return last && last.review.status !== 'approved' && last.review.status !== 'rejected' && last.review.status !== 'withdrawn' ? last : undefined;
};
/** The stream's latest review round is on the application's last re-issue, or on the application itself. */
const latestReview = (a: PersonalApplication) => a.reissues?.at(-1)?.review ?? a.review;

/** What an application still holds against the once-only limit: anything not rejected, withdrawn or revoked. */
const holdsClaim = (a: PersonalApplication) => !a.revoked && a.review.status !== 'rejected' && a.review.status !== 'withdrawn';

/** Why the application may not be paid on a day (null: it may). */
export function personalUnpayableReason(a: PersonalApplication, today: IsoDate): string | null {
  if (a.review.status !== 'approved' || !a.reservation) return '申请尚未审核通过';
  if (a.revoked) return '公示异议成立，补贴已撤销';
  if (a.payment) return a.payment.status === 'failed' ? `支付失败：${a.payment.reason ?? ''}${reissueInHand(a) ? '（重新支付审核中）' : '（可填写新的社保卡金融账户申请重新支付）'}` : PERSONAL_PAYMENT_STATUS_LABELS[a.payment.status];
  if (!a.notice) return '尚未公示';
  if (today <= a.notice.until) return `公示期至${a.notice.until}，公示期满后才能支付`;
  const open = a.objections.filter((o) => o.status === 'open').length;
  return open > 0 ? `有${open}条公示异议尚未处理` : null;
}

/**
 * Whether the application in hand is settled, so another may be made on the stream: rejected,
 * withdrawn or revoked, or paid (a payable or failed one still has money to move on this stream).
 */
const settled = (a: PersonalApplication) => !holdsClaim(a) || a.payment?.status === 'paid';

export const personalSubsidyTitle = (state: Pick<ActivePersonalSubsidy, 'personName' | 'kind' | 'current'>) =>
  `${state.personName} ${PERSONAL_SUBSIDY_KIND_LABELS[state.kind]} ${formatYuan(state.current.calculation.result.amountFen)}`;

export const personalSubsidyReview: ReviewParticipation<PersonalSubsidyState, PersonalSubsidyEvent> = {
  policy: PERSONAL_SUBSIDY_REVIEW_POLICY,
  // While a re-issue is in hand, the review commands act on it; otherwise on the application.
  reviewOf: (state) => (state.status === 'active' ? (reissueInHand(state.current)?.review ?? state.current.review) : undefined),
  notFound: '个人补贴申请不存在',
  checkSubmission(state, context) {
    const active = requireActive(state);
    const reissue = reissueInHand(active.current);
    if (reissue) {
      if (context.actor.orgId !== reissue.requestedByOrg) throw new ForbiddenError('只有申请重新支付的单位可以提交审核');
      return;
    }
    if (context.actor.orgId !== active.current.applicantOrgId) throw new ForbiddenError('只有受理申请的单位可以提交审核');
  },
  title: (state) => (state.status === 'active' ? personalSubsidyTitle(state) : ''),
  onDecision(decision, state) {
    const active = requireActive(state);
    if (decision.type !== 'ReviewApproved' || !decision.data.final) return [];
    const { applicationId, source, calculation } = active.current;
    const { round } = decision.data;
    const reissue = reissueInHand(active.current);
    if (reissue) {
      const reservationId = personalReservationIdOf(active.subsidyId, applicationId, round);
      return [{ type: 'PersonalSubsidyReissueApproved', data: { applicationId, reissueId: reissue.reissueId, failedPaymentId: reissue.failedPaymentId, fundId: source.fundId, reservationId, amountFen: calculation.result.amountFen, round } }];
    }
    return [{ type: 'PersonalSubsidyApproved', data: { applicationId, fundId: source.fundId, reservationId: personalReservationIdOf(active.subsidyId, applicationId, round), amountFen: calculation.result.amountFen, round } }];
  },
};

function decideApply(command: Extract<PersonalSubsidyCommand, { type: 'ApplyPersonalSubsidy' }>, state: PersonalSubsidyState, context: CommandContext): PersonalSubsidyEvent[] {
  const { calculation } = command;
  const { facts } = calculation;
  if (state.status === 'active') {
    if (state.current.applicationId === command.applicationId || state.history.some((a) => a.applicationId === command.applicationId)) return [];
    if (state.personId !== facts.person.personId || state.kind !== facts.kind) throw new RuleViolationError('申请人或补贴类型与本记录不符', 'personal_subsidy.mismatch');
  }
  const again = calculatePersonalSubsidy(facts);
  if (!sameValue(again, calculation.result)) throw new RuleViolationError('申请金额与计算结果不一致，不能手工修改金额', 'personal_subsidy.amount_edited');
  const label = PERSONAL_SUBSIDY_KIND_LABELS[facts.kind];
  if (again.refusals.length > 0) throw new RuleViolationError(`不符合${label}条件：${again.refusals.join('；')}`, 'personal_subsidy.not_eligible');
  if (state.status === 'active') {
    if (!settled(state.current)) throw new RuleViolationError(`${state.personName}已有一份${label}申请尚未办结（${state.current.calculation.result.claimLabel}），办结后才能再次申请`, 'personal_subsidy.in_progress');
    const earlier = [...state.history, state.current].find((a) => holdsClaim(a) && a.calculation.result.claimKey === again.claimKey);
    if (earlier) {
      const rule = facts.kind === 'skill_upgrade' ? '同一职业（工种）同一等级的技能提升补贴每人只能享受一次' : facts.kind === 'startup' ? '一次性创业补贴每人只能享受一次' : '同一培训班的生活费补贴每人只能享受一次';
      throw new RuleViolationError(`${rule}：${earlier.appliedOn}已申请（${earlier.calculation.result.claimLabel}）`, 'personal_subsidy.once_only');
    }
  }
  const p = facts.person;
  return [
    {
      type: 'PersonalSubsidyApplied',
      data: { subsidyId: command.subsidyId, applicationId: command.applicationId, personId: p.personId, personName: p.name, idNumberMasked: p.idNumberMasked, kind: facts.kind, applicantOrgId: command.applicantOrgId, appliedOn: chinaDate(context.now), source: command.source, calculation },
    },
  ];
}

function decideObjection(command: Extract<PersonalSubsidyCommand, { type: 'RecordPersonalSubsidyObjection' | 'ResolvePersonalSubsidyObjection' }>, state: PersonalSubsidyState, context: CommandContext): PersonalSubsidyEvent[] {
  const { current } = requireActive(state);
  if (current.review.status !== 'approved' || !current.notice) throw new RuleViolationError('申请审核通过并公示后才能登记或处理公示异议', 'personal_subsidy.not_noticed');
  if (!command.mayHandle) throw new ForbiddenError('只有支付单位或其上级人社部门可以登记或处理公示异议');
  const { applicationId } = current;
  if (command.type === 'RecordPersonalSubsidyObjection') {
    if (current.objections.some((o) => o.objectionId === command.objectionId)) return [];
    if (current.payment) throw new RuleViolationError('已生成支付指令，不能再登记公示异议', 'personal_subsidy.paying');
    if (current.revoked) throw new RuleViolationError('补贴已因公示异议成立而撤销', 'personal_subsidy.revoked');
    return [{ type: 'PersonalSubsidyObjectionRecorded', data: { applicationId, objectionId: command.objectionId, ...command.objection } }];
  }
  const objection = current.objections.find((o) => o.objectionId === command.objectionId);
  if (!objection) throw new NotFoundError('公示异议不存在');
  if (objection.status !== 'open') {
    if ((objection.status === 'upheld') === command.upheld) return [];
    throw new RuleViolationError('该异议已处理', 'personal_subsidy.objection_resolved');
  }
  const resolution = command.resolution.trim();
  if (!resolution) throw new RuleViolationError('请填写处理意见', 'personal_subsidy.resolution_required');
  const releasedFen = command.upheld && !current.revoked ? current.calculation.result.amountFen : 0;
  return [{ type: 'PersonalSubsidyObjectionResolved', data: { applicationId, objectionId: command.objectionId, upheld: command.upheld, resolution: resolution.slice(0, 2000), resolvedOn: chinaDate(context.now), releasedFen } }];
}

function decideReissue(command: Extract<PersonalSubsidyCommand, { type: 'RequestPersonalSubsidyReissue' }>, state: PersonalSubsidyState, context: CommandContext): PersonalSubsidyEvent[] {
  const { current } = requireActive(state);
  if (!command.mayHandle) throw new ForbiddenError('只有支付单位或其上级人社部门可以申请重新支付');
  if (current.reissues?.some((r) => r.reissueId === command.reissueId)) return [];
  const failed = current.payment;
  if (failed?.status !== 'failed') throw new RuleViolationError('只有支付失败的补贴可以申请重新支付', 'personal_subsidy.not_failed');
  if (reissueInHand(current)) throw new RuleViolationError('已有审核中的重新支付申请', 'personal_subsidy.reissue_pending');
  // The same account would fail the same way (a frozen card, a name mismatch): a re-issue names a new one.
  if (command.failedAccount && command.payee.account.blindIndex === command.failedAccount) {
    throw new RuleViolationError('新的社保卡金融账户与支付失败时的账户相同，请填写新的账户', 'personal_subsidy.account_unchanged');
  }
  const reason = command.reason.trim();
  if (!reason) throw new RuleViolationError('请填写重新支付的原因', 'personal_subsidy.reason_required');
  return [
    {
      type: 'PersonalSubsidyReissueRequested',
      data: { applicationId: current.applicationId, reissueId: command.reissueId, failedPaymentId: failed.paymentId, reason: reason.slice(0, 500), requestedBy: context.actor.id, requestedByOrg: context.actor.orgId, ...command.payee },
    },
  ];
}

function decide(command: PersonalSubsidyCommand, state: PersonalSubsidyState, context: CommandContext): PersonalSubsidyEvent[] {
  if (isReviewCommand(command)) {
    const events = decideWithReview(personalSubsidyReview, command, state, context);
    const approved = events.find((e) => e.type === 'PersonalSubsidyApproved');
    if (!approved || approved.type !== 'PersonalSubsidyApproved') return events;
    // The final approval publishes the 公示 (the period comes with the command: settings and calendar are lookups).
    if (!command.notice) throw new RuleViolationError('审核通过须同时发布公示，缺少公示期', 'personal_subsidy.notice_missing');
    return [...events, { type: 'PersonalSubsidyNoticePublished', data: { ...command.notice, applicationId: approved.data.applicationId } }];
  }
  switch (command.type) {
    case 'ApplyPersonalSubsidy':
      return decideApply(command, state, context);
    case 'RequestPersonalSubsidyReissue':
      return decideReissue(command, state, context);
    case 'RecordPersonalSubsidyObjection':
    case 'ResolvePersonalSubsidyObjection':
      return decideObjection(command, state, context);
    case 'OrderPersonalSubsidyPayment': {
      const { current, personName } = requireActive(state);
      if (current.payment?.paymentId === command.paymentId && current.payment.batchId === command.batchId) return [];
      const why = personalUnpayableReason(current, command.today);
      if (why) throw new RuleViolationError(`${personName}的补贴不能支付：${why}`, 'personal_subsidy.not_payable');
      return [{ type: 'PersonalSubsidyPaymentOrdered', data: { applicationId: current.applicationId, paymentId: command.paymentId, batchId: command.batchId, amountFen: current.calculation.result.amountFen } }];
    }
    case 'ReleasePersonalSubsidyPaymentOrder': {
      const { current } = requireActive(state);
      const payment = current.payment;
      // Released already, or ordered again by a later batch: nothing to release.
      if (!payment || payment.paymentId !== command.paymentId || payment.batchId !== command.batchId) return [];
      if (payment.status !== 'ordered') throw new RuleViolationError('该支付指令已有银行结果，不能释放', 'personal_subsidy.payment_answered');
      return [{ type: 'PersonalSubsidyPaymentOrderReleased', data: { applicationId: current.applicationId, paymentId: command.paymentId, batchId: command.batchId, reason: command.reason } }];
    }
    case 'RecordPersonalSubsidyPaymentOutcome': {
      const { current } = requireActive(state);
      const payment = current.payment;
      if (!payment || payment.paymentId !== command.paymentId || payment.batchId !== command.batchId) throw new RuleViolationError('支付结果与本申请的支付指令不符', 'personal_subsidy.payment_mismatch');
      if (payment.status !== 'ordered') return [];
      const on = chinaDate(context.now);
      const { applicationId } = current;
      return command.status === 'paid'
        ? [{ type: 'PersonalSubsidyPaid', data: { applicationId, paymentId: command.paymentId, batchId: command.batchId, bankRef: command.bankRef, paidOn: on } }]
        : [{ type: 'PersonalSubsidyPaymentFailed', data: { applicationId, paymentId: command.paymentId, batchId: command.batchId, reason: command.reason, failedOn: on } }];
    }
    default:
      return assertNever(command);
  }
}

const updateCurrent = (state: ActivePersonalSubsidy, change: (a: PersonalApplication) => PersonalApplication): PersonalSubsidyState => ({ ...state, current: change(state.current) });

function evolve(state: PersonalSubsidyState, event: PersonalSubsidyEvent): PersonalSubsidyState {
  if (event.type === 'PersonalSubsidyApplied') {
    const d = event.data;
    const application: PersonalApplication = {
      applicationId: d.applicationId,
      applicantOrgId: d.applicantOrgId,
      source: d.source,
      calculation: d.calculation,
      appliedOn: d.appliedOn,
      // Rounds continue over the stream's applications and re-issues, so every round (and reservation) is named once.
      review: state.status === 'active' ? reopenReview(latestReview(state.current)) : initialReviewState(),
      reservation: null,
      notice: null,
      objections: [],
      revoked: false,
      payment: null,
    };
    const history = state.status === 'active' ? [...state.history, state.current] : [];
    return { status: 'active', subsidyId: d.subsidyId, personId: d.personId, personName: d.personName, idNumberMasked: d.idNumberMasked, kind: d.kind, current: application, history };
  }
  if (state.status === 'none') return state;
  if (isReviewEvent(event)) {
    return updateCurrent(state, (a) => {
      const reissue = reissueInHand(a);
      return reissue ? { ...a, reissues: a.reissues!.map((r) => (r === reissue ? { ...r, review: evolveReview(r.review, event) } : r)) } : { ...a, review: evolveReview(a.review, event) };
    });
  }
  switch (event.type) {
    case 'PersonalSubsidyApproved': {
      const { fundId, reservationId, amountFen } = event.data;
      return updateCurrent(state, (a) => ({ ...a, reservation: { fundId, reservationId, amountFen } }));
    }
    case 'PersonalSubsidyNoticePublished': {
      const { publishedOn, until, days, dayKind } = event.data;
      return updateCurrent(state, (a) => ({ ...a, notice: { publishedOn, until, days, dayKind } }));
    }
    case 'PersonalSubsidyObjectionRecorded': {
      const { objectionId, participantId, content, receivedOn, channel } = event.data;
      return updateCurrent(state, (a) => ({ ...a, objections: [...a.objections, { objectionId, participantId, content, receivedOn, channel, status: 'open', resolution: null, resolvedOn: null }] }));
    }
    case 'PersonalSubsidyObjectionResolved': {
      const { objectionId, upheld, resolution, resolvedOn } = event.data;
      return updateCurrent(state, (a) => ({
        ...a,
        objections: a.objections.map((o) => (o.objectionId === objectionId ? { ...o, status: upheld ? ('upheld' as const) : ('dismissed' as const), resolution, resolvedOn } : o)),
        revoked: a.revoked || upheld,
      }));
    }
    case 'PersonalSubsidyPaymentOrdered': {
      const { paymentId, batchId, amountFen } = event.data;
      return updateCurrent(state, (a) => ({ ...a, payment: { paymentId, batchId, amountFen, status: 'ordered', bankRef: null, reason: null, on: null } }));
    }
    case 'PersonalSubsidyPaid':
      return updateCurrent(state, (a) => (a.payment ? { ...a, payment: { ...a.payment, status: 'paid', bankRef: event.data.bankRef, on: event.data.paidOn } } : a));
    case 'PersonalSubsidyPaymentFailed':
      return updateCurrent(state, (a) => (a.payment ? { ...a, payment: { ...a.payment, status: 'failed', reason: event.data.reason, on: event.data.failedOn } } : a));
    case 'PersonalSubsidyPaymentOrderReleased':
      return updateCurrent(state, (a) => ({ ...a, payment: null }));
    case 'PersonalSubsidyReissueRequested': {
      const { reissueId, failedPaymentId, reason, requestedBy, requestedByOrg, account, accountName } = event.data;
      return updateCurrent(state, (a) => ({ ...a, reissues: [...(a.reissues ?? []), { reissueId, failedPaymentId, reason, requestedBy, requestedByOrg, account, accountName, review: reopenReview(latestReview(a)) }] }));
    }
    case 'PersonalSubsidyReissueApproved': {
      const { fundId, reservationId, amountFen, reissueId } = event.data;
      return updateCurrent(state, (a) => {
        const reissue = a.reissues?.find((r) => r.reissueId === reissueId);
        return {
          ...a,
          failedPayments: [...(a.failedPayments ?? []), ...(a.payment ? [a.payment] : [])],
          payment: null,
          reservation: { fundId, reservationId, amountFen },
          payee: reissue ? { account: reissue.account, accountName: reissue.accountName } : (a.payee ?? null),
        };
      });
    }
    default:
      return assertNever(event);
  }
}

export const personalSubsidyDecider: Decider<PersonalSubsidyCommand, PersonalSubsidyEvent, PersonalSubsidyState> = {
  initialState: () => ({ status: 'none' }),
  evolve,
  decide,
};
