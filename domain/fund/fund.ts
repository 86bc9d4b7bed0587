// 资金 (issue 14 §1): one fund per authority, funding line and year, on its own stream. The fund's
// balance is decided here and nowhere else: every reservation, release and settlement is an event
// on this one stream, appended at the exact revision it was decided on, so two approvals racing for
// the last yuan are serialised by the store (the second is decided again on the first's result and
// refused with the figures). Approving an amount reserves it; a rejection, a revocation or a failed
// payment releases it; a paid order moves it from reserved to spent.
//   remaining = allocated − reserved − spent, never below zero.
import { z } from 'zod';
import { assertNever, type CommandContext, type Decider, type DomainEvent } from '../shared/decider';
import { ForbiddenError, NotFoundError, RuleViolationError, ValidationError } from '../shared/errors';
import { fenText, formatYuan, MAX_FEN, type Fen } from '../shared/money';
import { streamNaming } from '../shared/streams';
import { integerIn, oneOf, parseInput, requiredText } from '../shared/validation';
import type { ReconciliationReport } from './reconciliation';

/** The module's streams: `fund-<id>`. */
export const fundStreams = streamNaming('fund');

export const FUNDING_LINES = ['employment_subsidy', 'skills_upgrade', 'unemployment_insurance', 'local_finance', 'student_aid'] as const;
export type FundingLine = (typeof FUNDING_LINES)[number];
export const FUNDING_LINE_LABELS: Record<FundingLine, string> = {
  employment_subsidy: '就业补助资金',
  skills_upgrade: '职业技能提升行动专账资金',
  unemployment_insurance: '失业保险基金',
  local_finance: '地方财政资金',
  /** 技工院校免学费、国家助学金 (issue 15 §4), paid to students' social-security cards. */
  student_aid: '学生资助资金',
};

export const RELEASE_REASONS = ['rejected', 'revoked', 'payment_failed', 'approval_not_recorded', 'objection_upheld', 'entitlement_ended'] as const;
export type ReleaseReason = (typeof RELEASE_REASONS)[number];
export const RELEASE_REASON_LABELS: Record<ReleaseReason, string> = {
  rejected: '审核不予通过',
  revoked: '申报撤销',
  payment_failed: '支付失败',
  approval_not_recorded: '审批未完成（中断后释放）',
  objection_upheld: '公示异议成立',
  entitlement_ended: '资助停发（发放日学生休学或离校）',
};

export type FundAllocation = {
  authorityId: string;
  line: FundingLine;
  year: number;
  amountFen: Fen;
  /** 资金文号: the document that allocated it. */
  basis: string;
}

export const allocationSchema = z.object({
  authorityId: requiredText('资金所属单位', 64),
  line: oneOf('资金渠道', FUNDING_LINES),
  year: integerIn('资金年度', 2000, 2100),
  amountFen: fenText('下达金额', { positive: true }),
  basis: requiredText('资金文号', 200),
});
export const parseAllocation = (input: unknown): FundAllocation => parseInput(allocationSchema, input);

/** One settled order: how much of its reservation was paid and how much released (a failed payment). */
export type SettlementItem = { reservationId: string; paidFen: Fen; releasedFen: Fen };

export type FundAllocated = DomainEvent<'FundAllocated', FundAllocation & { fundId: string; name: string }>;
export type FundAllocationAdjusted = DomainEvent<'FundAllocationAdjusted', { adjustmentId: string; deltaFen: Fen; basis: string; reason: string }>;
export type FundReserved = DomainEvent<'FundReserved', { reservationId: string; applicationId: string; amountFen: Fen }>;
export type FundReservationReduced = DomainEvent<'FundReservationReduced', { reservationId: string; reductionId: string; amountFen: Fen; reason: ReleaseReason; note: string }>;
export type FundReservationReleased = DomainEvent<'FundReservationReleased', { reservationId: string; amountFen: Fen; reason: ReleaseReason; note: string }>;
/** Results of a payment batch for this fund, in parts of at most SETTLEMENT_CHUNK orders. */
export type FundSettled = DomainEvent<'FundSettled', { settlementId: string; batchId: string; part: number; paidFen: Fen; releasedFen: Fen; items: SettlementItem[] }>;
/** 对账 found the fund, its applications and its batches disagreeing (recorded once per fund and day). */
export type FundReconciliationDifferenceFound = DomainEvent<'FundReconciliationDifferenceFound', { reconciliationId: string; on: string; report: ReconciliationReport }>;
export type FundEvent = FundAllocated | FundAllocationAdjusted | FundReserved | FundReservationReduced | FundReservationReleased | FundSettled | FundReconciliationDifferenceFound;

