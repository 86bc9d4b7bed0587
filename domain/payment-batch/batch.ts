// 支付批次 (issue 14 §3): the payer's orders for approved, published, payable applications, paid
// through the bank's batch files. Each order's payment id derives from the approval's reservation,
// and an application is ordered in the same atomic append as the batch (its stream refuses a
// second order), so nothing is ordered twice. The bank's result file is checked as a whole against
// the batch (another batch's file, an unknown or duplicate payment id, a wrong amount: refused,
// nothing recorded); recorded results are then settled on the fund and the applications, each
// step idempotent, so an interrupted settlement is finished by running it again.
import { v5 as uuidv5 } from 'uuid';
import type { ProtectedValue } from '../personal-data/protected-value';
import { chinaDate, type IsoDate } from '../personal-data/normalize';
import { assertNever, type CommandContext, type Decider, type DomainEvent } from '../shared/decider';
import { ForbiddenError, NotFoundError, RuleViolationError, ValidationError, type FieldError } from '../shared/errors';
import { formatYuan, sumFen, type Fen } from '../shared/money';
import { streamNaming } from '../shared/streams';
import type { ResultRow } from './bank-file';

export const batchStreams = streamNaming('payment-batch');
const PAYMENT_NAMESPACE = '5c0b8a3e-91d2-4f7a-b6e4-2d8f1a9c7e30';

/** The one payment of an approval: the same reservation always gives the same payment id. */
export const paymentIdOf = (reservationId: string) => uuidv5(`payment:${reservationId}`, PAYMENT_NAMESPACE);

/** An institution's bank account (机构培训经费), as its reviewed record held it when the batch was made. */
export type InstitutionPayee = { kind?: 'institution'; institutionId: string; name: string; account: ProtectedValue; accountName: string };
/**
 * A person's social-security-card financial account (社保卡金融账户: a bank account of the card's
 * cooperating bank, so it is encrypted, indexed and masked as the `bankCard` kind). `personKey` is
 * the blind index of the person's ID number: the same person is one key across every module that
 * pays people, without the number in clear (per-person reconciliation groups by it).
 */
export type PersonPayee = { kind: 'person'; personKey: string; idMasked: string; name: string; account: ProtectedValue; accountName: string };
export type Payee = InstitutionPayee | PersonPayee;
export type PayeeKind = NonNullable<Payee['kind']>;
/** Orders written before people were paid carry no kind: they paid institutions. */
export const payeeKind = (payee: Payee): PayeeKind => payee.kind ?? 'institution';
export const PAYEE_KIND_LABELS: Record<PayeeKind, string> = { institution: '机构银行账户', person: '社保卡金融账户' };

/** The module whose record an order pays; orders written before other modules paid have none. */
export const DEFAULT_PAYMENT_SOURCE = 'subsidy-application';
export const orderSource = (order: Pick<PaymentOrder, 'source' | 'paymentId'>) => order.source ?? DEFAULT_PAYMENT_SOURCE;

export type PaymentOrder = {
  paymentId: string;
  /** The payable record's id in its module (`source`): an application, or one instalment's record. */
  applicationId: string;
  /** The module of that record (its stream prefix); absent on orders of training funding written before. */
  source?: string;
  reservationId: string;
  payee: Payee;
  amountFen: Fen;
  purpose: string;
};

export type OrderResult = Omit<ResultRow, 'paymentId' | 'amountFen'> & { recordedOn: IsoDate; resultFile: string };

/**
 * A batch is made in chunks (a 100,000-order batch is more events than the store takes in one
 * append, and one event of it would be ~30 MB): PaymentBatchCreated with `open: true` and no orders
 * opens it, each chunk's orders follow as PaymentOrdersAdded (parts of at most ORDER_PART orders),
 * each chunk in one atomic append with its records' ordering events, and PaymentBatchClosed, with
 * the count and total, makes it complete: only then can its payment file be issued or sent. A batch
 * left open (a crash between chunks) holds its records' orders and is finished by creating again
 * (batch-commands.ts), never paid half-made. Batches written before chunks carry their orders in
 * PaymentBatchCreated (and its parts in the same append) and are complete from it.
 */
