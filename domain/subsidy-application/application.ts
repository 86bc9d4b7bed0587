// 机构培训经费申报 (issue 14 §2): one application per completed class (its id follows from the class),
// made by the class's institution from the calculation (calculation.ts) with the facts and the log
// position it was computed at; recalculated while it is a draft or returned; reviewed through the
// one review workflow (the county, then the prefecture). The final approval reserves the amount on
// the payer's fund: the command layer reserves before the approval is appended (an approval the fund
// cannot cover is refused with the figures and writes nothing), and the approval event names the
// reservation, derived from the application and the review round, so it is never made twice.
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
import type { FundingLine } from '../fund/fund';
import { assertNever, type CommandContext, type Decider, type DomainEvent } from '../shared/decider';
import { ForbiddenError, NotFoundError, RuleViolationError } from '../shared/errors';
import { formatYuan, type Fen } from '../shared/money';
import { streamNaming } from '../shared/streams';
import { chinaDate, type IsoDate } from '../personal-data/normalize';
import { calculateTrainingFunding, describeFunding, sameValue, type FundingFacts, type FundingResult } from './calculation';
import type { NoticePeriod, ObjectionInput } from './notice';

/** The module's streams: `subsidy-application-<id>`. */
export const applicationStreams = streamNaming('subsidy-application');

/** Reviewed by the county, then the prefecture (the levels that exist above the institution). */
export const APPLICATION_REVIEW_POLICY: ReviewPolicy = { levels: ['county', 'city'], skipMissingLevels: true };

/** What the application pays from: the payer's fund of a line and year. */
export type FundingSourceRef = {
  payerId: string;
  line: FundingLine;
  year: number;
  fundId: string;
}

/** The calculation as recorded: the facts, the result, and the log position the facts were read at. */
export type RecordedCalculation = {
  facts: FundingFacts;
  result: FundingResult;
  /** Global log position (decimal string) the class, standards and policy were read at. */
  computedAt: string;
  computedOn: string;
}

export type Reservation = {
  fundId: string;
  reservationId: string;
  amountFen: Fen;
}

export type TrainingFundingApplied = DomainEvent<
  'TrainingFundingApplied',
  { applicationId: string; classId: string; classNo: string; className: string; institutionId: string; source: FundingSourceRef; calculation: RecordedCalculation }
>;
export type TrainingFundingRecalculated = DomainEvent<'TrainingFundingRecalculated', { source: FundingSourceRef; calculation: RecordedCalculation }>;
export type TrainingFundingApproved = DomainEvent<'TrainingFundingApproved', Reservation & { round: number }>;
export type TrainingFundingNoticePublished = DomainEvent<'TrainingFundingNoticePublished', NoticePeriod>;
export type TrainingFundingObjectionRecorded = DomainEvent<'TrainingFundingObjectionRecorded', ObjectionInput & { objectionId: string; participantName: string | null }>;
/**
 * An objection decided. Upheld: the person named (or, naming nobody, the whole application) is
 * taken out; `removedFen` goes back to the fund (`revokes`: all that was still payable).
 */
export type TrainingFundingObjectionResolved = DomainEvent<
  'TrainingFundingObjectionResolved',
  { objectionId: string; upheld: boolean; resolution: string; resolvedOn: IsoDate; removedFen: Fen; revokes: boolean }
