// 支付批次: creating a batch of the fund's payable records, from every module that declares a payable
// source (commands/payment-batch/payables.ts; the batch and every record's order in one atomic
// append, so a record is never ordered twice), issuing the bank's payment
// file (accounts revealed only into the file; the batch records its SHA-256), importing the bank's
// result file (checked as a whole by the batch's decider), and settling recorded results on the fund
// and the applications. Every settlement step is idempotent (a settlement id, commands ids derived
// from the batch, the file and the step), so an interrupted settlement is finished by running it
// again: `settle` (also called by every import) does exactly what is left.
import { createHash } from 'node:crypto';
import { v5 as uuidv5 } from 'uuid';
import { paymentFileLines, renderPaymentFile, parseResultFile, type PaymentFileLine, type ResultRow } from '../../domain/payment-batch/bank-file';
import { batchStreams, orderSource, paymentBatchDecider, type OrderResult, type PaymentOrder } from '../../domain/payment-batch/batch';
import { chinaDate } from '../../domain/personal-data/normalize';
import { NotFoundError, RuleViolationError } from '../../domain/shared/errors';
import { WrongExpectedRevisionError, type EventStore, type StreamAppend } from '../../store/event-store/event-store';
import { foldEvents, loadState } from '../../store/fold';
import { isAtOrAbove, type AuthorityDirectory } from '../fund/authority-directory';
import { fundReservations } from '../fund/fund-commands';
import { handleCommand, toNewEvent } from '../pipeline/handle-command';
import type { RequestContext } from '../pipeline/request-context';
import type { PersonalDataProtector } from '../personal-data/protected-field';
import type { BankPort } from './http-bank';
import type { OutcomeItem, PayableSource, PreparedRecord, ReleaseItem } from './payables';

export const PAYMENT_BATCH_MODULE = batchStreams.module;
export const batchStreamId = batchStreams.streamId;
const BATCH_NAMESPACE = '0e6f2d9a-4b7c-4c1e-8a53-9f1d2b6c7e48';
/** Records read at once while a batch is made (reads only). */
const PREPARE_AT_ONCE = 16;
/**
 * Records whose ordering events are written in one append with the batch's chunk of orders: the
 * event store takes at most 65,536 events in one append (a record ordering several instalments
 * writes one event for each), and a chunk that fails on a record changed meanwhile is read again
 * alone, not the whole batch.
 */
export const RECORDS_PER_CHUNK = 5_000;
/**
 * Records of one batch at most. Not a limit of the store any more (chunks), but of what reads a batch
 * whole: its read-model row keeps the batch's state (every order and result) as one jsonb value, the
 * batch's page lists every order, and the payment file is one text. 100,000 was measured (README,
 * Benchmarks); the payable records beyond it wait for the next batch (named in `skipped`).
 */
export const MAX_BATCH_ORDERS = 100_000;
/** Records' outcomes written in one append at most while a result file is settled. */
const OUTCOMES_PER_APPEND = 1_000;

/**
 * Steps of sending and settling, for tests that stop it part-way (an injected crash, or a child
 * process killed there) and finish it on a fresh process: an order answered by the bank (HTTP
 * adapter), the answers recorded, the fund settled, a record's outcome, the batch marked settled.
 */
export type CreationStep = { step: 'chunk'; index: number; orders: number };
export type SettlementStep = { step: 'sent'; index: number } | { step: 'recorded' } | { step: 'fund' } | { step: 'application'; index: number } | { step: 'batch' };

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const derived = (request: RequestContext, key: string): RequestContext => ({ ...request, commandId: uuidv5(key, BATCH_NAMESPACE) });

