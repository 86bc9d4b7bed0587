// 资助发放 (issue 15 §4, through issue 14's funds, batches and reconciliation): an approved application's
// disbursement plan becomes instalments, each reserved on the payer's 学生资助资金 fund at approval
// (reservation `school-aid:<applicationId>#<no>`, so each instalment has its own payment id), payable
// from its date to the student's social-security-card financial account the school records, ordered
// by a payment batch and settled with the bank's result. A failed instalment's amount goes back to
// the fund (the batch's settlement); it is re-issued once the school records a different account,
// under a new reservation (and so a new payment id).
import type { ProtectedValue } from '../personal-data/protected-value';
import { chinaDate, type IsoDate } from '../personal-data/normalize';
import { paymentIdOf } from '../payment-batch/batch';
import type { CommandContext, Decider, DomainEvent } from '../shared/decider';
import type { StatusSegment } from '../student/student';
import { statusOnDay } from '../student/student-status-on';
import { ForbiddenError, NotFoundError, RuleViolationError } from '../shared/errors';
import type { Fen } from '../shared/money';

export type InstalmentPayment = {
  paymentId: string;
  batchId: string;
  amountFen: Fen;
  status: 'ordered' | 'paid' | 'failed';
  bankRef: string | null;
  reason: string | null;
  on: IsoDate | null;
  /** The account it was sent to (blind index): a re-issue needs a different one. */
  accountBlindIndex: string | null;
};
/** Why an instalment is not paid at all: the student was not attending on its date. */
export type InstalmentStop = { reason: string; phase: 'suspended' | 'left'; since: IsoDate };
export type Instalment = { no: number; on: IsoDate; amountFen: Fen; reservationId: string; payment: InstalmentPayment | null; failedBefore: InstalmentPayment[]; stopped?: InstalmentStop | null };
export type PayoutAccount = { account: ProtectedValue; accountName: string; personKey: string; idMasked: string };
export type Payout = { fundId: string; instalments: Instalment[]; account: PayoutAccount | null };

/**
 * The reservation of an instalment: named by the approval that planned it (`attempt`: the approving
 * command's id, the same on every retry of that command, so a retry reserves nothing twice, while an
 * approval refused part-way (the later instalments not covered) and tried again later reserves
 * afresh instead of meeting its released reservations), or by the re-issue's round.
 */
export const instalmentReservationId = (applicationId: string, no: number, attempt: string) => `school-aid:${applicationId}#${no}:${attempt}`;

export type SchoolAidPayoutPlanned = DomainEvent<'SchoolAidPayoutPlanned', { fundId: string; instalments: { no: number; on: IsoDate; amountFen: Fen; reservationId: string }[] }>;
export type SchoolAidPayoutAccountRecorded = DomainEvent<'SchoolAidPayoutAccountRecorded', PayoutAccount>;
export type SchoolAidInstalmentOrdered = DomainEvent<'SchoolAidInstalmentOrdered', { no: number; paymentId: string; batchId: string; amountFen: Fen }>;
export type SchoolAidInstalmentPaid = DomainEvent<'SchoolAidInstalmentPaid', { no: number; paymentId: string; batchId: string; bankRef: string; paidOn: IsoDate }>;
export type SchoolAidInstalmentFailed = DomainEvent<'SchoolAidInstalmentFailed', { no: number; paymentId: string; batchId: string; reason: string; failedOn: IsoDate }>;
/** The batch that ordered it was voided before reaching the bank (作废): the instalment is due again, under the same payment id. */
export type SchoolAidInstalmentReleased = DomainEvent<'SchoolAidInstalmentReleased', { no: number; paymentId: string; batchId: string; reason: string }>;
/** A failed instalment reserved again (a different account recorded): paid under the new reservation's payment id. */
export type SchoolAidInstalmentReissued = DomainEvent<'SchoolAidInstalmentReissued', { no: number; failedPaymentId: string; reservationId: string }>;
/**
 * An instalment not paid because on its date the student was suspended or had left school: aid is
 * for the student in school on the day it is paid (its reservation is released).
 */