>;
export type TrainingFundingPaymentOrdered = DomainEvent<'TrainingFundingPaymentOrdered', { paymentId: string; batchId: string; amountFen: Fen }>;
export type TrainingFundingPaid = DomainEvent<'TrainingFundingPaid', { paymentId: string; batchId: string; bankRef: string; paidOn: IsoDate }>;
export type TrainingFundingPaymentFailed = DomainEvent<'TrainingFundingPaymentFailed', { paymentId: string; batchId: string; reason: string; failedOn: IsoDate }>;
/** The batch that ordered it was voided before reaching the bank (作废): the order is gone and a later batch may order it again (the same payment id: one approval, one payment). */
export type TrainingFundingPaymentOrderReleased = DomainEvent<'TrainingFundingPaymentOrderReleased', { paymentId: string; batchId: string; reason: string }>;
/** 重新支付: a failed payment re-issued to changed account details, requested by one person of the payer and approved by another. */
export type TrainingFundingReissueRequested = DomainEvent<'TrainingFundingReissueRequested', { reissueId: string; failedPaymentId: string; reason: string; requestedBy: string; accountMasked: string }>;
export type TrainingFundingReissueApproved = DomainEvent<'TrainingFundingReissueApproved', { reissueId: string; failedPaymentId: string; reservation: Reservation }>;
export type SubsidyApplicationEvent =
  | TrainingFundingReissueRequested
  | TrainingFundingReissueApproved
  | TrainingFundingPaymentOrdered
  | TrainingFundingPaid
  | TrainingFundingPaymentFailed
  | TrainingFundingPaymentOrderReleased
  | TrainingFundingApplied
  | TrainingFundingRecalculated
  | TrainingFundingApproved
  | TrainingFundingNoticePublished
  | TrainingFundingObjectionRecorded
  | TrainingFundingObjectionResolved
  | ReviewEvent;

export type Objection = ObjectionInput & {
  objectionId: string;
  participantName: string | null;
  status: 'open' | 'upheld' | 'dismissed';
  resolution: string | null;
  resolvedOn: IsoDate | null;
};

export type SubsidyApplicationState =
  | { status: 'none' }
  | {
      status: 'active';
      applicationId: string;
      classId: string;
      classNo: string;
      className: string;
      institutionId: string;
      source: FundingSourceRef;
      calculation: RecordedCalculation;
      review: ReviewState;
      /** The fund reservation made on approval (null until approved). */
      reservation: Reservation | null;
      /** 公示: published with the final approval. */
      notice: NoticePeriod | null;
      objections: Objection[];
      /** People taken out by upheld objections, and the amount given back. */
      removed: string[];
      removedFen: Fen;
      /** An upheld objection against the whole application: nothing is payable. */
      revoked: boolean;
      /** The payment ordered in a batch, and its outcome. */
      payment: Payment | null;
      /** Earlier payments that failed and were re-issued (absent in states folded before re-issues existed). */
      failedPayments?: Payment[];
      reissue?: { reissueId: string; failedPaymentId: string; reason: string; requestedBy: string; accountMasked: string } | null;
    };

export type Payment = { paymentId: string; batchId: string; amountFen: Fen; status: 'ordered' | 'paid' | 'failed'; bankRef: string | null; reason: string | null; on: IsoDate | null };
export const PAYMENT_STATUS_LABELS: Record<Payment['status'], string> = { ordered: '已生成支付指令', paid: '已支付', failed: '支付失败' };
export type ActiveApplication = Extract<SubsidyApplicationState, { status: 'active' }>;

export type SubsidyApplicationCommand =
  | { type: 'ApplyTrainingFunding'; applicationId: string; source: FundingSourceRef; calculation: RecordedCalculation }
  | { type: 'RecalculateTrainingFunding'; source: FundingSourceRef; calculation: RecordedCalculation }
  | { type: 'OrderPayment'; paymentId: string; batchId: string; today: IsoDate }
  | { type: 'RecordPaymentOutcome'; paymentId: string; batchId: string; status: 'paid' | 'failed'; bankRef: string; reason: string }
  | { type: 'ReleasePaymentOrder'; paymentId: string; batchId: string; reason: string }
  | { type: 'RequestPaymentReissue'; reissueId: string; reason: string; accountChanged: boolean; accountMasked: string; mayHandle: boolean }
  | { type: 'ApprovePaymentReissue'; reissueId: string; mayHandle: boolean }
  | { type: 'RecordObjection'; objectionId: string; objection: ObjectionInput; mayHandle: boolean }
  | { type: 'ResolveObjection'; objectionId: string; upheld: boolean; resolution: string; mayHandle: boolean }
  | (ReviewCommand & { policy?: ReviewPolicy; notice?: NoticePeriod });