export type PaymentBatchCreated = DomainEvent<'PaymentBatchCreated', { batchId: string; payerId: string; fundId: string; orders: PaymentOrder[]; totalFen: Fen; orderCount?: number; parts?: number; open?: boolean }>;
export type PaymentOrdersAdded = DomainEvent<'PaymentOrdersAdded', { part: number; orders: PaymentOrder[] }>;
export type PaymentBatchClosed = DomainEvent<'PaymentBatchClosed', { orderCount: number; totalFen: Fen; parts: number }>;
export type PaymentFileIssued = DomainEvent<'PaymentFileIssued', { sha256: string; issuedOn: IsoDate; count: number; totalFen: Fen }>;
export type PaymentResultsRecorded = DomainEvent<'PaymentResultsRecorded', { resultFile: string; results: ResultRow[]; paidFen: Fen; failedFen: Fen; recordedOn: IsoDate }>;
/** The results of one result file are on the fund and the applications. */
export type PaymentResultsSettled = DomainEvent<'PaymentResultsSettled', { resultFile: string }>;
/**
 * 作废: a batch that never reached the bank (open, or closed with no payment file issued or sent) is
 * voided by its payer or an authority above, with the reason; its records' orders are released by
 * their sources (commands/payment-batch/batch-commands.ts) so a later batch pays them, and nothing
 * of the batch is ever paid: no file, no send, no result file after this event.
 */
export type PaymentBatchVoided = DomainEvent<'PaymentBatchVoided', { reason: string; orderCount: number; totalFen: Fen }>;
/** Every record ordered by a voided batch is released on its own stream (done by the batch's command; a crash part-way is finished by voiding again). */
export type PaymentOrdersReleased = DomainEvent<'PaymentOrdersReleased', { orderCount: number }>;
export type PaymentBatchEvent = PaymentBatchCreated | PaymentOrdersAdded | PaymentBatchClosed | PaymentFileIssued | PaymentResultsRecorded | PaymentResultsSettled | PaymentBatchVoided | PaymentOrdersReleased;

/** Orders per event of a batch (its creation, its recorded results). */
export const ORDER_PART = 5_000;
const partsOf = <T>(items: readonly T[]) => Array.from({ length: Math.max(1, Math.ceil(items.length / ORDER_PART)) }, (_, i) => items.slice(i * ORDER_PART, (i + 1) * ORDER_PART));

export type PaymentBatchState =
  | { status: 'none' }
  | {
      /** opening: created in chunks and not yet closed (no file can be issued, nothing is paid). */
      /** voided: 作废 before it reached the bank (nothing of it is ever paid). */
      status: 'opening' | 'created' | 'issued' | 'completed' | 'voided';
      batchId: string;
      payerId: string;
      fundId: string;
      orders: PaymentOrder[];
      totalFen: Fen;
      /** Order events written (PaymentOrdersAdded), numbering the next part. */
      parts?: number;
      issued: { sha256: string; issuedOn: IsoDate } | null;
      results: Record<string, OrderResult>;
      /** Result files recorded (sha-256), and those whose settlement is done. */
      resultFiles: string[];
      settledFiles: string[];
      /** Why it was voided, and whether its records' orders are all released. */
      voided?: { reason: string; released: boolean };
    };
export type ActiveBatch = Exclude<PaymentBatchState, { status: 'none' }>;

export type PaymentBatchCommand =
  /** Opens a batch with its first chunk of orders. */
  | { type: 'CreatePaymentBatch'; batchId: string; payerId: string; fundId: string; orders: PaymentOrder[]; mayManage: boolean }
  /** One more chunk of an open batch. */
  | { type: 'AddPaymentOrders'; orders: PaymentOrder[]; mayManage: boolean }
  /** Every chunk is written: the batch is complete (count and total) and may be issued. */
  | { type: 'ClosePaymentBatch'; mayManage: boolean }
  | { type: 'IssuePaymentFile'; sha256: string; mayManage: boolean }
  | { type: 'RecordPaymentResults'; resultFile: string; fileBatchId: string; rows: ResultRow[]; mayManage: boolean }
  | { type: 'MarkResultsSettled'; resultFile: string }
  /** 作废 a batch that never reached the bank. */
  | { type: 'VoidPaymentBatch'; reason: string; mayManage: boolean }
  /** Its records' orders are released (after the sources released them). */
  | { type: 'MarkOrdersReleased' };