/** Orders per settlement event: a 100,000-order batch settles in 20 events of about 200 KB. */
export const SETTLEMENT_CHUNK = 5_000;

export interface ActiveReservation {
  applicationId: string;
  amountFen: Fen;
}

export type FundState =
  | { status: 'none' }
  | {
      status: 'open';
      fundId: string;
      name: string;
      authorityId: string;
      line: FundingLine;
      year: number;
      allocatedFen: Fen;
      reservedFen: Fen;
      spentFen: Fen;
      /** Reservations not yet paid or released, with what is still reserved for each. */
      active: Record<string, ActiveReservation>;
      /** How each finished reservation ended (a repeated release or settlement changes nothing). */
      closed: Record<string, 'paid' | 'released'>;
      /** Settlement parts and adjustments already recorded (their ids: a repeat changes nothing). */
      settled: Record<string, true>;
      adjustments: Record<string, true>;
      /** Reductions already recorded (their ids: a repeat changes nothing). */
      reductions: Record<string, true>;
      /** Reconciliations that found a difference (their ids), and the last one's day. */
      reconciliations: Record<string, true>;
      lastDifferenceOn: string | null;
    };
export type OpenFund = Extract<FundState, { status: 'open' }>;

export const remainingOf = (fund: Pick<OpenFund, 'allocatedFen' | 'reservedFen' | 'spentFen'>): Fen => fund.allocatedFen - fund.reservedFen - fund.spentFen;

export type FundCommand =
  | { type: 'AllocateFund'; fundId: string; name: string; allocation: FundAllocation; mayManage: boolean }
  | { type: 'AdjustFund'; adjustmentId: string; deltaFen: Fen; basis: string; reason: string; mayManage: boolean }
  | { type: 'ReserveFunds'; reservationId: string; applicationId: string; amountFen: Fen }
  | { type: 'ReduceReservation'; reservationId: string; reductionId: string; amountFen: Fen; reason: ReleaseReason; note: string }
  | { type: 'ReleaseReservation'; reservationId: string; reason: ReleaseReason; note: string }
  | { type: 'SettlePayments'; settlementId: string; batchId: string; items: SettlementItem[] }
  | { type: 'RecordReconciliation'; reconciliationId: string; on: string; report: ReconciliationReport };

const requireOpen = (state: FundState): OpenFund => {
  if (state.status === 'none') throw new NotFoundError('资金不存在');
  return state;
};

export const fundTitle = (fund: Pick<OpenFund, 'name' | 'year' | 'line'>) => `${fund.name}（${fund.year}年${FUNDING_LINE_LABELS[fund.line]}）`;

/** The figures a refusal states, so the reviewer sees exactly why. */
export const fundFigures = (fund: OpenFund) =>
  `下达${formatYuan(fund.allocatedFen)}，已预留${formatYuan(fund.reservedFen)}，已支付${formatYuan(fund.spentFen)}，可用余额${formatYuan(remainingOf(fund))}`;

const positive = (label: string, value: Fen) => {
  if (!Number.isSafeInteger(value) || value <= 0 || value > MAX_FEN) throw new ValidationError([{ field: 'amountFen', message: `${label}必须是大于0的整数（单位：分）` }]);
};

