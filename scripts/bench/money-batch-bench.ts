// Issue 14 §6's batch figure THROUGH THE DATABASE (part of `npm run bench -- money`): `orders` payable
// records, each its own stream with an approval reserved on one fund, are put into one payment batch
// by the real batch commands (each record read from its stream; the batch made in chunks of 5,000
// records, each chunk's orders and its records' ordering events one append, then closed), the bank's payment file rendered from the stored batch
// (every account revealed), the bank stand-in's result file (one in 7 failed) imported and recorded
// (in parts), the fund settled (in parts), the records' outcomes appended to their streams (many
// records in one append, as a module's payableOutcomes decides them), and 对账
// run over the fund, its records and the batch. The records are a bench module's (`bench-payable`),
// plugged in as any module is (a PayableSource): reading and appending their streams costs what a
// real module's would; their decisions are trivial. Seeding (streams and reservations) is not timed.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { paymentBatchCommands } from '../../commands/payment-batch/batch-commands';
import type { PayableSource } from '../../commands/payment-batch/payables';
import { fundCommands, fundStreamId } from '../../commands/fund/fund-commands';
import { fundReconciliation } from '../../commands/fund/reconciliation';
import type { RequestContext } from '../../commands/pipeline/request-context';
import { toNewEvent } from '../../commands/pipeline/handle-command';
import { paymentIdOf } from '../../domain/payment-batch/batch';
import type { Platform } from '../../api/platform';
import { bankStandIn } from '../../testing/bank-standin';
import { ORGS } from '../../testing/seed';

const MODULE = 'bench-payable';
const streamOf = (id: string) => `${MODULE}-${id}`;