/** The reservation a final approval of a round makes: one per application and round, never twice. */
export const reservationIdOf = (applicationId: string, round: number) => `${applicationId}#${round}`;

const requireActive = (state: SubsidyApplicationState): ActiveApplication => {
  if (state.status === 'none') throw new NotFoundError('补贴申报不存在');
  return state;
};

const requireInstitution = (state: Pick<ActiveApplication, 'institutionId'>, context: CommandContext) => {
  if (context.actor.orgId !== state.institutionId) throw new ForbiddenError('只有开班机构可以申报或修改本班的培训经费');
};

/** The calculation must be the pure function's own answer to its facts, and fund someone. */
function checkCalculation(calculation: RecordedCalculation) {
  const again = calculateTrainingFunding(calculation.facts);
  if (!sameValue(again, calculation.result)) throw new RuleViolationError('申报金额与计算结果不一致，不能手工修改金额', 'subsidy_application.amount_edited');
  if (again.eligible.length === 0) {
    const first = again.excluded[0];
    throw new RuleViolationError(`本班没有符合补贴条件的学员，不能申报${first ? `（如${first.name}：${first.reasons.join('；')}）` : ''}`, 'subsidy_application.nobody_eligible');
  }
}

export const applicationTitle = (state: Pick<ActiveApplication, 'className' | 'calculation'>) => `${state.className} 机构培训经费 ${formatYuan(state.calculation.result.totalFen)}`;

export const applicationReview: ReviewParticipation<SubsidyApplicationState, SubsidyApplicationEvent> = {
  policy: APPLICATION_REVIEW_POLICY,
  reviewOf: (state) => (state.status === 'active' ? state.review : undefined),
  notFound: '补贴申报不存在',
  checkSubmission(state, context) {
    const active = requireActive(state);
    requireInstitution(active, context);
  },
  title: (state) => (state.status === 'active' ? applicationTitle(state) : ''),
  onDecision(decision, state) {
    const active = requireActive(state);
    if (decision.type === 'ReviewApproved' && decision.data.final) {
      const { round } = decision.data;
      return [{ type: 'TrainingFundingApproved', data: { fundId: active.source.fundId, reservationId: reservationIdOf(active.applicationId, round), amountFen: active.calculation.result.totalFen, round } }];
    }
    return [];
  },
};

/** What is still to be paid: the approved total less what upheld objections took out. */
export const payableFen = (state: Pick<ActiveApplication, 'calculation' | 'removedFen' | 'revoked'>): Fen => (state.revoked ? 0 : state.calculation.result.totalFen - state.removedFen);

/** Why the application may not be paid on a day (none: it may). */
export function unpayableReason(state: ActiveApplication, today: IsoDate): string | null {
  if (state.review.status !== 'approved' || !state.reservation) return '申报尚未审核通过';
  if (state.revoked) return '公示异议成立，申报已撤销';
  if (state.payment) return state.payment.status === 'failed' ? `支付失败：${state.payment.reason ?? ''}${state.reissue ? '（重新支付待审批）' : '（可更新收款账户后申请重新支付）'}` : PAYMENT_STATUS_LABELS[state.payment.status];
  if (!state.notice) return '尚未公示';
  if (today <= state.notice.until) return `公示期至${state.notice.until}，公示期满后才能支付`;
  const open = state.objections.filter((o) => o.status === 'open').length;
  if (open > 0) return `有${open}条公示异议尚未处理`;
  return payableFen(state) > 0 ? null : '没有可支付的金额';
}

const requireNoticed = (state: SubsidyApplicationState) => {
  const active = requireActive(state);
  if (active.review.status !== 'approved' || !active.notice) throw new RuleViolationError('申报审核通过并公示后才能登记或处理公示异议', 'subsidy_application.not_noticed');
  return active;
};
const requireNotRevoked = (state: ActiveApplication) => {
  if (state.revoked) throw new RuleViolationError('申报已因公示异议成立而撤销', 'subsidy_application.revoked');
};

