// 个人补贴 as a payable source of payment batches (commands/payment-batch/payables.ts): the application
// in hand on a person's stream is payable once approved, its 公示 over and every objection resolved,
// to the person's social-security-card financial account. That account is the bank card on the
// trainee's record as its last review left it (学员信息's 银行账号, encrypted and masked as a bank
// card): the trainee module keeps no separate card field, and a change of it is reviewed like any
// change of the person. The stream's own decider orders the payment and records the bank's outcome.
import { paymentIdOf } from '../../domain/payment-batch/batch';
import type { IsoDate } from '../../domain/personal-data/normalize';
import { PERSONAL_SUBSIDY_KIND_LABELS } from '../../domain/personal-subsidy/calculation';
import { personalSubsidyDecider, personalSubsidyStreams, subsidyIdOfReservation, type ActivePersonalSubsidy, type PersonalApplication } from '../../domain/personal-subsidy/personal-subsidy';
import { traineeDecider, traineeStreams } from '../../domain/trainee/trainee';
import type { ApplicationMoney } from '../../domain/fund/reconciliation';
import type { EventStore } from '../../store/event-store/event-store';
import { foldEvents, loadState } from '../../store/fold';
import type { PayableSource } from '../payment-batch/payables';
import { payableOutcomes, payableReleases } from '../payment-batch/outcomes';

/** An approved application's money (null before its approval reserved): approved = paid + failed + removed + pending. */
function moneyOf(state: ActivePersonalSubsidy, application: PersonalApplication): ApplicationMoney | null {
  if (!application.reservation) return null;
  const { payment, reservation } = application;
  return {
    applicationId: state.subsidyId,
    streamId: personalSubsidyStreams.streamId(state.subsidyId),
    className: `${state.personName} ${PERSONAL_SUBSIDY_KIND_LABELS[state.kind]}`,
    reservationId: reservation.reservationId,
    approvedFen: reservation.amountFen,
    removedFen: application.revoked ? reservation.amountFen : 0,
    revoked: application.revoked,
    payment: payment && { paymentId: payment.paymentId, batchId: payment.batchId, status: payment.status, amountFen: payment.amountFen },
    failedBefore: (application.failedPayments ?? []).map((p) => ({ paymentId: p.paymentId, batchId: p.batchId, amountFen: p.amountFen })),
  };
}

export function personalSubsidyPayables(deps: { store: EventStore; candidates: (fundId: string, today: IsoDate) => Promise<string[]>; ofPerson: (personKey: string) => Promise<string[]> }): PayableSource {
  const { store } = deps;
  const load = (subsidyId: string) => loadState(store, personalSubsidyDecider, personalSubsidyStreams.streamId(subsidyId));
  const source = {
    module: personalSubsidyStreams.module,
    label: '个人补贴',
    candidates: deps.candidates,

    async prepare(subsidyId: string, batchId: string, today: IsoDate) {
      const streamId = personalSubsidyStreams.streamId(subsidyId);
      const events = await store.readStream(streamId);
      const state = foldEvents(personalSubsidyDecider, events);
      if (state.status !== 'active' || !state.current.reservation) return { record: null, skipped: [] };
      const { current, personName, kind } = state;
      const what = `${personName}${PERSONAL_SUBSIDY_KIND_LABELS[kind]}`;
      const reservation = current.reservation!;
      const trainee = await loadState(store, traineeDecider, traineeStreams.streamId(state.personId));
      const person = trainee.status === 'registered' && trainee.review.status === 'approved' ? trainee.person : null;
      // An approved re-issue pays the account it was given; otherwise the trainee record's card.
      const account = current.payee?.account ?? person?.bankAccount;
      const accountName = current.payee?.accountName ?? person?.name;
      if (!person || !account || !accountName) return { record: null, skipped: [`${what}：学员信息中没有审核生效的社保卡金融账户（银行账号）`] };
      const paymentId = paymentIdOf(reservation.reservationId);
      let decided;
      try {
        decided = personalSubsidyDecider.decide({ type: 'OrderPersonalSubsidyPayment', paymentId, batchId, today }, state, { actor: { id: 'batch', role: 'system', orgId: null }, now: `${today}T00:00:00.000Z` });
      } catch (error) {
        return { record: null, skipped: [`${what}：${(error as Error).message}`] };
      }
      const ordered = decided.find((e) => e.type === 'PersonalSubsidyPaymentOrdered');
      if (!ordered || ordered.type !== 'PersonalSubsidyPaymentOrdered') return { record: null, skipped: [] };
      return {
        record: {
          orders: [
            {
              paymentId,
              applicationId: subsidyId,
              source: personalSubsidyStreams.module,
              reservationId: reservation.reservationId,
              payee: { kind: 'person' as const, personKey: person.idNumber.blindIndex, idMasked: person.idNumber.masked, name: person.name, account, accountName },
              amountFen: ordered.data.amountFen,
              purpose: PERSONAL_SUBSIDY_KIND_LABELS[kind],
            },
          ],
          streamId,
          expectedRevision: events.length - 1,
          events: decided,
        },
        skipped: [],
      };
    },

    ...payableOutcomes(store, personalSubsidyDecider, (order) => personalSubsidyStreams.streamId(order.applicationId), (order, batchId, result) => ({
      type: 'RecordPersonalSubsidyPaymentOutcome' as const,
      paymentId: order.paymentId,
      batchId,
      status: result.status,
      bankRef: result.bankRef,
      reason: result.reason,
    })),
    ...payableReleases(store, personalSubsidyDecider, (order) => personalSubsidyStreams.streamId(order.applicationId), (order, batchId, reason) => ({
      type: 'ReleasePersonalSubsidyPaymentOrder' as const,
      paymentId: order.paymentId,
      batchId,
      reason,
    })),

    /** 对账: the money of one of this source's reservations (the reservation id names the person's record). */
    async money(reservationId: string): Promise<ApplicationMoney | null> {
      const subsidyId = subsidyIdOfReservation(reservationId);
      if (!subsidyId) return null;
      const state = await load(subsidyId);
      if (state.status !== 'active') return null;
      const application = [state.current, ...state.history].find((a) => a.reservation?.reservationId === reservationId);
      return application ? moneyOf(state, application) : null;
    },

    /** 对账 per person: every approved application of every kind of the person (earlier ones and the one in hand). */
    async personMoney(personKey: string): Promise<ApplicationMoney[]> {
      const out: ApplicationMoney[] = [];
      for (const subsidyId of await deps.ofPerson(personKey)) {
        const state = await load(subsidyId);
        if (state.status !== 'active') continue;
        for (const application of [...state.history, state.current]) {
          const money = moneyOf(state, application);
          if (money) out.push(money);
        }
      }
      return out;
    },
  };
  return source;
}