function decide(command: FundCommand, state: FundState, _context: CommandContext): FundEvent[] {
  switch (command.type) {
    case 'AllocateFund': {
      if (!command.mayManage) throw new ForbiddenError('只能为本单位或下级单位下达资金');
      if (state.status === 'open') {
        const same = state.allocatedFen === command.allocation.amountFen && state.authorityId === command.allocation.authorityId;
        if (same) return [];
        throw new RuleViolationError(`${fundTitle(state)}已下达，如需增减请调整资金`, 'fund.exists');
      }
      positive('下达金额', command.allocation.amountFen);
      return [{ type: 'FundAllocated', data: { fundId: command.fundId, name: command.name, ...command.allocation } }];
    }
    case 'AdjustFund': {
      const fund = requireOpen(state);
      if (!command.mayManage) throw new ForbiddenError('只能调整本单位或下级单位的资金');
      if (fund.adjustments[command.adjustmentId]) return [];
      if (!Number.isSafeInteger(command.deltaFen) || command.deltaFen === 0) throw new ValidationError([{ field: 'deltaFen', message: '调整金额必须是不为0的整数（单位：分）' }]);
      const reason = parseInput(requiredText('调整原因', 500, { multiline: true }), command.reason);
      const basis = parseInput(requiredText('资金文号', 200), command.basis);
      const after = fund.allocatedFen + command.deltaFen;
      if (after > MAX_FEN) throw new ValidationError([{ field: 'deltaFen', message: '调整后金额超出允许的范围' }]);
      if (after < fund.reservedFen + fund.spentFen) {
        throw new RuleViolationError(`调减后下达金额（${formatYuan(after)}）不能低于已预留与已支付之和（${formatYuan(fund.reservedFen + fund.spentFen)}）：${fundFigures(fund)}`, 'fund.below_committed');
      }
      return [{ type: 'FundAllocationAdjusted', data: { adjustmentId: command.adjustmentId, deltaFen: command.deltaFen, basis, reason } }];
    }
    case 'ReserveFunds': {
      const fund = requireOpen(state);
      if (fund.active[command.reservationId]) {
        if (fund.active[command.reservationId]!.amountFen === command.amountFen) return [];
        throw new RuleViolationError('该审批已预留不同金额的资金', 'fund.reservation_mismatch');
      }
      if (fund.closed[command.reservationId]) return [];
      positive('预留金额', command.amountFen);
      const remaining = remainingOf(fund);
      if (command.amountFen > remaining) {
        throw new RuleViolationError(
          `资金余额不足，不能审批通过：${fundTitle(fund)}${fundFigures(fund)}，本次需${formatYuan(command.amountFen)}，缺口${formatYuan(command.amountFen - remaining)}`,
          'fund.insufficient',
        );
      }
      return [{ type: 'FundReserved', data: { reservationId: command.reservationId, applicationId: command.applicationId, amountFen: command.amountFen } }];
    }
    case 'ReduceReservation': {
      const fund = requireOpen(state);
      if (fund.reductions[command.reductionId]) return [];
      const reservation = fund.active[command.reservationId];
      if (!reservation) throw new RuleViolationError('该审批没有可调减的预留资金', 'fund.no_reservation');
      positive('调减金额', command.amountFen);
      if (command.amountFen >= reservation.amountFen) throw new RuleViolationError('调减金额须小于预留金额；全部释放请撤销', 'fund.reduce_all');
      return [{ type: 'FundReservationReduced', data: { reservationId: command.reservationId, reductionId: command.reductionId, amountFen: command.amountFen, reason: command.reason, note: command.note } }];
    }
    case 'ReleaseReservation': {
      const fund = requireOpen(state);
      const reservation = fund.active[command.reservationId];
      if (!reservation) return [];
      return [{ type: 'FundReservationReleased', data: { reservationId: command.reservationId, amountFen: reservation.amountFen, reason: command.reason, note: command.note } }];
    }
    case 'SettlePayments': {
      const fund = requireOpen(state);
      if (fund.settled[command.settlementId]) return [];
      const events: FundEvent[] = [];
      for (let part = 0; part * SETTLEMENT_CHUNK < command.items.length || (part === 0 && command.items.length === 0); part++) {
        const items = command.items.slice(part * SETTLEMENT_CHUNK, (part + 1) * SETTLEMENT_CHUNK);
        const id = `${command.settlementId}#${part}`;
        if (fund.settled[id]) continue;
        for (const item of items) {
          const reservation = fund.active[item.reservationId];
          if (!reservation) throw new RuleViolationError(`支付结果对应的资金预留不存在或已结算（${item.reservationId}）`, 'fund.settlement_unknown');
          if (item.paidFen + item.releasedFen !== reservation.amountFen || item.paidFen < 0 || item.releasedFen < 0) {
            throw new RuleViolationError(`支付结果金额与预留金额不一致（${item.reservationId}：预留${formatYuan(reservation.amountFen)}）`, 'fund.settlement_mismatch');
          }
        }
        const paidFen = items.reduce((s, i) => s + i.paidFen, 0);
        const releasedFen = items.reduce((s, i) => s + i.releasedFen, 0);
        events.push({ type: 'FundSettled', data: { settlementId: id, batchId: command.batchId, part, paidFen, releasedFen, items } });
        if (items.length === 0) break;
      }
      return events;
    }
    case 'RecordReconciliation': {
      const fund = requireOpen(state);
      if (command.report.differences.length === 0 || fund.reconciliations[command.reconciliationId]) return [];
      return [{ type: 'FundReconciliationDifferenceFound', data: { reconciliationId: command.reconciliationId, on: command.on, report: command.report } }];
    }
    default:
      return assertNever(command);
  }
}

