// 对账 (issue 14 §3): a fund (or a person) against the approvals reserved on it, from every module
// that pays (training funding, school aid, ...), and the batches that paid them, to the fen. For every approval: approved = paid + failed + removed by an upheld objection + pending;
// then the three records must agree: the fund's reserved and spent figures with the applications',
// and every batch result with the outcome its application recorded (a settlement left half-done
// shows here). A pure function of the three records' states.
import { formatYuan, type Fen } from '../shared/money';

export type ApplicationMoney = {
  applicationId: string;
  /** The record's stream (a per-person answer shows only the records in the caller's scope). */
  streamId?: string;
  className: string;
  reservationId: string;
  approvedFen: Fen;
  removedFen: Fen;
  revoked: boolean;
  payment: { paymentId: string; batchId: string; status: 'ordered' | 'paid' | 'failed'; amountFen: Fen } | null;
  /** Earlier payments that failed and were re-issued (their amounts went back to the fund). */
  failedBefore?: { paymentId: string; batchId?: string; amountFen: Fen }[];
};

export type BatchResult = { batchId: string; paymentId: string; applicationId: string; status: 'paid' | 'failed' | 'pending'; amountFen: Fen };

export type ReconciliationReport = {
  approvedFen: Fen;
  paidFen: Fen;
  failedFen: Fen;
  removedFen: Fen;
  pendingFen: Fen;
  fundReservedFen: Fen;
  fundSpentFen: Fen;
  applications: number;
  /** Each difference in Chinese; none when everything agrees. */
  differences: string[];
};

/** One approval's split: approved = removed + paid + failed + pending (pending negative when more was paid or removed than approved). */
export function approvalFigures(a: ApplicationMoney) {
  const removedFen = a.revoked ? a.approvedFen : a.removedFen;
  const paidFen = a.payment?.status === 'paid' ? a.payment.amountFen : 0;
  const failedFen = a.payment?.status === 'failed' ? a.payment.amountFen : 0;
  return { approvedFen: a.approvedFen, removedFen, paidFen, failedFen, pendingFen: a.approvedFen - removedFen - paidFen - failedFen };
}

/** Approved = paid + failed + removed + pending for every approval, and every batch result against the record's outcome. */
export function reconcileMoney(applications: readonly ApplicationMoney[], batches: readonly BatchResult[]) {
  let [approvedFen, paidFen, failedFen, removedFen, pendingFen] = [0, 0, 0, 0, 0];
  const differences: string[] = [];
  const byPayment = new Map(applications.filter((a) => a.payment).map((a) => [a.payment!.paymentId, a]));
  const reissued = new Map(applications.flatMap((a) => (a.failedBefore ?? []).map((f) => [f.paymentId, { app: a, amountFen: f.amountFen }] as const)));
  for (const a of applications) {
    const { removedFen: removed, paidFen: paid, failedFen: failed, pendingFen: pending } = approvalFigures(a);
    approvedFen += a.approvedFen;
    removedFen += removed;
    paidFen += paid;
    failedFen += failed;
    if (pending < 0) differences.push(`${a.className}：支付与核减合计超过审核金额${formatYuan(-pending)}`);
    pendingFen += Math.max(0, pending);
  }
  for (const b of batches) {
    const a = byPayment.get(b.paymentId);
    const earlier = reissued.get(b.paymentId);
    if (!a && earlier) {
      if (b.status !== 'failed') differences.push(`${earlier.app.className}：已重新支付的原支付在批次中记录为“${STATUS[b.status]}”`);
      continue;
    }
    if (!a) {
      differences.push(`支付批次${b.batchId.slice(0, 8)}的支付${b.paymentId.slice(0, 8)}没有对应的申报支付指令`);
      continue;
    }
    const recorded = a.payment!.status === 'ordered' ? 'pending' : a.payment!.status;
    if (recorded !== b.status) differences.push(`${a.className}：支付批次记录为“${STATUS[b.status]}”，申报记录为“${STATUS[recorded]}”（结算未完成或记录不一致）`);
    if (b.amountFen !== a.payment!.amountFen) differences.push(`${a.className}：支付批次金额${formatYuan(b.amountFen)}与申报支付指令${formatYuan(a.payment!.amountFen)}不符`);
  }
  return { approvedFen, paidFen, failedFen, removedFen, pendingFen, applications: applications.length, differences };
}

export function reconcileFund(fund: { reservedFen: Fen; spentFen: Fen }, applications: readonly ApplicationMoney[], batches: readonly BatchResult[]): ReconciliationReport {
  const money = reconcileMoney(applications, batches);
  const { paidFen, pendingFen, differences } = money;
  if (fund.spentFen !== paidFen) differences.push(`资金已支付${formatYuan(fund.spentFen)}，申报记录已支付${formatYuan(paidFen)}，相差${formatYuan(fund.spentFen - paidFen)}`);
  if (fund.reservedFen !== pendingFen) differences.push(`资金已预留${formatYuan(fund.reservedFen)}，申报待支付${formatYuan(pendingFen)}，相差${formatYuan(fund.reservedFen - pendingFen)}`);
  return { ...money, fundReservedFen: fund.reservedFen, fundSpentFen: fund.spentFen };
}

/**
 * 对账 per person: everything approved for the person in any module that pays people, against the
 * batches' results for those payments: approved = paid + failed + removed + pending, to the fen.
 */
export type PersonReconciliation = ReturnType<typeof reconcileMoney>;
export const reconcilePerson = (applications: readonly ApplicationMoney[], batches: readonly BatchResult[]): PersonReconciliation => reconcileMoney(applications, batches);

const STATUS = { pending: '待回盘', paid: '支付成功', failed: '支付失败' } as const;