function decideObjection(command: Extract<SubsidyApplicationCommand, { type: 'RecordObjection' | 'ResolveObjection' }>, state: SubsidyApplicationState, context: CommandContext): SubsidyApplicationEvent[] {
  const active = requireNoticed(state);
  if (!command.mayHandle) throw new ForbiddenError('只有支付单位或其上级人社部门可以登记或处理公示异议');
  if (command.type === 'RecordObjection') {
    if (active.objections.some((o) => o.objectionId === command.objectionId)) return [];
    requireNotRevoked(active);
    const { participantId } = command.objection;
    const person = participantId ? active.calculation.result.eligible.find((e) => e.participantId === participantId) : undefined;
    if (participantId && (!person || active.removed.includes(participantId))) throw new RuleViolationError('异议涉及的人员不在本次公示的补贴名单中', 'subsidy_application.objection_person');
    return [{ type: 'TrainingFundingObjectionRecorded', data: { objectionId: command.objectionId, ...command.objection, participantName: person?.name ?? null } }];
  }
  const objection = active.objections.find((o) => o.objectionId === command.objectionId);
  if (!objection) throw new NotFoundError('公示异议不存在');
  if (objection.status !== 'open') {
    if ((objection.status === 'upheld') === command.upheld) return [];
    throw new RuleViolationError('该异议已处理', 'subsidy_application.objection_resolved');
  }
  requireNotRevoked(active);
  const resolution = command.resolution.trim();
  if (!resolution) throw new RuleViolationError('请填写处理意见', 'subsidy_application.resolution_required');
  let removedFen = 0;
  let revokes = false;
  if (command.upheld) {
    const remaining = payableFen(active);
    if (objection.participantId === null) [removedFen, revokes] = [remaining, true];
    else {
      removedFen = active.calculation.result.eligible.find((e) => e.participantId === objection.participantId)?.amountFen ?? 0;
      if (active.removed.includes(objection.participantId)) removedFen = 0;
      revokes = removedFen >= remaining;
    }
  }
  return [{ type: 'TrainingFundingObjectionResolved', data: { objectionId: command.objectionId, upheld: command.upheld, resolution: resolution.slice(0, 2000), resolvedOn: chinaDate(context.now), removedFen, revokes } }];
}