function evolve(state: FundState, event: FundEvent): FundState {
  if (event.type === 'FundAllocated') {
    const { fundId, name, authorityId, line, year, amountFen } = event.data;
    return { status: 'open', fundId, name, authorityId, line, year, allocatedFen: amountFen, reservedFen: 0, spentFen: 0, active: {}, closed: {}, settled: {}, adjustments: {}, reductions: {}, reconciliations: {}, lastDifferenceOn: null };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'FundAllocationAdjusted':
      return { ...state, allocatedFen: state.allocatedFen + event.data.deltaFen, adjustments: { ...state.adjustments, [event.data.adjustmentId]: true } };
    case 'FundReserved': {
      // Mutated in place below a fresh copy of the maps: a fund can hold 100,000 reservations, and
      // copying every map on every event would make folding its stream quadratic.
      const active = state.active;
      active[event.data.reservationId] = { applicationId: event.data.applicationId, amountFen: event.data.amountFen };
      return { ...state, reservedFen: state.reservedFen + event.data.amountFen, active };
    }
    case 'FundReservationReduced': {
      const r = state.active[event.data.reservationId];
      if (!r) return state;
      state.active[event.data.reservationId] = { ...r, amountFen: r.amountFen - event.data.amountFen };
      state.reductions[event.data.reductionId] = true;
      return { ...state, reservedFen: state.reservedFen - event.data.amountFen };
    }
    case 'FundReservationReleased': {
      if (!state.active[event.data.reservationId]) return state;
      delete state.active[event.data.reservationId];
      state.closed[event.data.reservationId] = 'released';
      return { ...state, reservedFen: state.reservedFen - event.data.amountFen };
    }
    case 'FundSettled': {
      for (const item of event.data.items) {
        delete state.active[item.reservationId];
        state.closed[item.reservationId] = item.paidFen > 0 ? 'paid' : 'released';
      }
      state.settled[event.data.settlementId] = true;
      return { ...state, reservedFen: state.reservedFen - event.data.paidFen - event.data.releasedFen, spentFen: state.spentFen + event.data.paidFen };
    }
    case 'FundReconciliationDifferenceFound':
      return { ...state, reconciliations: { ...state.reconciliations, [event.data.reconciliationId]: true }, lastDifferenceOn: event.data.on };
    default:
      return assertNever(event);
  }
}

export const fundDecider: Decider<FundCommand, FundEvent, FundState> = {
  initialState: () => ({ status: 'none' }),
  evolve,
  decide,
};
