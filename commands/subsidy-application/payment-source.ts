// 机构培训经费 as a payable source of payment batches (commands/payment-batch/payables.ts): an
// application is payable once approved, its 公示 over and every objection resolved, to the bank account
// on the institution's effective (reviewed) record; the application's own decider orders it
// (TrainingFundingPaymentOrdered) and records the bank's outcome.
import { institutionDecider, institutionStreams } from '../../domain/institution/institution';
import { paymentIdOf } from '../../domain/payment-batch/batch';
import type { IsoDate } from '../../domain/personal-data/normalize';
import { applicationStreams, subsidyApplicationDecider, unpayableReason } from '../../domain/subsidy-application/application';
import type { EventStore } from '../../store/event-store/event-store';
import { foldEvents, loadState } from '../../store/fold';
import type { PayableApplications, PayableSource } from '../payment-batch/payables';
import { payableOutcomes, payableReleases } from '../payment-batch/outcomes';

export function trainingFundingPayables(deps: { store: EventStore; applications: PayableApplications }): PayableSource {
  const { store } = deps;
  return {
    module: applicationStreams.module,
    label: '机构培训经费',
    candidates: (fundId, today) => deps.applications.payableApplications(fundId, today),

    async prepare(applicationId: string, batchId: string, today: IsoDate) {
      const streamId = applicationStreams.streamId(applicationId);
      const events = await store.readStream(streamId);
      const app = foldEvents(subsidyApplicationDecider, events);
      if (app.status !== 'active' || !app.reservation) return { record: null, skipped: [] };
      const why = unpayableReason(app, today);
      if (why) return { record: null, skipped: [`${app.className}：${why}`] };
      const institution = await loadState(store, institutionDecider, institutionStreams.streamId(app.institutionId));
      const details = institution.status === 'registered' ? institution.effective : null;
      if (!details?.bankAccount) return { record: null, skipped: [`${app.className}：培训机构未登记有效的银行账户`] };
      const paymentId = paymentIdOf(app.reservation.reservationId);
      const decided = subsidyApplicationDecider.decide({ type: 'OrderPayment', paymentId, batchId, today }, app, { actor: { id: 'batch', role: 'system', orgId: null }, now: `${today}T00:00:00.000Z` });
      const ordered = decided.find((e) => e.type === 'TrainingFundingPaymentOrdered');
      if (!ordered || ordered.type !== 'TrainingFundingPaymentOrdered') return { record: null, skipped: [] };
      return {
        record: {
          orders: [{
            paymentId,
            applicationId,
            source: applicationStreams.module,
            reservationId: app.reservation.reservationId,
            payee: { kind: 'institution', institutionId: app.institutionId, name: details.name, account: details.bankAccount, accountName: details.bankAccountName },
            amountFen: ordered.data.amountFen,
            purpose: `${app.classNo}机构培训经费`,
          }],
          streamId,
          expectedRevision: events.length - 1,
          events: decided,
        },
        skipped: [],
      };
    },

    async money(reservationId) {
      // A training-funding reservation id is `<applicationId>#<round>` (reservationIdOf), or `#reissue-<n>`.
      const applicationId = reservationId.split('#')[0]!;
      if (!/^[0-9a-f-]{36}$/.test(applicationId)) return null;
      const app = await loadState(store, subsidyApplicationDecider, applicationStreams.streamId(applicationId));
      if (app.status !== 'active' || app.reservation?.reservationId !== reservationId) return null;
      return {
        applicationId: app.applicationId,
        className: app.className,
        reservationId,
        approvedFen: app.reservation.amountFen,
        removedFen: app.removedFen,
        revoked: app.revoked,
        payment: app.payment && { paymentId: app.payment.paymentId, batchId: app.payment.batchId, status: app.payment.status, amountFen: app.payment.amountFen },
        failedBefore: (app.failedPayments ?? []).map((p) => ({ paymentId: p.paymentId, batchId: p.batchId, amountFen: p.amountFen })),
      };
    },

    ...payableOutcomes(store, subsidyApplicationDecider, (order) => applicationStreams.streamId(order.applicationId), (order, batchId, result) => ({
      type: 'RecordPaymentOutcome' as const,
      paymentId: order.paymentId,
      batchId,
      status: result.status,
      bankRef: result.bankRef,
      reason: result.reason,
    })),
    ...payableReleases(store, subsidyApplicationDecider, (order) => applicationStreams.streamId(order.applicationId), (order, batchId, reason) => ({
      type: 'ReleasePaymentOrder' as const,
      paymentId: order.paymentId,
      batchId,
      reason,
    })),
  };
}