export type SchoolAidInstalmentStopped = DomainEvent<'SchoolAidInstalmentStopped', { no: number; reservationId: string; amountFen: Fen } & InstalmentStop>;
export type PayoutEvent = SchoolAidPayoutPlanned | SchoolAidPayoutAccountRecorded | SchoolAidInstalmentOrdered | SchoolAidInstalmentPaid | SchoolAidInstalmentFailed | SchoolAidInstalmentReissued | SchoolAidInstalmentStopped | SchoolAidInstalmentReleased;

export type PayoutCommand =
  | { type: 'RecordSchoolAidPayoutAccount'; account: PayoutAccount; schoolId: string }
  | { type: 'OrderSchoolAidInstalments'; batchId: string; today: IsoDate }
  | { type: 'RecordSchoolAidPaymentOutcome'; paymentId: string; batchId: string; status: 'paid' | 'failed'; bankRef: string; reason: string }
  | { type: 'ReleaseSchoolAidInstalment'; paymentId: string; batchId: string; reason: string }
  | { type: 'ReissueSchoolAidInstalment'; no: number; mayHandle: boolean }
  /** Before instalments are ordered: the student's status segments as their stream records them now. */
  | { type: 'CheckSchoolAidInstalments'; today: IsoDate; segments: readonly StatusSegment[] };

const PAYOUT_EVENTS: ReadonlySet<string> = new Set<PayoutEvent['type']>(['SchoolAidPayoutPlanned', 'SchoolAidPayoutAccountRecorded', 'SchoolAidInstalmentOrdered', 'SchoolAidInstalmentPaid', 'SchoolAidInstalmentFailed', 'SchoolAidInstalmentReissued', 'SchoolAidInstalmentStopped', 'SchoolAidInstalmentReleased']);
const PAYOUT_COMMANDS: ReadonlySet<string> = new Set<PayoutCommand['type']>(['RecordSchoolAidPayoutAccount', 'OrderSchoolAidInstalments', 'RecordSchoolAidPaymentOutcome', 'ReissueSchoolAidInstalment', 'CheckSchoolAidInstalments', 'ReleaseSchoolAidInstalment']);
export const isPayoutEvent = (event: { type: string }): event is PayoutEvent => PAYOUT_EVENTS.has(event.type);
export const isPayoutCommand = (command: { type: string }): command is PayoutCommand => PAYOUT_COMMANDS.has(command.type);

/** What the payout rules read of an application (school-aid.ts's state). */
export type PayoutView = { status: string; applicationId: string; schoolId: string; title: string; payout?: Payout | null };

/** Instalments due on `today` that may be ordered now: the account recorded, none ordered or paid yet. */
export function dueInstalments(view: PayoutView, today: IsoDate): Instalment[] {
  const payout = view.payout;
  if (view.status !== 'approved' || !payout?.account) return [];
  return payout.instalments.filter((i) => i.on <= today && !i.payment && !i.stopped);
}

/** The due instalments on whose date the student was suspended or had left school. */
export function instalmentsToStop(view: PayoutView, today: IsoDate, segments: readonly StatusSegment[]): SchoolAidInstalmentStopped[] {
  if (view.status !== 'approved' || !view.payout) return [];
  return view.payout.instalments
    .filter((i) => i.on <= today && !i.payment && !i.stopped)
    .flatMap((i) => {
      // Only a suspension or a departure stops it: a date before the student's registration began
      // was accepted when the application was assessed (a late registration in the term).
      const status = statusOnDay(segments, i.on);
      if (status.phase !== 'suspended' && status.phase !== 'left') return [];
      const reason = `发放日${i.on}学生${status.since}起${status.phase === 'suspended' ? '休学' : '已离校'}，第${i.no}期不予发放`;
      return [{ type: 'SchoolAidInstalmentStopped' as const, data: { no: i.no, reservationId: i.reservationId, amountFen: i.amountFen, reason, phase: status.phase, since: status.since! } }];
    });
}

