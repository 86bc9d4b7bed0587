// 对账: a fund read from its stream against the applications reserved on it and the batches that
// paid them, each from its own stream (domain/fund/reconciliation.ts decides what disagrees). The
// daily job (node-cron, 02:30 China time) goes through every fund and records what it finds as an
// event on the fund (FundReconciliationDifferenceFound, once per fund and day); a fund that agrees
// records nothing.
import { batchStreams, paymentBatchDecider } from '../../domain/payment-batch/batch';
import { randomUUID } from 'node:crypto';
import { v5 as uuidv5 } from 'uuid';
import { reconcileFund, type ApplicationMoney, type BatchResult } from '../../domain/fund/reconciliation';
import { chinaDate } from '../../domain/personal-data/normalize';
import { NotFoundError } from '../../domain/shared/errors';
import { applicationStreams, subsidyApplicationDecider } from '../../domain/subsidy-application/application';
import type { EventStore } from '../../store/event-store/event-store';
import { loadState } from '../../store/fold';
import type { JobDefinition } from '../jobs/job-registry';
import type { RequestContext } from '../pipeline/request-context';
import { fundReservations } from './fund-commands';
import type { FundList } from './fund-list';

const RECONCILIATION_NAMESPACE = '7a1e4c2b-3d5f-4e8a-9b6c-1f0d2e3a4b5c';

/** A reservation id is `<applicationId>#<round>` (domain/subsidy-application/application.ts reservationIdOf). */
const applicationOf = (reservationId: string) => reservationId.split('#')[0]!;

export function fundReconciliation(deps: { store: EventStore; funds: FundList }) {
  const { store } = deps;
  const ledger = fundReservations(store);

  async function reconcile(fundId: string) {
    const fund = await ledger.state(fundId);
    if (fund.status !== 'open') throw new NotFoundError('资金不存在');
    const reservations = [...Object.keys(fund.active), ...Object.keys(fund.closed)];
    const applications: ApplicationMoney[] = [];
    const batchIds = new Set<string>();
    for (const reservationId of reservations) {
      const app = await loadState(store, subsidyApplicationDecider, applicationStreams.streamId(applicationOf(reservationId)));
      if (app.status !== 'active' || app.reservation?.reservationId !== reservationId) continue;
      if (app.payment) batchIds.add(app.payment.batchId);
      applications.push({
        applicationId: app.applicationId,
        className: app.className,
        reservationId,
        approvedFen: app.reservation.amountFen,
        removedFen: app.removedFen,
        revoked: app.revoked,
        payment: app.payment && { paymentId: app.payment.paymentId, batchId: app.payment.batchId, status: app.payment.status, amountFen: app.payment.amountFen },
        failedBefore: (app.failedPayments ?? []).map((p) => ({ paymentId: p.paymentId, amountFen: p.amountFen })),
      });
      for (const p of app.failedPayments ?? []) batchIds.add(p.batchId);
    }
    const batches: BatchResult[] = [];
    for (const batchId of batchIds) {
      const batch = await loadState(store, paymentBatchDecider, batchStreams.streamId(batchId));
      if (batch.status === 'none' || batch.fundId !== fundId) continue;
      for (const o of batch.orders) batches.push({ batchId, paymentId: o.paymentId, applicationId: o.applicationId, status: batch.results[o.paymentId]?.status ?? 'pending', amountFen: o.amountFen });
    }
    return reconcileFund(fund, applications, batches);
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

  return { reconcile, reconcileAll, job };
}

export type FundReconciliation = ReturnType<typeof fundReconciliation>;
