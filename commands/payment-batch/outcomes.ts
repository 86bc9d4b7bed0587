// How a payable source records the bank's outcomes on its records (commands/payment-batch/payables.ts):
// one command per order on the record's stream, decided by the module's own decider. `recordOutcome`
// runs one such command (handleCommand); `decideOutcomes` decides many orders' commands at once and
// returns the appends, which the settlement writes together with other sources' in one atomic
// appendToStreams (one commit for many records instead of one each). Both are idempotent the same
// way: each order's command id is derived from the batch and the payment, every event carries it,
// and a stream that already holds it is left alone, so whatever a crash left undone is done again
// and nothing twice.
import type { Decider, DomainEvent } from '../../domain/shared/decider';
import type { EventStore, StreamAppend } from '../../store/event-store/event-store';
import { foldEvents } from '../../store/fold';
import { handleCommand, toNewEvent } from '../pipeline/handle-command';
import type { OutcomeItem, PayableSource } from './payables';

/** Streams read at once while outcomes are decided. */
const READ_AT_ONCE = 16;

type Outcome = OutcomeItem['result'];
type OrderRef = OutcomeItem['order'];

/** One command on an order's record, under its request (a command id derived from the batch and the payment). */
type RecordCommand<Command> = { order: OrderRef; command: Command; request: OutcomeItem['request'] };

/**
 * Decides commands on many orders' records without writing: reads each record's stream once (16 at
 * a time), skips a command whose id the stream already holds, and returns the appends at the
 * revisions read. The settlement's outcomes and a voided batch's releases both go through it.
 */
async function decideOnRecords<Command, Event extends DomainEvent, State>(
  store: EventStore,
  decider: Decider<Command, Event, State>,
  streamOf: (order: OrderRef) => string,
  items: readonly RecordCommand<Command>[],
): Promise<StreamAppend[]> {
  // A record may be paid by several orders of one batch (instalments): its orders are decided in turn on one stream.
  const byStream = new Map<string, RecordCommand<Command>[]>();
  for (const item of items) {
    const streamId = streamOf(item.order);
    const orders = byStream.get(streamId) ?? [];
    orders.push(item);
    byStream.set(streamId, orders);
  }
  const streams = [...byStream.entries()];
  const appends: StreamAppend[] = [];
  for (let from = 0; from < streams.length; from += READ_AT_ONCE) {
    const decided = await Promise.all(
      streams.slice(from, from + READ_AT_ONCE).map(async ([streamId, orders]): Promise<StreamAppend | null> => {
        const history = await store.readStream(streamId);
        const done = new Set(history.map((e) => e.metadata.commandId));
        let state = foldEvents(decider, history);
        const events: StreamAppend['events'] = [];
        for (const { command, request } of orders) {
          if (done.has(request.commandId)) continue;
          const now = (request.now ?? new Date()).toISOString();
          const outcome = decider.decide(command, state, { actor: request.actor, now });
          events.push(...outcome.map((e, i) => toNewEvent(e, i, streamId, request, now)));
          state = outcome.reduce(decider.evolve, state);
        }
        if (events.length === 0) return null;
        return { streamId, events, expectedRevision: history.length === 0 ? 'no_stream' : history.length - 1 };
      }),
    );
    appends.push(...decided.filter((a): a is StreamAppend => a !== null));
  }
  return appends;
}

/**
 * A source's `decideReleases` (作废: a voided batch's orders released on their records) from its
 * decider and its release command; idempotent as the outcomes are.
 */
export function payableReleases<Command, Event extends DomainEvent, State>(
  store: EventStore,
  decider: Decider<Command, Event, State>,
  streamOf: (order: OrderRef) => string,
  commandOf: (order: OrderRef, batchId: string, reason: string) => Command,
): Pick<PayableSource, 'decideReleases'> {
  return {
    decideReleases: (items, batchId, reason) => decideOnRecords(store, decider, streamOf, items.map((item) => ({ order: item.order, request: item.request, command: commandOf(item.order, batchId, reason) }))),
  };
}

/** A source's `recordOutcome` and `decideOutcomes` from its decider, its record's stream and its outcome command. */
export function payableOutcomes<Command, Event extends DomainEvent, State>(
  store: EventStore,
  decider: Decider<Command, Event, State>,
  streamOf: (order: OrderRef) => string,
  commandOf: (order: OrderRef, batchId: string, result: Outcome) => Command,
): Pick<PayableSource, 'recordOutcome' | 'decideOutcomes'> {
  return {
    async recordOutcome(order, batchId, result, request) {
      await handleCommand(store, decider, streamOf(order), commandOf(order, batchId, result), request);
    },

    decideOutcomes: (items, batchId) => decideOnRecords(store, decider, streamOf, items.map((item) => ({ order: item.order, request: item.request, command: commandOf(item.order, batchId, item.result) }))),
  };
}