const requireBatch = (state: PaymentBatchState): ActiveBatch => {
  if (state.status === 'none') throw new NotFoundError('支付批次不存在');
  return state;
};
/** A voided batch is paid in no way: no file, no send, no result file. */
const requireNotVoided = (state: PaymentBatchState): ActiveBatch => {
  const batch = requireBatch(state);
  if (batch.status === 'voided') throw new RuleViolationError(`该支付批次已作废（${batch.voided?.reason ?? ''}），不能生成支付文件、发送银行或导入支付结果，其支付指令已释放，可在新的支付批次中支付`, 'payment.batch_voided');
  return batch;
};
/** A batch whose creation has not finished (a crash between chunks) is paid in no way until it is closed. */
const requireClosed = (state: PaymentBatchState): ActiveBatch => {
  const batch = requireNotVoided(state);
  if (batch.status === 'opening') throw new RuleViolationError(`支付批次尚未生成完毕（已写入${batch.orders.length}笔），不能生成支付文件或导入结果；请对该资金再次生成支付批次以完成本批次`, 'payment.batch_open');
  return batch;
};

/** Refuses a payment id twice, within the orders or against the batch's earlier chunks. */
function requireDistinct(orders: readonly PaymentOrder[], earlier: readonly PaymentOrder[]) {
  const ids = new Set(earlier.map((o) => o.paymentId));
  for (const o of orders) {
    if (ids.has(o.paymentId)) throw new RuleViolationError('同一笔支付不能在批次中出现两次', 'payment.duplicate_order');
    ids.add(o.paymentId);
  }
}

/**
 * What a batch stands at: every order is paid, failed, pending or, in a voided batch (never sent,
 * its orders released to later batches), voided, to the fen.
 */
export function batchFigures(batch: Pick<ActiveBatch, 'orders' | 'results' | 'status'>) {
  let paidFen = 0;
  let failedFen = 0;
  let pendingFen = 0;
  let voidedFen = 0;
  for (const o of batch.orders) {
    const r = batch.results[o.paymentId];
    if (!r) {
      if (batch.status === 'voided') voidedFen += o.amountFen;
      else pendingFen += o.amountFen;
    } else if (r.status === 'paid') paidFen += o.amountFen;
    else failedFen += o.amountFen;
  }
  return { totalFen: sumFen(batch.orders.map((o) => o.amountFen)), paidFen, failedFen, pendingFen, voidedFen };
}

function recordResults(batch: ActiveBatch, command: Extract<PaymentBatchCommand, { type: 'RecordPaymentResults' }>, context: CommandContext): PaymentBatchEvent[] {
  if (batch.resultFiles.includes(command.resultFile)) return [];
  if (command.fileBatchId !== batch.batchId) throw new RuleViolationError(`该结果文件属于另一支付批次（${command.fileBatchId}），不是本批次（${batch.batchId}）的结果，未导入`, 'payment.other_batch');
  if (!batch.issued) throw new RuleViolationError('本批次尚未生成支付文件，不能导入支付结果', 'payment.not_issued');
  const orders = new Map(batch.orders.map((o) => [o.paymentId, o]));
  const problems: FieldError[] = [];
  const fresh: ResultRow[] = [];
  command.rows.forEach((row, i) => {
    const order = orders.get(row.paymentId);
    if (!order) return void problems.push({ field: `rows.${i}`, message: `支付编号${row.paymentId}不在本批次中` });
    if (row.amountFen !== order.amountFen) return void problems.push({ field: `rows.${i}`, message: `支付编号${row.paymentId}的金额${formatYuan(row.amountFen)}与支付指令${formatYuan(order.amountFen)}不符` });
    const earlier = batch.results[row.paymentId];
    if (earlier && earlier.status !== row.status) return void problems.push({ field: `rows.${i}`, message: `支付编号${row.paymentId}已有不同的支付结果（${earlier.status === 'paid' ? '已支付' : '支付失败'}）` });
    if (!earlier) fresh.push(row);
  });
  if (problems.length) throw new ValidationError(problems, '支付结果文件与本批次不符，未导入任何结果');
  if (fresh.length === 0) return [];
  // In parts, as the orders are: one file's results are recorded by consecutive events of one append.
  const recordedOn = chinaDate(context.now);
  return partsOf(fresh).map((results) => {
    const paidFen = sumFen(results.filter((r) => r.status === 'paid').map((r) => r.amountFen));
    const failedFen = sumFen(results.filter((r) => r.status === 'failed').map((r) => r.amountFen));
    return { type: 'PaymentResultsRecorded', data: { resultFile: command.resultFile, results, paidFen, failedFen, recordedOn } };
  });
}

