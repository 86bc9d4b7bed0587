// A payment batch made in chunks, on the real Postgres event store (issue 14 §6: one batch of 100,000
// orders is more events than one append takes): each chunk's orders and its records' ordering
// events in one atomic append, then PaymentBatchClosed. A crash between chunks leaves an open batch
// that can be neither issued nor answered and whose records are ordered once; creating again (the
// same request, or a new one finding it through `openBatches`) finishes it, never ordering a record
// twice; a record changed between its read and the append fails its chunk alone, which is read again;
// two creations at once split the records between them.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { paymentIdOf } from '../../domain/payment-batch/batch';
import { createEventStore } from '../../store/event-store/chained-event-store';
import type { EventStore } from '../../store/event-store/event-store';
import { createPostgresEventLog } from '../../store/event-store/postgres/postgres-event-log';
import { createTestDatabase, type TestDatabase } from '../../testing/database';
import type { AuthorityDirectory } from '../fund/authority-directory';
import { fundCommands, fundStreamId } from '../fund/fund-commands';
import { toNewEvent } from '../pipeline/handle-command';
import type { RequestContext } from '../pipeline/request-context';
import { paymentBatchCommands, type CreationStep } from './batch-commands';
import type { PayableSource } from './payables';

const MODULE = 'chunk-test';
const RECORDS = 7;
const request = (commandId = randomUUID(), orgId = 'prov'): RequestContext => ({ actor: { id: 'payer', role: 'tester', orgId }, commandId, correlationId: commandId, ip: null });
const account = { cipher: 'c', blindIndex: 'b', masked: '6222***0006' };
class Crash extends Error {}

