// payableOutcomes on the real Postgres event store: many records' outcomes decided at once and
// written in one append (two orders of one record on its one stream), nothing decided again for an
// order whose command id a stream already holds (a settlement run again after a crash), and a
// record changed between the decision and the append refusing the whole append.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { PaymentOrder } from '../../domain/payment-batch/batch';
import type { Decider, DomainEvent } from '../../domain/shared/decider';
import { createEventStore } from '../../store/event-store/chained-event-store';
import { WrongExpectedRevisionError, type EventStore } from '../../store/event-store/event-store';
import { createPostgresEventLog } from '../../store/event-store/postgres/postgres-event-log';
import { createTestDatabase, type TestDatabase } from '../../testing/database';
import { toNewEvent } from '../pipeline/handle-command';
import type { RequestContext } from '../pipeline/request-context';
import { payableOutcomes } from './outcomes';
import type { OutcomeItem } from './payables';

type Recorded = DomainEvent<'Recorded', { paymentId: string; status: string }>;
type State = Record<string, string>;
// A record that takes each payment's outcome once (the same again decides nothing) and refuses another.
const decider: Decider<{ paymentId: string; status: string }, Recorded, State> = {
  initialState: () => ({}),
  evolve: (state, e) => ({ ...state, [e.data.paymentId]: e.data.status }),
  decide: (c, state) => {
    if (state[c.paymentId] === c.status) return [];
    if (state[c.paymentId]) throw new Error('已有不同的支付结果');
    return [{ type: 'Recorded', data: { paymentId: c.paymentId, status: c.status } }];
  },
};
const request = (key: string): RequestContext => ({ actor: { id: 'batch', role: 'system', orgId: null }, commandId: key, correlationId: key, ip: null });
const order = (record: string, paymentId: string) => ({ paymentId, applicationId: record, reservationId: `${record}#${paymentId}`, amountFen: 100, purpose: 'test' }) as unknown as PaymentOrder;

describe('payableOutcomes', () => {
  let db: TestDatabase;
  let store: EventStore;
  beforeAll(async () => {
    db = await createTestDatabase();
    store = createEventStore(createPostgresEventLog({ connectionString: db.url }));
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  const setup = async (records: string[]) => {
    const prefix = randomUUID();
    const streamOf = (o: { applicationId: string }) => `outcome-test-${prefix}-${o.applicationId}`;
    const seed = request(randomUUID());
    await store.appendToStreams(records.map((r) => ({ streamId: streamOf({ applicationId: r }), expectedRevision: 'no_stream' as const, events: [toNewEvent({ type: 'Opened', data: {} }, 0, streamOf({ applicationId: r }), seed, new Date().toISOString())] })));
    const outcomes = payableOutcomes(store, decider, streamOf, (o, _batchId, result) => ({ paymentId: o.paymentId, status: result.status }));
    const item = (record: string, paymentId: string, status: 'paid' | 'failed' = 'paid'): OutcomeItem => ({ order: order(record, paymentId), result: { status, bankRef: 'B', reason: '' }, request: request(`${prefix}:${paymentId}`) });
    const recorded = async (record: string) => (await store.readStream(streamOf({ applicationId: record }))).filter((e) => e.type === 'Recorded').map((e) => (e.data as { paymentId: string }).paymentId);
    return { outcomes, item, recorded };
  };

  it('decides many records at once, one append for all, and nothing again for what a stream already holds', async () => {
    const { outcomes, item, recorded } = await setup(['a', 'b', 'c']);
    // 'c' was recorded one by one before (a settlement stopped after it): the same command id, so it is left alone.
    await outcomes.recordOutcome!(item('c', 'p4').order, 'batch', item('c', 'p4').result, item('c', 'p4').request);
    const items = [item('a', 'p1'), item('b', 'p2', 'failed'), item('a', 'p3'), item('c', 'p4')];
    const appends = await outcomes.decideOutcomes!(items, 'batch');
    expect(appends.map((a) => [a.streamId.slice(-1), a.expectedRevision, a.events.length])).toEqual([['a', 0, 2], ['b', 0, 1]]);
    await store.appendToStreams(appends);
    expect([await recorded('a'), await recorded('b'), await recorded('c')]).toEqual([['p1', 'p3'], ['p2'], ['p4']]);
    // Run again (the settlement repeated): nothing left to decide.
    expect(await outcomes.decideOutcomes!(items, 'batch')).toEqual([]);
  });

  it('a record written between the decision and the append refuses the whole append: nothing is written', async () => {
    const { outcomes, item, recorded } = await setup(['a', 'b']);
    const appends = await outcomes.decideOutcomes!([item('a', 'p1'), item('b', 'p2')], 'batch');
    await outcomes.recordOutcome!(item('b', 'p2').order, 'batch', item('b', 'p2').result, item('b', 'p2').request);
    await expect(store.appendToStreams(appends)).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    expect([await recorded('a'), await recorded('b')]).toEqual([[], ['p2']]);
  });
});