const ordersAdded = (orders: readonly PaymentOrder[], partsBefore: number): PaymentOrdersAdded[] =>
  orders.length === 0 ? [] : partsOf(orders).map((part, i) => ({ type: 'PaymentOrdersAdded', data: { part: partsBefore + i + 1, orders: part } }));

function decide(command: PaymentBatchCommand, state: PaymentBatchState, context: CommandContext): PaymentBatchEvent[] {
  switch (command.type) {
    case 'CreatePaymentBatch': {
      if (state.status !== 'none') return [];
      if (!command.mayManage) throw new ForbiddenError('只能为本单位或下级单位的资金生成支付批次');
      if (command.orders.length === 0) throw new RuleViolationError('没有可支付的申报（须审核通过、公示期满且异议已处理）', 'payment.nothing_payable');
      requireDistinct(command.orders, []);
      const { batchId, payerId, fundId, orders } = command;
      return [{ type: 'PaymentBatchCreated', data: { batchId, payerId, fundId, orders: [], totalFen: 0, open: true } }, ...ordersAdded(orders, 0)];
    }
    case 'AddPaymentOrders': {
      const batch = requireNotVoided(state);
      if (!command.mayManage) throw new ForbiddenError('只能为本单位或下级单位的资金生成支付批次');
      if (batch.status !== 'opening') throw new RuleViolationError('支付批次已生成完毕，不能再加入支付指令，请再生成一个支付批次', 'payment.batch_closed');
      if (command.orders.length === 0) return [];
      requireDistinct(command.orders, batch.orders);
      return ordersAdded(command.orders, batch.parts ?? 0);
    }
    case 'ClosePaymentBatch': {
      const batch = requireNotVoided(state);
      if (batch.status !== 'opening') return [];
      if (!command.mayManage) throw new ForbiddenError('只能为本单位或下级单位的资金生成支付批次');
      return [{ type: 'PaymentBatchClosed', data: { orderCount: batch.orders.length, totalFen: sumFen(batch.orders.map((o) => o.amountFen)), parts: batch.parts ?? 0 } }];
    }
    case 'IssuePaymentFile': {
      const batch = requireClosed(state);
      if (!command.mayManage) throw new ForbiddenError('只有支付单位可以生成支付文件');
      if (batch.issued?.sha256 === command.sha256) return [];
      if (Object.keys(batch.results).length > 0) throw new RuleViolationError('本批次已导入支付结果，不能再生成支付文件', 'payment.results_recorded');
      return [{ type: 'PaymentFileIssued', data: { sha256: command.sha256, issuedOn: chinaDate(context.now), count: batch.orders.length, totalFen: batch.totalFen } }];
    }
    case 'RecordPaymentResults': {
      const batch = requireClosed(state);
      if (!command.mayManage) throw new ForbiddenError('只有支付单位可以导入支付结果');
      return recordResults(batch, command, context);
    }
    case 'MarkResultsSettled': {
      const batch = requireBatch(state);
      if (batch.settledFiles.includes(command.resultFile) || !batch.resultFiles.includes(command.resultFile)) return [];
      return [{ type: 'PaymentResultsSettled', data: { resultFile: command.resultFile } }];
    }
    case 'VoidPaymentBatch': {
      const batch = requireBatch(state);
      if (batch.status === 'voided') return [];
      if (!command.mayManage) throw new ForbiddenError('只能作废本单位或下级单位资金的支付批次');
      const reason = command.reason.trim();
      if (!reason) throw new ValidationError([{ field: 'reason', message: '请填写作废原因' }], '请填写作废原因');
      if (batch.issued) throw new RuleViolationError(`支付批次已于${batch.issued.issuedOn}生成支付文件（或已发送银行），不能作废：银行可能已按该文件支付，请导入银行的结果文件`, 'payment.batch_issued');
      if (Object.keys(batch.results).length > 0) throw new RuleViolationError('本批次已导入支付结果，不能作废', 'payment.results_recorded');
      return [{ type: 'PaymentBatchVoided', data: { reason, orderCount: batch.orders.length, totalFen: sumFen(batch.orders.map((o) => o.amountFen)) } }];
    }
    case 'MarkOrdersReleased': {
      const batch = requireBatch(state);
      if (batch.status !== 'voided' || batch.voided?.released) return [];
      return [{ type: 'PaymentOrdersReleased', data: { orderCount: batch.orders.length } }];
    }
    default:
      return assertNever(command);
  }
}