describe('payment batch created in chunks', () => {
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

  /** A fund of a county of its own, RECORDS approved records reserved on it, and a source paying them (a record is payable until ordered). */
  async function world(options: { openBatches?: (fundId: string) => Promise<string[]>; beforeAppendOf?: (recordId: string) => Promise<void> } = {}) {
    const county = `county-${randomUUID()}`;
    const authorities: AuthorityDirectory = { organization: async (id) => (id === county ? { id, name: '南明区人社局', kind: 'county', path: ['prov', county], divisionCode: null } : undefined) };
    const { fundId } = await fundCommands({ store, authorities }).allocate({ authorityId: county, line: 'local_finance', year: 2026, amountFen: RECORDS * 1_000, basis: '测试' }, request());
    const prefix = randomUUID();
    const ids = Array.from({ length: RECORDS }, (_, i) => `${prefix}-${i}`);
    const streamOf = (id: string) => `${MODULE}-${id}`;
    const seed = request();
    const now = new Date().toISOString();
    await store.appendToStreams(ids.map((id) => ({ streamId: streamOf(id), expectedRevision: 'no_stream' as const, events: [toNewEvent({ type: 'TestApproved', data: {} }, 0, streamOf(id), seed, now)] })));
    const fundRevision = (await store.readStream(fundStreamId(fundId))).length - 1;
    await store.appendToStream(fundStreamId(fundId), ids.map((id, i) => toNewEvent({ type: 'FundReserved', data: { reservationId: `${id}#1`, applicationId: id, amountFen: 1_000 } }, i, fundStreamId(fundId), seed, now)), { expectedRevision: fundRevision });
    const source: PayableSource = {
      module: MODULE,
      label: '测试记录',
      candidates: async () => ids,
      async prepare(id, batchId) {
        const events = await store.readStream(streamOf(id));
        if (events.some((e) => e.type === 'TestOrdered')) return { record: null, skipped: [] };
        await options.beforeAppendOf?.(id);
        const paymentId = paymentIdOf(`${id}#1`);
        return {
          record: {
            orders: [{ paymentId, applicationId: id, source: MODULE, reservationId: `${id}#1`, payee: { kind: 'institution', institutionId: 'i', name: '培训学校', account, accountName: '培训学校' }, amountFen: 1_000, purpose: '机构培训经费' }],
            streamId: streamOf(id),
            expectedRevision: events.length - 1,
            events: [{ type: 'TestOrdered', data: { paymentId, batchId } }],
          },
          skipped: [],
        };
      },
      recordOutcome: async () => undefined,
      money: async () => null,
    };
    const batches = paymentBatchCommands({ store, authorities, sources: [source], personalData: { reveal: () => '6222020200000000006' }, recordsPerChunk: 3, openBatches: options.openBatches });
    /** Every record's ordering events, as the batch ids they name. */
    const orderedIn = async () => Promise.all(ids.map(async (id) => (await store.readStream(streamOf(id))).filter((e) => e.type === 'TestOrdered').map((e) => (e.data as { batchId: string }).batchId)));
    const batchEvents = async (batchId: string) => (await store.readStream(`payment-batch-${batchId}`)).map((e) => e.type);
    return { fundId, batches, orderedIn, batchEvents, streamOf, ids };
  }
  const crashAfter = (index: number) => (step: CreationStep) => {
    if (step.index === index) throw new Crash(`crash after chunk ${index}`);
  };

  it('a crash between chunks leaves an open batch, not issuable, its records ordered once; the same request again finishes and closes it', async () => {
    const { fundId, batches, orderedIn, batchEvents } = await world();
    const req = request();
    await expect(batches.create(fundId, req, crashAfter(1))).rejects.toBeInstanceOf(Crash);
    const partial = await orderedIn();
    expect(partial.filter((b) => b.length === 1)).toHaveLength(6);
    const batchId = partial.find((b) => b.length === 1)![0]!;
    expect(await batchEvents(batchId)).toEqual(['PaymentBatchCreated', 'PaymentOrdersAdded', 'PaymentOrdersAdded']);
    expect((await batches.load(batchId)).status).toBe('opening');
    await expect(batches.issueFile(batchId, request())).rejects.toThrow('尚未生成完毕');

    const finished = await batches.create(fundId, req);
    expect(finished).toMatchObject({ batchId, orderCount: RECORDS, totalFen: RECORDS * 1_000, repeated: true });
    expect(await orderedIn()).toEqual(Array.from({ length: RECORDS }, () => [batchId]));
    expect(await batchEvents(batchId)).toEqual(['PaymentBatchCreated', 'PaymentOrdersAdded', 'PaymentOrdersAdded', 'PaymentOrdersAdded', 'PaymentBatchClosed']);
    const file = await batches.issueFile(batchId, request());
    expect(file.content.trim().split('\n')).toHaveLength(1 + RECORDS);
    // Once closed, the same request answers with the batch and writes nothing.
    expect(await batches.create(fundId, req)).toMatchObject({ batchId, orderCount: RECORDS, repeated: true });
    expect((await batchEvents(batchId)).length).toBe(6);
  });

  it('a second creation attempt (a new request) finishes the batch left open first, not by another authority; one after it finds nothing payable', async () => {
    let openIds: string[] = [];
    const { fundId, batches, orderedIn, batchEvents } = await world({ openBatches: async () => openIds });
    await expect(batches.create(fundId, request(), crashAfter(0))).rejects.toBeInstanceOf(Crash);
    openIds = [...new Set((await orderedIn()).flat())];
    expect(openIds).toHaveLength(1);
    // An authority that does not manage the fund cannot finish it: refused, nothing written.
    const before = await batchEvents(openIds[0]!);
    await expect(batches.create(fundId, request(randomUUID(), 'another-county'))).rejects.toThrow('本单位或下级单位');
    expect(await batchEvents(openIds[0]!)).toEqual(before);
    const second = await batches.create(fundId, request());
    expect(second).toMatchObject({ batchId: openIds[0], orderCount: RECORDS, repeated: true, skipped: [] });
    expect(await orderedIn()).toEqual(Array.from({ length: RECORDS }, () => [openIds[0]]));
    expect((await batchEvents(openIds[0]!)).at(-1)).toBe('PaymentBatchClosed');
    openIds = [];
    await expect(batches.create(fundId, request())).rejects.toThrow('没有可支付');
  });

  it('a record changed between its read and the append fails only its chunk, which is read again; nothing ordered twice', async () => {
    let changed = false;
    let target = '';
    const changes = { beforeAppendOf: async (id: string) => {
      // Another command writes on record 4 just after the batch read it (an objection, say).
      if (id !== target || changed) return;
      changed = true;
      const events = await store.readStream(`${MODULE}-${id}`);
      await store.appendToStream(`${MODULE}-${id}`, [toNewEvent({ type: 'TestNoted', data: {} }, 0, `${MODULE}-${id}`, request(), new Date().toISOString())], { expectedRevision: events.length - 1 });
    } };
    const { fundId, batches, orderedIn, ids } = await world(changes);
    target = ids[4]!;
    const steps: CreationStep[] = [];
    const created = await batches.create(fundId, request(), (s) => void steps.push(s));
    expect(changed).toBe(true);
    expect(created.orderCount).toBe(RECORDS);
    expect(steps.map((s) => s.orders)).toEqual([3, 3, 1]);
    expect(await orderedIn()).toEqual(Array.from({ length: RECORDS }, () => [created.batchId]));
  });

  it('two creations at once split the records between them: each record in exactly one batch, both closed', async () => {
    const { fundId, batches, orderedIn, batchEvents } = await world();
    const both = await Promise.allSettled([batches.create(fundId, request()), batches.create(fundId, request())]);
    const made = both.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    for (const r of both) if (r.status === 'rejected') expect(String(r.reason)).toContain('没有可支付');
    expect(made.reduce((n, b) => n + b.orderCount, 0)).toBe(RECORDS);
    const ordered = await orderedIn();
    expect(ordered.every((b) => b.length === 1)).toBe(true);
    for (const b of made) expect((await batchEvents(b.batchId)).at(-1)).toBe('PaymentBatchClosed');
  });
});
