// The port through which a module's records are paid by payment batches (支付批次). A module whose
// approved records pay money (training funding, school aid, personal subsidies ...) implements one
// PayableSource and declares it in its manifest (`payables` in api/<module>/module.ts); the batch
// knows nothing else of it. The source owns every rule of its record: what is payable on a day, to
// which payee, and what a paid or failed outcome records. The batch owns the orders, the payment id
// (derived from the approval's fund reservation: paymentIdOf), the one atomic append of the batch
// with every record's ordering events, the bank files and the fund's settlement.
import type { ApplicationMoney } from '../../domain/fund/reconciliation';
import type { PaymentOrder } from '../../domain/payment-batch/batch';
import type { IsoDate } from '../../domain/personal-data/normalize';
import type { DomainEvent } from '../../domain/shared/decider';
import type { StreamAppend } from '../../store/event-store/event-store';
import type { RequestContext } from '../pipeline/request-context';

/** What a record contributes to a batch: its orders and the events recording them on its stream, at the revision they were decided on. */
export interface PreparedRecord {
  /** Orders, with `source` set to the module's name and the payment id from `paymentIdOf(reservationId)`. */
  orders: PaymentOrder[];
  /** The record's stream, the revision its state was read at and the events that record the orders (appended in the batch's append). */
  streamId: string;
  expectedRevision: number;
  events: DomainEvent[];
}

/** One order's bank result for `decideOutcomes`, with the request (derived command id) its outcome is recorded under. */
export interface OutcomeItem {
  order: PaymentOrder;
  result: { status: 'paid' | 'failed'; bankRef: string; reason: string };
  request: RequestContext;
}

/** One order of a voided batch to release on its record, with the request (derived command id) it is released under. */
export interface ReleaseItem {
  order: PaymentOrder;
  request: RequestContext;
}

export interface PayableSource {
  /** The module's name (its stream prefix); orders carry it as `source`. */
  module: string;
  /** What is paid (支付批次 shows it), e.g. 机构培训经费. */
  label: string;
  /** Ids of the fund's records that look payable on `today` (China date), from a read model; each is checked again on its stream by `prepare`. */
  candidates(fundId: string, today: IsoDate): Promise<string[]>;
  /**
   * Reads the record's stream and decides its orders for the batch: none when nothing is payable
   * now, with the reasons a user should see in `skipped` (e.g. 培训机构未登记有效的银行账户).
   */
  prepare(recordId: string, batchId: string, today: IsoDate): Promise<{ record: PreparedRecord | null; skipped: string[] }>;
  /** Records a bank result on the record; idempotent (the same result again records nothing). */
  recordOutcome(order: PaymentOrder, batchId: string, result: { status: 'paid' | 'failed'; bankRef: string; reason: string }, request: RequestContext): Promise<void>;
  /**
   * The same for many orders at once, without writing: reads each record's stream and returns what
   * `recordOutcome` would append (nothing for an order whose command id the stream already holds), at
   * the revision read. The settlement appends many records' outcomes in one atomic call, and on a
   * conflict records those orders one by one through `recordOutcome`. Absent: one by one always.
   * `payableOutcomes` (outcomes.ts) makes both from the module's decider.
   */
  decideOutcomes?(items: OutcomeItem[], batchId: string): Promise<StreamAppend[]>;
  /**
   * 作废: the appends that release `items`' orders on their records (a voided batch never reached the
   * bank), so the records are payable again and a later batch orders them (`payableReleases` in
   * outcomes.ts makes it from the module's decider). Absent: a batch holding this source's orders
   * cannot be voided (refused, nothing written).
   */
  decideReleases?(items: ReleaseItem[], batchId: string, reason: string): Promise<StreamAppend[]>;
  /**
   * 对账: the money of a fund reservation this source made (null: not this source's), read from the
   * record's stream: approved, removed, the payment and its outcome, earlier failed payments re-issued.
   */
  money(reservationId: string, applicationId: string): Promise<ApplicationMoney | null>;
  /** 对账 per person: the money of every reservation paying the person (`personKey`: the ID number's blind index); absent when the source pays no people. */
  personMoney?(personKey: string): Promise<ApplicationMoney[]>;
}

// Narrows the training-funding applications of a fund (implemented in projections/subsidy-application/payables.ts,
// wired in api/platform-directories.ts): the candidates of the subsidy-application's source.
export interface PayableApplications {
  /** Ids of the fund's applications that look payable on `today` (China date); each is checked again on its stream. */
  payableApplications(fundId: string, today: string): Promise<string[]>;
}