function decide(command: SubsidyApplicationCommand, state: SubsidyApplicationState, context: CommandContext): SubsidyApplicationEvent[] {
  if (isReviewCommand(command)) {
    const events = decideWithReview(applicationReview, command, state, context);
    if (!events.some((e) => e.type === 'TrainingFundingApproved')) return events;
    // The final approval publishes the list (the period comes with the command: settings and calendar are lookups).
    if (!command.notice) throw new RuleViolationError('审核通过须同时发布公示，缺少公示期', 'subsidy_application.notice_missing');
    return [...events, { type: 'TrainingFundingNoticePublished', data: command.notice }];
  }
  switch (command.type) {
    case 'RecordObjection':
    case 'ResolveObjection':
      if (state.status === 'active' && state.payment && command.type === 'RecordObjection') throw new RuleViolationError('已生成支付指令，不能再登记公示异议', 'subsidy_application.paying');
      return decideObjection(command, state, context);
    case 'RequestPaymentReissue': {
      const active = requireActive(state);
      if (!command.mayHandle) throw new ForbiddenError('只有支付单位可以申请重新支付');
      if (active.reissue?.reissueId === command.reissueId) return [];
      if (active.payment?.status !== 'failed') throw new RuleViolationError('只有支付失败的申报可以申请重新支付', 'subsidy_application.not_failed');
      if (active.reissue) throw new RuleViolationError('已有待审批的重新支付申请', 'subsidy_application.reissue_pending');
      if (!command.accountChanged) throw new RuleViolationError('收款账户与失败时相同：请先更新培训机构的银行账户（审核生效后）再申请重新支付', 'subsidy_application.account_unchanged');
      const reason = command.reason.trim();
      if (!reason) throw new RuleViolationError('请填写重新支付的原因', 'subsidy_application.reason_required');
      return [{ type: 'TrainingFundingReissueRequested', data: { reissueId: command.reissueId, failedPaymentId: active.payment.paymentId, reason: reason.slice(0, 500), requestedBy: context.actor.id, accountMasked: command.accountMasked } }];
    }
    case 'ApprovePaymentReissue': {
      const active = requireActive(state);
      if (!command.mayHandle) throw new ForbiddenError('只有支付单位可以审批重新支付');
      const pending = active.reissue;
      if (!pending || pending.reissueId !== command.reissueId) {
        if (active.failedPayments?.length && !pending) return [];
        throw new NotFoundError('重新支付申请不存在');
      }
      if (pending.requestedBy === context.actor.id) throw new ForbiddenError('申请人不能审批自己的重新支付申请');
      const round = (active.failedPayments?.length ?? 0) + 1;
      const reservation: Reservation = { fundId: active.source.fundId, reservationId: `${active.applicationId}#reissue-${round}`, amountFen: active.payment!.amountFen };
      return [{ type: 'TrainingFundingReissueApproved', data: { reissueId: pending.reissueId, failedPaymentId: pending.failedPaymentId, reservation } }];
    }
    case 'OrderPayment': {
      const active = requireActive(state);
      if (active.payment?.paymentId === command.paymentId && active.payment.batchId === command.batchId) return [];
      const why = unpayableReason(active, command.today);
      if (why) throw new RuleViolationError(`${active.className}不能支付：${why}`, 'subsidy_application.not_payable');
      return [{ type: 'TrainingFundingPaymentOrdered', data: { paymentId: command.paymentId, batchId: command.batchId, amountFen: payableFen(active) } }];
    }
    case 'ReleasePaymentOrder': {
      const active = requireActive(state);
      const payment = active.payment;
      // Released already, or ordered again by a later batch: nothing to release.
      if (!payment || payment.paymentId !== command.paymentId || payment.batchId !== command.batchId) return [];
      if (payment.status !== 'ordered') throw new RuleViolationError('该支付指令已有银行结果，不能释放', 'subsidy_application.payment_answered');
      return [{ type: 'TrainingFundingPaymentOrderReleased', data: { paymentId: command.paymentId, batchId: command.batchId, reason: command.reason } }];
    }
    case 'RecordPaymentOutcome': {
      const active = requireActive(state);
      const payment = active.payment;
      if (!payment || payment.paymentId !== command.paymentId || payment.batchId !== command.batchId) throw new RuleViolationError('支付结果与本申报的支付指令不符', 'subsidy_application.payment_mismatch');
      if (payment.status !== 'ordered') return [];
      const on = chinaDate(context.now);
      return command.status === 'paid'
        ? [{ type: 'TrainingFundingPaid', data: { paymentId: command.paymentId, batchId: command.batchId, bankRef: command.bankRef, paidOn: on } }]
        : [{ type: 'TrainingFundingPaymentFailed', data: { paymentId: command.paymentId, batchId: command.batchId, reason: command.reason, failedOn: on } }];
    }
    case 'ApplyTrainingFunding': {
      if (state.status === 'active') throw new RuleViolationError(`本班已申报机构培训经费（${describeFunding(state.calculation.result)}），如需更新请重新计算`, 'subsidy_application.exists');
      const { facts } = command.calculation;
      if (context.actor.orgId !== facts.class.institutionId) throw new ForbiddenError('只有开班机构可以申报本班的培训经费');
      checkCalculation(command.calculation);
      const c = facts.class;
      return [{ type: 'TrainingFundingApplied', data: { applicationId: command.applicationId, classId: c.classId, classNo: c.classNo, className: c.name, institutionId: c.institutionId, source: command.source, calculation: command.calculation } }];
    }
    case 'RecalculateTrainingFunding': {
      const active = requireActive(state);
      requireInstitution(active, context);
      const { status } = active.review;
      if (status === 'pending') throw new RuleViolationError('审核中的申报不能重新计算，请先撤回', 'subsidy_application.pending');
      if (status === 'approved' || status === 'rejected') throw new RuleViolationError(`申报已${status === 'approved' ? '审核通过' : '审核不予通过'}，不能重新计算`, 'subsidy_application.decided');
      checkCalculation(command.calculation);
      const same = sameValue(active.calculation.result, command.calculation.result) && sameValue(active.source, command.source);
      if (same) return [];
      return [{ type: 'TrainingFundingRecalculated', data: { source: command.source, calculation: command.calculation } }];
    }
    default:
      return assertNever(command);
  }
}

