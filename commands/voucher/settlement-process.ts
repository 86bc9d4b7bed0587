// Settling vouchers (issue 14 §4): when a class's training-funding application is approved, every
// place the calculation settled against a voucher marks that voucher settled with its amount, on
// the holder's stream. A process manager over the applications' approvals (checkpointed, at least
// once): each command id derives from the approval event, so a repeated batch writes nothing new.
import type { Knex } from 'knex';
import { v5 as uuidv5 } from 'uuid';
import { applicationStreams, subsidyApplicationDecider } from '../../domain/subsidy-application/application';
import { DomainError } from '../../domain/shared/errors';
import type { EventStore, RecordedEvent } from '../../store/event-store/event-store';
import { foldEvents } from '../../store/fold';
import { processManager, type ProcessLogger } from '../training-class/class-processes';
import type { VoucherCommands } from './voucher-commands';

const SETTLEMENT_NAMESPACE = '6a0d3b9e-51c2-4f87-b4e6-2c9f8d1a7e35';

/** Settles the vouchers of one approval (also called directly by tests and the demo data). */
export async function settleApprovedVouchers(store: EventStore, vouchers: Pick<VoucherCommands, 'settle'>, approval: RecordedEvent, logger?: ProcessLogger) {
  const events = (await store.readStream(approval.streamId)).filter((e) => e.position <= approval.position);
  const application = foldEvents(subsidyApplicationDecider, events);
  if (application.status !== 'active') return 0;
  let settled = 0;
  for (const place of application.calculation.result.eligible) {
    if (!place.voucherId) continue;
    const request = {
      actor: { id: 'system:voucher-settlement', role: 'system', orgId: null },
      commandId: uuidv5(`settle:${approval.id}:${place.voucherId}`, SETTLEMENT_NAMESPACE),
      correlationId: approval.metadata.correlationId,
      causationId: approval.id,
      ip: null,
    };
    try {
      await vouchers.settle(place.participantId, place.voucherId, application.applicationId, application.classId, place.amountFen, request);
      settled++;
    } catch (error) {
      // A voucher cancelled after the calculation is not settled; the refusal is the record's answer, not a fault to retry.
      if (!(error instanceof DomainError)) throw error;
      logger?.error({ voucherId: place.voucherId, applicationId: application.applicationId, err: error.message }, 'voucher not settled');
    }
  }
  return settled;
}

export function voucherSettlementProcess(deps: { store: EventStore; knex: Knex; vouchers: Pick<VoucherCommands, 'settle'>; logger?: ProcessLogger }) {
  return processManager({
    name: 'voucher-settlement',
    store: deps.store,
    knex: deps.knex,
    typePrefixes: ['TrainingFundingApproved'],
    ...(deps.logger ? { logger: deps.logger } : {}),
    async handle(events) {
      for (const event of events) {
        if (event.type === 'TrainingFundingApproved' && applicationStreams.idOf(event.streamId)) await settleApprovedVouchers(deps.store, deps.vouchers, event, deps.logger);
      }
    },
  });
}