function evolve(state: PaymentBatchState, event: PaymentBatchEvent): PaymentBatchState {
  if (event.type === 'PaymentBatchCreated') {
    const { batchId, payerId, fundId, orders, totalFen, open } = event.data;
    // A copy: the chunks after it are pushed onto the state's array, never onto the event's.
    return { status: open ? 'opening' : 'created', batchId, payerId, fundId, orders: [...orders], totalFen, parts: 0, issued: null, results: {}, resultFiles: [], settledFiles: [] };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'PaymentOrdersAdded': {
      // Pushed in place below a fresh state object: concatenating 20 chunks of 5,000 would copy the orders 20 times.
      const orders = state.orders;
      for (const o of event.data.orders) orders.push(o);
      // A batch of before chunks kept its total on PaymentBatchCreated; an open one adds up as it goes.
      const totalFen = state.status === 'opening' ? state.totalFen + sumFen(event.data.orders.map((o) => o.amountFen)) : state.totalFen;
      return { ...state, orders, totalFen, parts: (state.parts ?? 0) + 1 };
    }
    case 'PaymentBatchClosed':
      return { ...state, status: 'created', totalFen: event.data.totalFen };
    case 'PaymentFileIssued':
      return { ...state, status: state.status === 'created' ? 'issued' : state.status, issued: { sha256: event.data.sha256, issuedOn: event.data.issuedOn } };
    case 'PaymentResultsRecorded': {
      // Mutated in place below a fresh state object: a 100,000-order batch records its results in 20 parts, and copying the map each time would be quadratic.
      const results = state.results;
      for (const r of event.data.results) results[r.paymentId] = { status: r.status, bankRef: r.bankRef, reason: r.reason, recordedOn: event.data.recordedOn, resultFile: event.data.resultFile };
      const completed = Object.keys(results).length >= state.orders.length && state.orders.every((o) => results[o.paymentId]);
      const resultFiles = state.resultFiles.includes(event.data.resultFile) ? state.resultFiles : [...state.resultFiles, event.data.resultFile];
      return { ...state, results, resultFiles, status: completed ? 'completed' : state.status };
    }
    case 'PaymentResultsSettled':
      return { ...state, settledFiles: [...state.settledFiles, event.data.resultFile] };
    case 'PaymentBatchVoided':
      return { ...state, status: 'voided', totalFen: event.data.totalFen, voided: { reason: event.data.reason, released: false } };
    case 'PaymentOrdersReleased':
      return { ...state, voided: { reason: state.voided?.reason ?? '', released: true } };
    default:
      return assertNever(event);
  }
}

export const paymentBatchDecider: Decider<PaymentBatchCommand, PaymentBatchEvent, PaymentBatchState> = {
  initialState: () => ({ status: 'none' }),
  evolve,
  decide,
};

export const PAYMENT_BATCH_EVENT_LABELS: Record<PaymentBatchEvent['type'], string> = {
  PaymentBatchCreated: '生成支付批次',
  PaymentOrdersAdded: '支付批次的后续支付指令',
  PaymentBatchClosed: '支付批次生成完毕',
  PaymentFileIssued: '生成支付文件',
  PaymentResultsRecorded: '导入支付结果',
  PaymentResultsSettled: '支付结果结算完成',
  PaymentBatchVoided: '作废支付批次',
  PaymentOrdersReleased: '作废批次的支付指令已释放',
};
export const PAYMENT_BATCH_STATUS_LABELS: Record<PaymentBatchState['status'], string> = { none: '无', opening: '生成中（未完成）', created: '已生成', issued: '已发送银行', completed: '已全部回盘', voided: '已作废' };
export const PAYMENT_BATCH_FIELD_LABELS: Record<string, string> = {
  batchId: '批次号',
  payerId: '支付单位',
  fundId: '资金',
  orders: '支付指令',
  totalFen: '合计（分）',
  issued: '支付文件',
  results: '支付结果',
  resultFiles: '结果文件',
  settledFiles: '已结算的结果文件',
  sha256: '文件摘要',
  paidFen: '支付成功（分）',
  failedFen: '支付失败（分）',
  voided: '作废',
  reason: '原因',
};