export function paymentBatchCommands(deps: {
  store: EventStore;
  authorities: AuthorityDirectory;
  sources: readonly PayableSource[];
  personalData: Pick<PersonalDataProtector, 'reveal'>;
  bank?: BankPort | null;
  /** Batches of the fund still open (a creation stopped between chunks), from the read model: a new creation finishes them first. */
  openBatches?: (fundId: string) => Promise<string[]>;
  /** Records per chunk (RECORDS_PER_CHUNK; tests take small chunks). */
  recordsPerChunk?: number;
}) {
  const { store, authorities, sources, personalData } = deps;
  const bank = deps.bank ?? null;
  const funds = fundReservations(store);
  const mayManage = async (authorityId: string, request: RequestContext) => isAtOrAbove(await authorities.organization(authorityId), request.actor.orgId);

  const recordsPerChunk = deps.recordsPerChunk ?? RECORDS_PER_CHUNK;
  /** The batch's state and the revision it was read at (-1: no stream). */
  async function readBatch(batchId: string) {
    const events = await store.readStream(batchStreamId(batchId));
    return { state: foldEvents(paymentBatchDecider, events), revision: events.length - 1 };
  }

  async function loadBatch(batchId: string) {
    const state = await loadState(store, paymentBatchDecider, batchStreamId(batchId));
    if (state.status === 'none') throw new NotFoundError('支付批次不存在');
    return state;
  }

  const sourceOf = (order: PaymentOrder) => {
    const source = sources.find((s) => s.module === orderSource(order));
    if (!source) throw new Error(`支付指令的来源模块未登记为可支付来源：${orderSource(order)}`);
    return source;
  };

  /**
   * Records the bank's outcomes of `orders` on their records: every source's decided outcomes in one
   * atomic append; on a conflict (a record changed meanwhile) or for a source that decides none in
   * advance, order by order through `recordOutcome`. Idempotent either way (derived command ids).
   */
  async function recordOutcomes(orders: readonly PaymentOrder[], batchId: string, results: Record<string, OrderResult>, request: RequestContext) {
    const itemOf = (order: PaymentOrder): OutcomeItem => {
      const r = results[order.paymentId]!;
      return { order, result: { status: r.status, bankRef: r.bankRef, reason: r.reason }, request: derived(request, `outcome:${batchId}:${order.paymentId}`) };
    };
    const oneByOne = async (items: readonly OutcomeItem[]) => {
      for (const item of items) await sourceOf(item.order).recordOutcome(item.order, batchId, item.result, item.request);
    };
    const bySource = new Map<PayableSource, OutcomeItem[]>();
    for (const order of orders) {
      const source = sourceOf(order);
      const items = bySource.get(source) ?? [];
      items.push(itemOf(order));
      bySource.set(source, items);
    }
    const appends: StreamAppend[] = [];
    const batched: OutcomeItem[] = [];
    for (const [source, items] of bySource) {
      if (!source.decideOutcomes) {
        await oneByOne(items);
        continue;
      }
      appends.push(...(await source.decideOutcomes(items, batchId)));
      batched.push(...items);
    }
    if (appends.length === 0) return;
    try {
      await store.appendToStreams(appends);
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
      await oneByOne(batched);
    }
  }

  /** Runs what is left of a batch's settlement: fund, applications, batch, for each recorded result file. */
  async function settle(batchId: string, request: RequestContext, after?: (step: SettlementStep) => void) {
    const batch = await loadBatch(batchId);
    for (const file of batch.resultFiles.filter((f) => !batch.settledFiles.includes(f))) {
      const settled = batch.orders.filter((o) => batch.results[o.paymentId]?.resultFile === file);
      const items = settled.map((o) => {
        const paid = batch.results[o.paymentId]!.status === 'paid';
        return { reservationId: o.reservationId, paidFen: paid ? o.amountFen : 0, releasedFen: paid ? 0 : o.amountFen };
      });
      await funds.settle(batch.fundId, `${batchId}:${file}`, batchId, items, derived(request, `fund:${batchId}:${file}`));
      after?.({ step: 'fund' });
      // Each append writes as many records' outcomes as are already written (1, 1, 2, 4 ... up to
      // OUTCOMES_PER_APPEND): a big file settles in few commits, while the first outcomes go one at a
      // time, so a settlement stopped at its start has recorded as little as before.
      for (let from = 0; from < settled.length; ) {
        const part = settled.slice(from, from + Math.min(OUTCOMES_PER_APPEND, Math.max(1, from)));
        await recordOutcomes(part, batchId, batch.results, request);
        for (let k = 0; k < part.length; k++) after?.({ step: 'application', index: from + k });
        from += part.length;
      }
      await handleCommand(store, paymentBatchDecider, batchStreamId(batchId), { type: 'MarkResultsSettled', resultFile: file }, derived(request, `settled:${batchId}:${file}`));
      after?.({ step: 'batch' });
    }
    return loadBatch(batchId);
  }

  /** The orders as the bank receives them (accounts revealed only here, into the file or the request). */
  const linesOf = (orders: readonly PaymentOrder[]): PaymentFileLine[] =>
    orders.map((o) => ({ paymentId: o.paymentId, account: personalData.reveal('bankCard', o.payee.account.cipher), accountName: o.payee.accountName, amountFen: o.amountFen, purpose: o.purpose }));

  /**
   * The payment file for the bank (accounts in clear only inside it) as its lines, hashed line by
   * line; the batch records the digest before any line leaves (GET /payment-batches/:id/payment-file
   * writes them to the client as they are, the GraphQL mutation joins them for small batches).
   */
  async function issueFileLines(batchId: string, request: RequestContext) {
    const batch = await loadBatch(batchId);
    const lines = paymentFileLines(batchId, linesOf(batch.orders));
    const hash = createHash('sha256');
    for (const line of lines) hash.update(line, 'utf8');
    const digest = hash.digest('hex');
    const result = await handleCommand(store, paymentBatchDecider, batchStreamId(batchId), { type: 'IssuePaymentFile', sha256: digest, mayManage: await mayManage(batch.payerId, request) }, request);
    return { ...result, fileName: `GZPAY-${batchId}.csv`, lines, sha256: digest };
  }

  return {
    /**
     * 生成支付批次 of a fund's payable records, by the fund's authority or one above it, in chunks:
     * each chunk's orders and its records' ordering events in one atomic append (a record changed
     * meanwhile fails its chunk alone, which is read again), then PaymentBatchClosed makes the batch
     * complete and issuable. The batch id follows from the command id: a retried request lands on
     * the same batch, and if a crash left it open, finishes it (its records are ordered already, so
     * their sources skip them, and nothing is ordered twice). A new request on a fund with a batch
     * left open finishes that batch first (`openBatches`), so an open batch never waits for its id.
     */
    async create(fundId: string, request: RequestContext, after?: (step: CreationStep) => void) {
      const fund = await funds.state(fundId);
      if (fund.status !== 'open') throw new NotFoundError('资金不存在');
      const manage = await mayManage(fund.authorityId, request);
      const now = (request.now ?? new Date()).toISOString();
      const today = chinaDate(now);
      let batchId = uuidv5(`batch:${request.commandId}`, BATCH_NAMESPACE);
      let batch = await readBatch(batchId);
      if (batch.state.status === 'none' && deps.openBatches) {
        const open = (await deps.openBatches(fundId)).find((id) => id !== batchId);
        const resumed = open ? await readBatch(open) : null;
        if (resumed?.state.status === 'opening') [batchId, batch] = [open!, resumed];
      }
      const streamId = batchStreamId(batchId);
      const repeated = batch.state.status === 'opening';
      const result = (position: bigint | null, skipped: string[], again = repeated) => {
        const s = batch.state;
        return { batchId, streamId, position, orderCount: s.status === 'none' ? 0 : s.orders.length, totalFen: s.status === 'none' ? 0 : s.totalFen, skipped, repeated: again };
      };
      if (batch.state.status !== 'none' && batch.state.status !== 'opening') return result(null, [], true);

      const skipped: string[] = [];
      let position: bigint | null = null;
      let chunks = 0;
      type Pending = { source: PayableSource; recordId: string; record: PreparedRecord };
      const prepare = async (source: PayableSource, recordIds: readonly string[]) => {
        const out: Pending[] = [];
        for (let from = 0; from < recordIds.length; from += PREPARE_AT_ONCE) {
          const ids = recordIds.slice(from, from + PREPARE_AT_ONCE);
          const prepared = await Promise.all(ids.map((recordId) => source.prepare(recordId, batchId, today)));
          prepared.forEach((p, k) => {
            skipped.push(...p.skipped);
            if (p.record && p.record.orders.length > 0) out.push({ source, recordId: ids[k]!, record: p.record });
          });
        }
        return out;
      };
      /** Writes one chunk; on a conflict (a record or the batch changed) reads the batch and the chunk's records again. */
      const write = async (chunk: Pending[]) => {
        for (let attempt = 0; chunk.length > 0; attempt++) {
          const state = batch.state;
          if (state.status !== 'none' && state.status !== 'opening') {
            // Another request finished this batch meanwhile: these records wait for the next one.
            skipped.push(`另有${chunk.length}项记录未纳入（该批次已由另一操作生成完毕），请再生成一个支付批次`);
            return;
          }
          const orders = chunk.flatMap((p) => p.record.orders);
          const command = state.status === 'none' ? { type: 'CreatePaymentBatch' as const, batchId, payerId: fund.authorityId, fundId, orders, mayManage: manage } : { type: 'AddPaymentOrders' as const, orders, mayManage: manage };
          const events = paymentBatchDecider.decide(command, state, { actor: request.actor, now });
          // Event ids derive from the command id, the stream and the index: the batch's from its revision, so chunks never repeat one.
          const appends: StreamAppend[] = [
            { streamId, events: events.map((e, i) => toNewEvent(e, batch.revision + 1 + i, streamId, request, now)), expectedRevision: batch.revision < 0 ? 'no_stream' : batch.revision },
            ...chunk.map(({ record: r }) => ({ streamId: r.streamId, events: r.events.map((e, i) => toNewEvent(e, i, r.streamId, request, now)), expectedRevision: r.expectedRevision })),
          ];
          try {
            const written = await store.appendToStreams(appends);
            batch = { state: events.reduce(paymentBatchDecider.evolve, state), revision: written[0]!.nextRevision };
            position = written[written.length - 1]?.lastPosition ?? position;
            after?.({ step: 'chunk', index: chunks++, orders: orders.length });
            return;
          } catch (error) {
            if (!(error instanceof WrongExpectedRevisionError) || attempt >= 5) throw error;
            batch = await readBatch(batchId);
            const again: Pending[] = [];
            for (const source of new Set(chunk.map((p) => p.source))) again.push(...(await prepare(source, chunk.filter((p) => p.source === source).map((p) => p.recordId))));
            chunk = again;
          }
        }
      };

      let count = batch.state.status === 'opening' ? batch.state.orders.length : 0;
      let full = false;
      for (const source of sources) {
        const candidates = await source.candidates(fundId, today);
        for (let from = 0; from < candidates.length; from += recordsPerChunk) {
          if (full || count >= MAX_BATCH_ORDERS) {
            full = true;
            skipped.push(`另有${candidates.length - from}项${source.label}超过单个批次上限（${MAX_BATCH_ORDERS}笔），请再生成一个支付批次`);
            break;
          }
          await write(await prepare(source, candidates.slice(from, from + Math.min(recordsPerChunk, MAX_BATCH_ORDERS - count))));
          count = batch.state.status === 'none' ? 0 : batch.state.orders.length;
        }
      }
      if (batch.state.status === 'none') {
        // Nothing was payable: the decider's refusal (没有可支付的申报 …), nothing written.
        paymentBatchDecider.decide({ type: 'CreatePaymentBatch', batchId, payerId: fund.authorityId, fundId, orders: [], mayManage: manage }, batch.state, { actor: request.actor, now });
        throw new RuleViolationError('没有可支付的记录', 'payment.nothing_payable');
      }
      const closing = paymentBatchDecider.decide({ type: 'ClosePaymentBatch', mayManage: manage }, batch.state, { actor: request.actor, now });
      if (closing.length) {
        const closed = await store.appendToStream(streamId, closing.map((e, i) => toNewEvent(e, batch.revision + 1 + i, streamId, request, now)), { expectedRevision: batch.revision });
        batch = { state: closing.reduce(paymentBatchDecider.evolve, batch.state), revision: closed.nextRevision };
        position = closed.lastPosition;
      }
      return result(position, skipped);
    },

    issueFileLines,

    /** The payment file as one text (the GraphQL mutation; a large batch is downloaded through issueFileLines). */
    async issueFile(batchId: string, request: RequestContext) {
      const { lines, ...issued } = await issueFileLines(batchId, request);
      return { ...issued, content: lines.join('') };
    },

    /** 导入支付结果: the bank's result file, checked as a whole; then the settlement (what is left of it). */
    async importResults(batchId: string, content: string, request: RequestContext, after?: (step: SettlementStep) => void) {
      const batch = await loadBatch(batchId);
      const parsed = parseResultFile(content);
      const manage = await mayManage(batch.payerId, request);
      const recorded = await handleCommand(store, paymentBatchDecider, batchStreamId(batchId), { type: 'RecordPaymentResults', resultFile: sha256(content), fileBatchId: parsed.batchId, rows: parsed.rows, mayManage: manage }, request);
      const settled = await settle(batchId, request, after);
      return { ...recorded, state: settled };
    },

    /**
     * 发送银行 through the HTTP adapter: the batch is recorded as issued (the digest of the orders as
     * sent: the same on every run), every order without a recorded result is posted (the payment id
     * is the bank's idempotency key, so posting again after a crash pays nothing twice), the final
     * answers are recorded as one result (checked as a result file is) and settled. Whatever a crash
     * left undone is done by sending again.
     */
    async sendViaBank(batchId: string, request: RequestContext, after?: (step: SettlementStep) => void) {
      if (!bank) throw new RuleViolationError('未配置银行接口（BANK_ADAPTER=http），请下载支付文件交银行，再导入银行的结果文件', 'payment.no_bank_interface');
      const batch = await loadBatch(batchId);
      const manage = await mayManage(batch.payerId, request);
      const digest = sha256(renderPaymentFile(batchId, batch.orders.map((o) => ({ paymentId: o.paymentId, account: o.payee.account.blindIndex, accountName: o.payee.accountName, amountFen: o.amountFen, purpose: o.purpose }))));
      await handleCommand(store, paymentBatchDecider, batchStreamId(batchId), { type: 'IssuePaymentFile', sha256: `http:${digest}`, mayManage: manage }, derived(request, `issue-http:${batchId}`));
      const open = batch.orders.filter((o) => !batch.results[o.paymentId]);
      const rows: ResultRow[] = [];
      for (const [index, line] of linesOf(open).entries()) {
        const row = await bank.pay(batchId, line);
        if (row) rows.push(row);
        after?.({ step: 'sent', index });
      }
      let recorded: Awaited<ReturnType<typeof handleCommand>> | null = null;
      if (rows.length) {
        const answers = sha256(JSON.stringify(rows));
        recorded = await handleCommand(store, paymentBatchDecider, batchStreamId(batchId), { type: 'RecordPaymentResults', resultFile: `http:${answers}`, fileBatchId: batchId, rows, mayManage: manage }, derived(request, `record-http:${batchId}:${answers}`));
      }
      after?.({ step: 'recorded' });
      const state = await settle(batchId, request, after);
      return { sent: open.length, answered: rows.length, pending: open.length - rows.length, recorded, state };
    },

    /**
     * 作废 a batch that never reached the bank (open, or closed with no payment file issued or sent),
     * by its payer or an authority above, with the reason: PaymentBatchVoided on the batch first (so
     * from then on no file, send or result file is taken: a download or import racing it conflicts on
     * the batch's revision and is refused), then every record's order released through its source (in
     * appends of up to OUTCOMES_PER_APPEND records, each release's command id derived from the batch
     * and the payment), then PaymentOrdersReleased. A crash part-way is finished by voiding again.
     * Refused, nothing written, when a source of its orders cannot release (no decideReleases).
     */
    async void(batchId: string, reason: string, request: RequestContext) {
      const batch = await loadBatch(batchId);
      const manage = await mayManage(batch.payerId, request);
      const unable = [...new Set(batch.orders.map((o) => sourceOf(o)).filter((s) => !s.decideReleases).map((s) => s.label))];
      if (manage && unable.length && batch.status !== 'voided') throw new RuleViolationError(`本批次含${unable.join('、')}的支付指令，该模块尚不能释放支付指令，批次不能作废`, 'payment.cannot_release');
      const voided = await handleCommand(store, paymentBatchDecider, batchStreamId(batchId), { type: 'VoidPaymentBatch', reason, mayManage: manage }, request);
      const state = await loadBatch(batchId);
      if (state.status !== 'voided' || state.voided?.released) return { ...voided, state };
      const why = state.voided?.reason ?? reason;
      for (let from = 0; from < state.orders.length; from += OUTCOMES_PER_APPEND) {
        const part = state.orders.slice(from, from + OUTCOMES_PER_APPEND);
        // Conflicts (a record changed meanwhile) are decided again on the records read anew.
        for (let attempt = 0; ; attempt++) {
          const bySource = new Map<PayableSource, ReleaseItem[]>();
          for (const order of part) {
            const source = sourceOf(order);
            const items = bySource.get(source) ?? [];
            items.push({ order, request: derived(request, `release:${batchId}:${order.paymentId}`) });
            bySource.set(source, items);
          }
          const appends: StreamAppend[] = [];
          for (const [source, items] of bySource) appends.push(...(await source.decideReleases!(items, batchId, why)));
          if (appends.length === 0) break;
          try {
            await store.appendToStreams(appends);
            break;
          } catch (error) {
            if (!(error instanceof WrongExpectedRevisionError) || attempt >= 5) throw error;
          }
        }
      }
      await handleCommand(store, paymentBatchDecider, batchStreamId(batchId), { type: 'MarkOrdersReleased' }, derived(request, `released:${batchId}`));
      return { ...voided, state: await loadBatch(batchId) };
    },

    settle,
    load: loadBatch,
    /** The payable sources the modules declared (their manifests' `payables`). */
    sources,
  };
}

export type PaymentBatchCommands = ReturnType<typeof paymentBatchCommands>;