/** Why an approved application has nothing to pay on a day (null: something is payable). */
export function payoutBlockedReason(view: PayoutView, today: IsoDate): string | null {
  if (view.status !== 'approved' || !view.payout) return '资助申请尚未审批通过';
  if (!view.payout.account) return '院校尚未登记学生的社保卡金融账户';
  if (dueInstalments(view, today).length === 0) {
    const next = view.payout.instalments.find((i) => !i.payment && !i.stopped);
    return next ? `下一期发放日期为${next.on}` : '各期均已生成支付指令或停发';
  }
  return null;
}

export function decidePayout(command: PayoutCommand, view: PayoutView | null, context: CommandContext): PayoutEvent[] {
  if (!view) throw new NotFoundError('资助申请不存在');
  const payout = view.payout;
  switch (command.type) {
    case 'RecordSchoolAidPayoutAccount': {
      if (context.actor.orgId !== view.schoolId || command.schoolId !== view.schoolId) throw new ForbiddenError('只有申请的院校可以登记收款账户');
      if (view.status !== 'approved' || !payout) throw new RuleViolationError('资助申请审批通过后才能登记收款账户', 'school_aid.not_approved');
      if (payout.account?.account.blindIndex === command.account.account.blindIndex && payout.account.accountName === command.account.accountName) return [];
      if (payout.instalments.some((i) => i.payment?.status === 'ordered')) throw new RuleViolationError('有已生成支付指令、尚未回盘的发放，暂不能更换收款账户', 'school_aid.paying');
      return [{ type: 'SchoolAidPayoutAccountRecorded', data: command.account }];
    }
    case 'OrderSchoolAidInstalments': {
      return dueInstalments(view, command.today).map((i) => ({ type: 'SchoolAidInstalmentOrdered', data: { no: i.no, paymentId: paymentIdOf(i.reservationId), batchId: command.batchId, amountFen: i.amountFen } }));
    }
    case 'RecordSchoolAidPaymentOutcome': {
      const instalment = payout?.instalments.find((i) => i.payment?.paymentId === command.paymentId && i.payment.batchId === command.batchId);
      if (!instalment) throw new RuleViolationError('支付结果与本资助申请的支付指令不符', 'school_aid.payment_mismatch');
      if (instalment.payment!.status !== 'ordered') return [];
      const on = chinaDate(context.now);
      return command.status === 'paid'
        ? [{ type: 'SchoolAidInstalmentPaid', data: { no: instalment.no, paymentId: command.paymentId, batchId: command.batchId, bankRef: command.bankRef, paidOn: on } }]
        : [{ type: 'SchoolAidInstalmentFailed', data: { no: instalment.no, paymentId: command.paymentId, batchId: command.batchId, reason: command.reason, failedOn: on } }];
    }
    case 'ReleaseSchoolAidInstalment': {
      const instalment = payout?.instalments.find((i) => i.payment?.paymentId === command.paymentId && i.payment.batchId === command.batchId);
      // Released already, or ordered again by a later batch: nothing to release.
      if (!instalment) return [];
      if (instalment.payment!.status !== 'ordered') throw new RuleViolationError('该支付指令已有银行结果，不能释放', 'school_aid.payment_answered');
      return [{ type: 'SchoolAidInstalmentReleased', data: { no: instalment.no, paymentId: command.paymentId, batchId: command.batchId, reason: command.reason } }];
    }
    case 'CheckSchoolAidInstalments':
      return instalmentsToStop(view, command.today, command.segments);
    case 'ReissueSchoolAidInstalment': {
      const instalment = payout?.instalments.find((i) => i.no === command.no);
      if (!payout || !instalment) throw new NotFoundError('该期发放不存在');
      if (!command.mayHandle) throw new ForbiddenError('只有资金所属单位或其上级可以审批重新发放');
      if (instalment.payment?.status !== 'failed') throw new RuleViolationError('只有支付失败的一期可以重新发放', 'school_aid.not_failed');
      const sentTo = instalment.payment.accountBlindIndex;
      if (!payout.account || payout.account.account.blindIndex === sentTo) throw new RuleViolationError('收款账户与失败时相同，请先登记新的社保卡金融账户', 'school_aid.same_account');
      const round = instalment.failedBefore.length + 1;
      return [{ type: 'SchoolAidInstalmentReissued', data: { no: instalment.no, failedPaymentId: instalment.payment.paymentId, reservationId: instalmentReservationId(view.applicationId, instalment.no, `reissue-${round}`) } }];
    }
  }
}

