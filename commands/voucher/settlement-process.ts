// Settling vouchers (issue 14 §4): when a class's training-funding application is approved, every
// place the calculation settled against a voucher marks that voucher settled with its amount, on
// the holder's stream; when a 公示 objection against such a person is upheld, or one against the
// whole application (which revokes it), the settlement is reversed on the holder's stream with the
// reason. One process manager over both kinds of the applications' events, so it meets them in the
// log's order (a reversal never overtakes its settlement); checkpointed, at least once: each
// command id derives from the event and the voucher, so a repeated batch writes nothing new. It
// reads the subsidy-application module's events only and commands nothing there.
import type { Knex } from 'knex';
import { v5 as uuidv5 } from 'uuid';
import { applicationStreams, subsidyApplicationDecider, type ActiveApplication } from '../../domain/subsidy-application/application';
import { DomainError } from '../../domain/shared/errors';
import type { EventStore, RecordedEvent } from '../../store/event-store/event-store';
import { foldEvents } from '../../store/fold';
import type { RequestContext } from '../pipeline/request-context';
import { processManager, type ProcessLogger } from '../training-class/class-processes';
import type { VoucherCommands } from './voucher-commands';

const SETTLEMENT_NAMESPACE = '6a0d3b9e-51c2-4f87-b4e6-2c9f8d1a7e35';

/** The application as it stood at this event of its stream. */
async function applicationAt(store: EventStore, event: RecordedEvent): Promise<ActiveApplication | undefined> {
  const events = (await store.readStream(event.streamId)).filter((e) => e.position <= event.position);
  const application = foldEvents(subsidyApplicationDecider, events);
  return application.status === 'active' ? application : undefined;
}

/** The command caused by this event for this voucher: its id derives from both, so a repeat is recognised. */
const requestFor = (event: RecordedEvent, action: 'settle' | 'reverse', voucherId: string): RequestContext => ({
  actor: { id: 'system:voucher-settlement', role: 'system', orgId: null },
  commandId: uuidv5(`${action}:${event.id}:${voucherId}`, SETTLEMENT_NAMESPACE),
  correlationId: event.metadata.correlationId,
  causationId: event.id,
  ip: null,
});

/** Settles the vouchers of one approval (also called directly by tests and the demo data). */
export async function settleApprovedVouchers(store: EventStore, vouchers: Pick<VoucherCommands, 'settle'>, approval: RecordedEvent, logger?: ProcessLogger) {
  const application = await applicationAt(store, approval);
  if (!application || application.revoked) return 0;
  let settled = 0;
  for (const place of application.calculation.result.eligible) {
    // A person an upheld objection took out before this approval is not paid, so not settled either.
    if (!place.voucherId || application.removed.includes(place.participantId)) continue;
    try {
      await vouchers.settle(place.participantId, place.voucherId, application.applicationId, application.classId, place.amountFen, requestFor(approval, 'settle', place.voucherId));
      settled++;
    } catch (error) {
      // A voucher cancelled after the calculation is not settled; the refusal is the record's answer, not a fault to retry.
      if (!(error instanceof DomainError)) throw error;
      logger?.error({ voucherId: place.voucherId, applicationId: application.applicationId, err: error.message }, 'voucher not settled');
    }
  }
  return settled;
}

/**
 * Reverses the settlements an upheld objection takes away: the named person's voucher, or, for an
 * objection against the whole application (or one that leaves nothing payable: `revokes`), every
 * voucher the application settled. Answers how many were reversed now.
 */
export async function reverseObjectedSettlements(store: EventStore, vouchers: Pick<VoucherCommands, 'reverseSettlement'>, resolved: RecordedEvent, logger?: ProcessLogger) {
  const data = resolved.data as { objectionId: string; upheld: boolean; resolution: string; revokes: boolean };
  if (!data.upheld) return 0;
  const application = await applicationAt(store, resolved);
  const objection = application?.objections.find((o) => o.objectionId === data.objectionId);
  if (!application || !objection) return 0;
  const whole = objection.participantId === null || data.revokes;
  const places = application.calculation.result.eligible.filter((p) => p.voucherId && (whole || p.participantId === objection.participantId));
  const reason = `${application.className}机构培训经费申报公示异议成立${whole ? '，申报撤销' : ''}：${data.resolution}`.slice(0, 500);
  let reversed = 0;
  for (const place of places) {
    try {
      const result = await vouchers.reverseSettlement(place.participantId, place.voucherId!, application.applicationId, reason, requestFor(resolved, 'reverse', place.voucherId!));
      if (!result.repeated) reversed += result.events.length;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      logger?.error({ voucherId: place.voucherId, applicationId: application.applicationId, err: error.message }, 'voucher settlement not reversed');
    }
  }
  return reversed;
}

export function voucherSettlementProcess(deps: { store: EventStore; knex: Knex; vouchers: Pick<VoucherCommands, 'settle' | 'reverseSettlement'>; logger?: ProcessLogger }) {
  return processManager({
    name: 'voucher-settlement',
    store: deps.store,
    knex: deps.knex,
    typePrefixes: ['TrainingFundingApproved', 'TrainingFundingObjectionResolved'],
    ...(deps.logger ? { logger: deps.logger } : {}),
    async handle(events) {
      for (const event of events) {
        if (!applicationStreams.idOf(event.streamId)) continue;
        if (event.type === 'TrainingFundingApproved') await settleApprovedVouchers(deps.store, deps.vouchers, event, deps.logger);
        else if (event.type === 'TrainingFundingObjectionResolved') await reverseObjectedSettlements(deps.store, deps.vouchers, event, deps.logger);
      }
    },
  });
}
