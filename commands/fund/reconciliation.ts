// 对账: a fund read from its stream against the approvals reserved on it (each asked of the module that
// made it, through its payable source) and the batches that paid them, each from its own stream (domain/fund/reconciliation.ts decides what disagrees). The
// daily job (node-cron, 02:30 China time) goes through every fund and records what it finds as an
// event on the fund (FundReconciliationDifferenceFound, once per fund and day); a fund that agrees
// records nothing.
import { batchStreams, paymentBatchDecider } from '../../domain/payment-batch/batch';
import { randomUUID } from 'node:crypto';
import { v5 as uuidv5 } from 'uuid';
import { reconcileFund, reconcilePerson, type ApplicationMoney, type BatchResult } from '../../domain/fund/reconciliation';
import { chinaDate } from '../../domain/personal-data/normalize';
import { NotFoundError } from '../../domain/shared/errors';
import type { EventStore } from '../../store/event-store/event-store';
import { loadState } from '../../store/fold';
import { mapWithLimit } from '../import/map-with-limit';
import type { JobDefinition } from '../jobs/job-registry';
import type { PayableSource } from '../payment-batch/payables';
import type { RequestContext } from '../pipeline/request-context';
import { fundReservations } from './fund-commands';
import type { FundList } from './fund-list';

const RECONCILIATION_NAMESPACE = '7a1e4c2b-3d5f-4e8a-9b6c-1f0d2e3a4b5c';
/** Records read at once while reconciling (well under the connection pool, so requests still get connections). */
const READS_IN_FLIGHT = 8;

export function fundReconciliation(deps: { store: EventStore; funds: FundList; sources: readonly PayableSource[] }) {
  const { store, sources } = deps;
  const ledger = fundReservations(store);

  /** The money of a reservation, from the source that made it (each module's payable source: commands/payment-batch/payables.ts). */
  async function moneyOf(reservationId: string, applicationId: string): Promise<ApplicationMoney | null> {
    for (const source of sources) {
      const money = await source.money(reservationId, applicationId);
      if (money) return money;
    }
    return null;
  }

  /** Every order of the batches that paid these approvals (or their re-issued failures), as the batches recorded them. */
  async function batchResults(applications: readonly ApplicationMoney[], fundId?: string): Promise<BatchResult[]> {
    const batchIds = new Set<string>();
    for (const a of applications) {
      if (a.payment) batchIds.add(a.payment.batchId);
      for (const f of a.failedBefore ?? []) if (f.batchId) batchIds.add(f.batchId);
    }
    const payments = new Set(applications.flatMap((a) => [...(a.payment ? [a.payment.paymentId] : []), ...(a.failedBefore ?? []).map((f) => f.paymentId)]));
    const batches: BatchResult[] = [];
    for (const batchId of batchIds) {
      const batch = await loadState(store, paymentBatchDecider, batchStreams.streamId(batchId));
      if (batch.status === 'none' || (fundId && batch.fundId !== fundId)) continue;
      for (const o of batch.orders) {
        // A fund's batches are wholly its own; a person's share of a batch is their own payments.
        if (!fundId && !payments.has(o.paymentId)) continue;
        batches.push({ batchId, paymentId: o.paymentId, applicationId: o.applicationId, status: batch.results[o.paymentId]?.status ?? 'pending', amountFen: o.amountFen });
      }
    }
    return batches;
  }

  async function reconcile(fundId: string) {
    const fund = await ledger.state(fundId);
    if (fund.status !== 'open') throw new NotFoundError('资金不存在');
    // Each reservation's record read by its source, several at a time (a fund of 100,000 approvals is
    // 100,000 stream reads: one after another they took most of a large batch's 对账).
    const active = Object.entries(fund.active);
    const activeMoney = await mapWithLimit(active, READS_IN_FLIGHT, ([reservationId, r]) => moneyOf(reservationId, r.applicationId));
    const applications: ApplicationMoney[] = activeMoney.filter((m): m is ApplicationMoney => m !== null);
    const unclaimed = active.filter((_, i) => !activeMoney[i]).map(([reservationId]) => reservationId);
    // A closed reservation the record no longer holds (a failed payment re-issued under a new one) is the record's history, not a difference.
    const closedMoney = await mapWithLimit(Object.keys(fund.closed), READS_IN_FLIGHT, (reservationId) => moneyOf(reservationId, ''));
    applications.push(...closedMoney.filter((m): m is ApplicationMoney => m !== null));
    const report = reconcileFund(fund, applications, await batchResults(applications, fundId));
    for (const id of unclaimed) report.differences.push(`资金预留${id}没有对应的审批记录`);
    return report;
  }

  /** 对账 per person (the ID number's blind indexes, current and previous keys): every module paying people; `visible` keeps the records a caller may see. */
  async function reconcilePersonKey(personKeys: readonly string[], visible: (streamId: string) => Promise<boolean> = async () => true) {
    const found = (await Promise.all(personKeys.flatMap((key) => sources.map((s) => s.personMoney?.(key) ?? [])))).flat();
    const applications: ApplicationMoney[] = [];
    for (const a of found) if (!a.streamId || (await visible(a.streamId))) applications.push(a);
    return { ...reconcilePerson(applications, await batchResults(applications)), lines: applications };
  }

  /** Reconciles every fund and records the differences found (once per fund and day). */
  async function reconcileAll(request: RequestContext) {
    const on = chinaDate((request.now ?? new Date()).toISOString());
    let withDifferences = 0;
    const fundIds = await deps.funds.fundIds();
    for (const fundId of fundIds) {
      const report = await reconcile(fundId);
      if (report.differences.length === 0) continue;
      withDifferences++;
      await ledger.recordReconciliation(fundId, `${fundId}:${on}`, on, report, { ...request, commandId: uuidv5(`reconcile:${fundId}:${on}`, RECONCILIATION_NAMESPACE) });
    }
    return { funds: fundIds.length, withDifferences };
  }

  const job: JobDefinition = {
    name: 'fund-reconciliation',
    label: '资金对账',
    description: '每日核对资金、补贴申报与支付批次：审核金额 = 已支付 + 支付失败 + 异议核减 + 待支付，分毫不差；差异记入资金的事件并在资金列表中提示',
    schedule: '30 2 * * *',
    timezone: 'Asia/Shanghai',
    async run() {
      const { funds, withDifferences } = await reconcileAll({ actor: { id: 'job:fund-reconciliation', role: 'system', orgId: null }, commandId: randomUUID(), correlationId: randomUUID(), ip: null });
      return `核对资金${funds}个，发现差异${withDifferences}个`;
    },
  };

  return { reconcile, reconcilePerson: reconcilePersonKey, reconcileAll, job };
}

export type FundReconciliation = ReturnType<typeof fundReconciliation>;