export async function batchThroughDatabase(platform: Platform, orders: number, request: (orgId?: string | null) => RequestContext, log: (m: string) => void, run = 0) {
  const { store } = platform;
  // Each run its own fund (year) and records, so runs in one database do not meet.
  const year = 2026 + run;
  const now = new Date().toISOString();
  const account = platform.personalData.protect('bankCard', '6222020200000000006');
  const amountOf = (i: number) => 100_000 + (i % 7);

  // Seeding: a fund covering every order, one approved record per order and its reservation on the fund (raw appends in calls of 1,000).
  const funds = fundCommands({ store, authorities: platform.directories.authorities });
  const total = Array.from({ length: orders }, (_, i) => amountOf(i)).reduce((a, b) => a + b, 0);
  const { fundId } = await funds.allocate({ authorityId: ORGS.nanming, line: 'local_finance', year, amountFen: total, basis: 'bench' }, request());
  const seed = request();
  let fundRevision = (await store.readStream(fundStreamId(fundId))).length - 1;
  const ids = Array.from({ length: orders }, (_, i) => `r${run}-${String(i).padStart(6, '0')}`);
  for (let from = 0; from < orders; from += 1_000) {
    const part = ids.slice(from, from + 1_000);
    await store.appendToStreams(part.map((id, k) => ({ streamId: streamOf(id), expectedRevision: 'no_stream' as const, events: [toNewEvent({ type: 'BenchPayableApproved', data: { amountFen: amountOf(from + k), reservationId: `${id}#1` } }, 0, streamOf(id), seed, now)] })));
    const reserved = part.map((id, k) => toNewEvent({ type: 'FundReserved', data: { reservationId: `${id}#1`, applicationId: id, amountFen: amountOf(from + k) } }, from + k, fundStreamId(fundId), seed, now));
    await store.appendToStream(fundStreamId(fundId), reserved, { expectedRevision: fundRevision });
    fundRevision += reserved.length;
  }
  log(`batch bench: seeded ${orders} records and reservations`);

  const readRecord = async (id: string) => {
    const events = await store.readStream(streamOf(id));
    const approved = events[0]!.data as { amountFen: number; reservationId: string };
    const ordered = events.find((e) => e.type === 'BenchPaymentOrdered')?.data as { paymentId: string; batchId: string } | undefined;
    const outcome = events.find((e) => e.type === 'BenchPaymentOutcome')?.data as { status: 'paid' | 'failed' } | undefined;
    return { events, approved, ordered, outcome };
  };
  const source: PayableSource = {
    module: MODULE,
    label: '基准测试记录',
    candidates: async () => ids,
    async prepare(id, batchId) {
      const { events, approved, ordered } = await readRecord(id);
      if (ordered) return { record: null, skipped: [] };
      const paymentId = paymentIdOf(approved.reservationId);
      return {
        record: {
          orders: [{ paymentId, applicationId: id, source: MODULE, reservationId: approved.reservationId, payee: { kind: 'institution', institutionId: 'bench', name: '培训学校', account, accountName: '培训学校' }, amountFen: approved.amountFen, purpose: `${id}机构培训经费` }],
          streamId: streamOf(id),
          expectedRevision: events.length - 1,
          events: [{ type: 'BenchPaymentOrdered', data: { paymentId, batchId, amountFen: approved.amountFen } }],
        },
        skipped: [],
      };
    },
    async recordOutcome(order, batchId, result, req) {
      const { events, outcome } = await readRecord(order.applicationId);
      if (outcome) return;
      await store.appendToStream(streamOf(order.applicationId), [toNewEvent({ type: 'BenchPaymentOutcome', data: { paymentId: order.paymentId, batchId, ...result } }, 0, streamOf(order.applicationId), req, new Date().toISOString())], { expectedRevision: events.length - 1 });
    },
    // As a module's payableOutcomes does: read each record, skip one with an outcome, the rest appended together by the settlement.
    async decideOutcomes(items, batchId) {
      const appends = [];
      for (let from = 0; from < items.length; from += 16) {
        const read = await Promise.all(items.slice(from, from + 16).map(async (item) => ({ item, record: await readRecord(item.order.applicationId) })));
        for (const { item, record } of read) {
          if (record.outcome) continue;
          const streamId = streamOf(item.order.applicationId);
          appends.push({ streamId, expectedRevision: record.events.length - 1, events: [toNewEvent({ type: 'BenchPaymentOutcome', data: { paymentId: item.order.paymentId, batchId, ...item.result } }, 0, streamId, item.request, new Date().toISOString())] });
        }
      }
      return appends;
    },
    async money(reservationId) {
      const id = reservationId.split('#')[0]!;
      if (!id.startsWith('r')) return null;
      const { approved, ordered, outcome } = await readRecord(id);
      return {
        applicationId: id, className: id, reservationId, approvedFen: approved.amountFen, removedFen: 0, revoked: false,
        payment: ordered ? { paymentId: ordered.paymentId, batchId: ordered.batchId, status: outcome?.status ?? 'ordered', amountFen: approved.amountFen } : null,
      };
    },
  };

  const batches = paymentBatchCommands({ store, authorities: platform.directories.authorities, sources: [source], personalData: platform.personalData });
  const reconciliation = fundReconciliation({ store, funds: platform.directories.fundList, sources: [source] });
  const t0 = performance.now();
  let chunks = 0;
  const created = await batches.create(fundId, request(), () => void chunks++);
  const tCreated = performance.now();
  log(`batch bench: created ${created.orderCount} orders in ${chunks} chunks in ${Math.round(tCreated - t0)} ms`);
  const file = await batches.issueFile(created.batchId, request());
  const tIssued = performance.now();
  const resultFile = bankStandIn({ fail: (l) => (l.amountFen % 7 === 3 ? '账户已冻结' : undefined) }).process(file.content);
  const tBank = performance.now();
  const imported = await batches.importResults(created.batchId, resultFile, request());
  const tImported = performance.now();
  log(`batch bench: imported and settled in ${Math.round(tImported - tBank)} ms`);
  const report = await reconciliation.reconcile(fundId);
  const tReconciled = performance.now();
  const batchEvents = await store.readStream(created.streamId);
  const largestEventBytes = Math.max(...batchEvents.map((e) => Buffer.byteLength(JSON.stringify(e.data))));
  const fundEvents = await store.readStream(fundStreamId(fundId));
  return {
    orders: created.orderCount,
    creationChunks: chunks,
    totalFen: created.totalFen,
    batchEvents: batchEvents.length,
    largestBatchEventBytes: largestEventBytes,
    settlementEvents: fundEvents.filter((e) => e.type === 'FundSettled').length,
    paymentFileBytes: Buffer.byteLength(file.content),
    status: imported.state.status,
    reconciliation: { approvedFen: report.approvedFen, paidFen: report.paidFen, failedFen: report.failedFen, pendingFen: report.pendingFen, balanced: report.differences.length === 0, differences: report.differences.slice(0, 5) },
    createMs: Math.round(tCreated - t0),
    issueFileMs: Math.round(tIssued - tCreated),
    bankStandInMs: Math.round(tBank - tIssued),
    importAndSettleMs: Math.round(tImported - tBank),
    reconcileMs: Math.round(tReconciled - tImported),
    totalMs: Math.round(tReconciled - t0),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    aimMs: 120_000,
    runId: randomUUID(),
  };
}