function evolve(state: SubsidyApplicationState, event: SubsidyApplicationEvent): SubsidyApplicationState {
  if (event.type === 'TrainingFundingApplied') {
    const { applicationId, classId, classNo, className, institutionId, source, calculation } = event.data;
    return { status: 'active', applicationId, classId, classNo, className, institutionId, source, calculation, review: initialReviewState(), reservation: null, notice: null, objections: [], removed: [], removedFen: 0, revoked: false, payment: null };
  }
  if (state.status === 'none') return state;
  if (isReviewEvent(event)) return { ...state, review: evolveReview(state.review, event) };
  switch (event.type) {
    case 'TrainingFundingRecalculated':
      return { ...state, source: event.data.source, calculation: event.data.calculation, review: state.review.status === 'draft' ? state.review : reopenReview(state.review) };
    case 'TrainingFundingApproved': {
      const { fundId, reservationId, amountFen } = event.data;
      return { ...state, reservation: { fundId, reservationId, amountFen } };
    }
    case 'TrainingFundingNoticePublished':
      return { ...state, notice: event.data };
    case 'TrainingFundingReissueRequested': {
      const { reissueId, failedPaymentId, reason, requestedBy, accountMasked } = event.data;
      return { ...state, reissue: { reissueId, failedPaymentId, reason, requestedBy, accountMasked } };
    }
    case 'TrainingFundingReissueApproved':
      return { ...state, failedPayments: [...(state.failedPayments ?? []), ...(state.payment ? [state.payment] : [])], payment: null, reservation: event.data.reservation, reissue: null };
    case 'TrainingFundingPaymentOrdered':
      return { ...state, payment: { paymentId: event.data.paymentId, batchId: event.data.batchId, amountFen: event.data.amountFen, status: 'ordered', bankRef: null, reason: null, on: null } };
    case 'TrainingFundingPaid':
      return state.payment ? { ...state, payment: { ...state.payment, status: 'paid', bankRef: event.data.bankRef, on: event.data.paidOn } } : state;
    case 'TrainingFundingPaymentFailed':
      return state.payment ? { ...state, payment: { ...state.payment, status: 'failed', reason: event.data.reason, on: event.data.failedOn } } : state;
    case 'TrainingFundingPaymentOrderReleased':
      return { ...state, payment: null };
    case 'TrainingFundingObjectionRecorded': {
      const { objectionId, participantId, participantName, content, receivedOn, channel } = event.data;
      return { ...state, objections: [...state.objections, { objectionId, participantId, participantName, content, receivedOn, channel, status: 'open', resolution: null, resolvedOn: null }] };
    }
    case 'TrainingFundingObjectionResolved': {
      const { objectionId, upheld, resolution, resolvedOn, removedFen, revokes } = event.data;
      const objection = state.objections.find((o) => o.objectionId === objectionId);
      const objections = state.objections.map((o) => (o.objectionId === objectionId ? { ...o, status: upheld ? ('upheld' as const) : ('dismissed' as const), resolution, resolvedOn } : o));
      const removed = upheld && objection?.participantId && !state.removed.includes(objection.participantId) ? [...state.removed, objection.participantId] : state.removed;
      return { ...state, objections, removed, removedFen: state.removedFen + removedFen, revoked: state.revoked || revokes };
    }
    default:
      return assertNever(event);
  }
}

export const subsidyApplicationDecider: Decider<SubsidyApplicationCommand, SubsidyApplicationEvent, SubsidyApplicationState> = {
  initialState: () => ({ status: 'none' }),
  evolve,
  decide,
};
