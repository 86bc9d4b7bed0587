// The timeline shows the ledger's verdict beside the hash chain's: an event rewritten in the
// database with its chain recomputed keeps `chainValid: true`, and only the ledger says ALTERED,
// as ledgerInclusionProof's `intact: false` does for the same event.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { computeEventHash } from '../../store/event-store/integrity';
import { createLedger } from '../../commands/ledger/ledger';
import { startApiHarness, type ApiHarness, type Session } from '../../testing/api-harness';

interface TimelineAnswer {
  timeline: {
    chainValid: boolean;
    ledger: { status: string; intactEvents: number; alteredEvents: number; pendingEvents: number; digestTreeSize: string | null; message: string };
    entries: { eventId: string; hashValid: boolean; ledgerStatus: string; ledgerProblem: string | null }[];
  };
}

const QUERY = `query($s: String!) { timeline(streamId: $s) {
  chainValid
  ledger { status intactEvents alteredEvents pendingEvents digestTreeSize message }
  entries { eventId hashValid ledgerStatus ledgerProblem }
} }`;

describe('the timeline with the ledger verdict', () => {
  let api: ApiHarness;
  let auditor: Session;
  let school: Session;

  const timeline = async (streamId: string) => {
    const answer = await api.graphql<TimelineAnswer>(auditor, QUERY, { s: streamId });
    expect(answer.errors).toBeUndefined();
    return answer.data!.timeline;
  };
  const declare = async () => {
    const declared = await api.graphql<{ declareOccupation: { streamId: string } }>(school, `mutation { declareOccupation(details: { code: "6-31-01-03", name: "焊工${randomUUID().slice(0, 4)}", level: "4", hours: 120 }, submit: true) { streamId } }`);
    expect(declared.errors).toBeUndefined();
    // The record's scope is read from its read model.
    await api.settled();
    return declared.data!.declareOccupation.streamId;
  };
  const recordDigest = async () => {
    await api.settled();
    await createLedger({ store: api.platform.store, knex: api.platform.knex, signer: api.platform.ledgerSigner! }).recordDigest();
  };
  /** A superuser's rewrite of a stored event: the store's refusal switched off for the moment. */
  const rewrite = async (eventId: string, data: object, hash?: string) =>
    api.platform.knex.transaction(async (trx) => {
      await trx.raw('ALTER TABLE events DISABLE TRIGGER events_refuse_update_delete');
      await trx.raw('UPDATE events SET data = ?::jsonb WHERE event_id = ?', [JSON.stringify(data), eventId]);
      if (hash) await trx.raw("UPDATE events SET metadata = jsonb_set(metadata, '{hash}', to_jsonb(?::text)) WHERE event_id = ?", [hash, eventId]);
      await trx.raw('ALTER TABLE events ENABLE TRIGGER events_refuse_update_delete');
    });

  beforeAll(async () => {
    api = await startApiHarness();
    [auditor, school] = await Promise.all([api.login('auditAdmin'), api.login('nanmingSchool')]);
  });
  afterAll(async () => api.close());

  it('is PENDING before a signed digest covers the events, INTACT after', async () => {
    const streamId = await declare();
    const before = await timeline(streamId);
    expect(before.ledger).toMatchObject({ status: 'PENDING', intactEvents: 0, pendingEvents: 2, digestTreeSize: null });
    expect(before.entries.map((e) => e.ledgerStatus)).toEqual(['PENDING', 'PENDING']);

    await recordDigest();
    const after = await timeline(streamId);
    expect(after.chainValid).toBe(true);
    expect(after.ledger).toMatchObject({ status: 'INTACT', intactEvents: 2, alteredEvents: 0, pendingEvents: 0 });
    expect(after.ledger.message).toContain('账本校验通过');
    expect(after.entries.map((e) => e.ledgerStatus)).toEqual(['INTACT', 'INTACT']);
  });

  it('flags an event rewritten with its hash chain recomputed: chainValid stays true, the ledger says ALTERED', async () => {
    const streamId = await declare();
    await recordDigest();
    const [first, last] = await api.platform.store.readStream(streamId);
    const data = { ...last!.data, note: '已通过' };
    await rewrite(last!.id, data, computeEventHash({ streamId, revision: last!.revision, type: last!.type, data, metadata: last!.metadata, prevHash: String(last!.metadata.prevHash) }));

    const t = await timeline(streamId);
    expect(t.chainValid).toBe(true);
    expect(t.entries.every((e) => e.hashValid)).toBe(true);
    expect(t.ledger).toMatchObject({ status: 'ALTERED', intactEvents: 1, alteredEvents: 1 });
    expect(t.ledger.message).toContain('账本校验失败：1 个事件与账本记录不符');
    expect(t.entries.find((e) => e.eventId === first!.id)).toMatchObject({ ledgerStatus: 'INTACT', ledgerProblem: null });
    expect(t.entries.find((e) => e.eventId === last!.id)).toMatchObject({ ledgerStatus: 'ALTERED', ledgerProblem: '当前存储的事件与记入账本时不同：事件在记账之后被改动' });

    // The same verdict as the inclusion proof's for that event.
    const proof = await api.graphql<{ ledgerInclusionProof: { intact: boolean } }>(auditor, 'query($e: ID!) { ledgerInclusionProof(eventId: $e) { intact } }', { e: last!.id });
    expect(proof.data!.ledgerInclusionProof.intact).toBe(false);
  });

  it('flags a plain rewrite twice: the chain breaks and the ledger disagrees', async () => {
    const streamId = await declare();
    await recordDigest();
    const [first] = await api.platform.store.readStream(streamId);
    await rewrite(first!.id, { ...first!.data, hacked: true });
    const t = await timeline(streamId);
    expect(t.chainValid).toBe(false);
    expect(t.ledger.status).toBe('ALTERED');
    expect(t.entries[0]!.ledgerStatus).toBe('ALTERED');
  });
});