export function evolvePayout(payout: Payout | null | undefined, event: PayoutEvent): Payout | null {
  if (event.type === 'SchoolAidPayoutPlanned') return { fundId: event.data.fundId, account: payout?.account ?? null, instalments: event.data.instalments.map((i) => ({ ...i, payment: null, failedBefore: [] })) };
  if (!payout) return payout ?? null;
  const update = (no: number, f: (i: Instalment) => Instalment): Payout => ({ ...payout, instalments: payout.instalments.map((i) => (i.no === no ? f(i) : i)) });
  switch (event.type) {
    case 'SchoolAidPayoutAccountRecorded':
      return { ...payout, account: event.data };
    case 'SchoolAidInstalmentOrdered':
      return update(event.data.no, (i) => ({ ...i, payment: { paymentId: event.data.paymentId, batchId: event.data.batchId, amountFen: event.data.amountFen, status: 'ordered', bankRef: null, reason: null, on: null, accountBlindIndex: payout.account?.account.blindIndex ?? null } }));
    case 'SchoolAidInstalmentPaid':
      return update(event.data.no, (i) => (i.payment ? { ...i, payment: { ...i.payment, status: 'paid', bankRef: event.data.bankRef, on: event.data.paidOn } } : i));
    case 'SchoolAidInstalmentFailed':
      return update(event.data.no, (i) => (i.payment ? { ...i, payment: { ...i.payment, status: 'failed', reason: event.data.reason, on: event.data.failedOn } } : i));
    case 'SchoolAidInstalmentReissued':
      return update(event.data.no, (i) => ({ ...i, reservationId: event.data.reservationId, failedBefore: [...i.failedBefore, ...(i.payment ? [i.payment] : [])], payment: null }));
    case 'SchoolAidInstalmentStopped':
      return update(event.data.no, (i) => ({ ...i, stopped: { reason: event.data.reason, phase: event.data.phase, since: event.data.since } }));
    case 'SchoolAidInstalmentReleased':
      return update(event.data.no, (i) => ({ ...i, payment: null }));
  }
}

/**
 * The final approval plans the payout: the approved disbursement plan as instalments, each with its
 * own reservation on `fundId` (the command layer reserves them before the approval is appended).
 */
export function withPayoutPlan<Command, Event extends DomainEvent, State>(decider: Decider<Command, Event, State>, plan: { fundId: string; applicationId: string; attempt: string }): Decider<Command, Event, State> {
  const { fundId, applicationId, attempt } = plan;
  return {
    ...decider,
    decide(command, state, context) {
      const events = decider.decide(command, state, context);
      const approved = events.find((e) => e.type === 'SchoolAidApproved') as (DomainEvent & { data: { disbursements: { on: IsoDate; amountFen: Fen }[] } }) | undefined;
      if (!approved) return events;
      const instalments = approved.data.disbursements.filter((d) => d.amountFen > 0).map((d, i) => ({ no: i + 1, on: d.on, amountFen: d.amountFen, reservationId: instalmentReservationId(applicationId, i + 1, attempt) }));
      const planned: SchoolAidPayoutPlanned = { type: 'SchoolAidPayoutPlanned', data: { fundId, instalments } };
      return [...events, planned as unknown as Event];
    },
  };
}

export const PAYOUT_EVENT_LABELS: Record<PayoutEvent['type'], string> = {
  SchoolAidPayoutPlanned: '资助发放计划（资金已预留）',
  SchoolAidPayoutAccountRecorded: '登记社保卡金融账户',
  SchoolAidInstalmentOrdered: '生成资助支付指令',
  SchoolAidInstalmentPaid: '资助发放成功',
  SchoolAidInstalmentFailed: '资助发放失败',
  SchoolAidInstalmentReissued: '资助重新发放（资金重新预留）',
  SchoolAidInstalmentStopped: '资助停发（发放日学生休学或离校，资金释放）',
  SchoolAidInstalmentReleased: '支付批次作废，资助支付指令已释放',
};
