// The province generator against a real database: records through the command pipeline in every
// review state, nothing written twice on a repeat, and the in-memory path writing the same events.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createPlatform, type Platform } from '../../api/platform';
import type { RecordedEvent } from '../../store/event-store/event-store';
import { loadPiiKeys } from '../../commands/personal-data/pii-cipher';
import { createTestDatabase, type TestDatabase } from '../../testing/database';
import { seedReferenceData } from '../reference-data';
import { generateProvince, type ProvinceSummary } from './province';

// Fixed test keys: both databases derive the same person ids from the same ID numbers.
const KEYS = { PII_ENCRYPTION_KEY: '00112233445566778899aabbccddeeff', PII_BLIND_INDEX_KEY: 'ffeeddccbbaa99887766554433221100' };
const SIZES = { institutions: 12, teachers: 8, trainees: 80, seed: 'spec-seed', concurrency: 6 };

async function start(): Promise<{ db: TestDatabase; platform: Platform }> {
  const db = await createTestDatabase();
  const platform = await createPlatform({ databaseUrl: db.url, piiKeys: loadPiiKeys(KEYS, () => undefined) });
  await seedReferenceData(platform);
  return { db, platform };
}

/** An event without what legitimately differs between two runs: times, hashes, ciphertexts. */
function comparable(event: RecordedEvent) {
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value)
          .filter(([k]) => k !== 'cipher')
          .map(([k, v]) => [k, strip(v)]),
      );
    }
    return value;
  };
  const { occurredAt: _at, prevHash: _prev, hash: _hash, ...metadata } = event.metadata;
  return { id: event.id, revision: event.revision, type: event.type, data: strip(event.data), metadata };
}

describe('generateProvince', () => {
  let pipeline: { db: TestDatabase; platform: Platform };
  let events: { db: TestDatabase; platform: Platform };
  let summary: ProvinceSummary;

  beforeAll(async () => {
    pipeline = await start();
    summary = await generateProvince(pipeline.platform, SIZES);
    await pipeline.platform.runner.waitFor(summary.lastPosition, undefined, 30_000);
  });
  afterAll(async () => {
    for (const side of [pipeline, events]) {
      await side?.platform.close();
      await side?.db.drop();
    }
  });

  it('builds institutions, teachers and trainees through the pipeline, in every review state', async () => {
    const knex = pipeline.platform.knex;
    const count = async (table: string) => Number((await knex(table).count<{ n: string }[]>({ n: '*' }))[0]!.n);
    expect(await count('rm.institutions')).toBe(12);
    expect(await count('rm.teachers')).toBe(8);
    expect(await count('rm.trainees')).toBe(80);
    // Effective institutions joined the organisation tree under their county.
    const active = summary.outcomes.institutions.active ?? 0;
    expect(active).toBeGreaterThan(0);
    const institutionOrgs = await knex('rm.organizations').where({ kind: 'institution' }).select('path');
    expect(institutionOrgs).toHaveLength(active);
    expect(institutionOrgs.every((o: { path: string }) => /^\/auth-520000\/auth-52\d{2}00\/auth-52\d{4}\/[^/]+\/$/.test(o.path))).toBe(true);
    // Review states as planned, and the duplicate entries flagged.
    const states = await knex('rm.trainees').select('review_status').count<{ review_status: string; n: string }[]>({ n: '*' }).groupBy('review_status');
    const byState = Object.fromEntries(states.map((s) => [s.review_status, Number(s.n)]));
    expect(byState.approved).toBeGreaterThan(50);
    expect(await knex('rm.trainees').where({ duplicate_entry: true }).count<{ n: string }[]>({ n: '*' }).then((r) => Number(r[0]!.n))).toBe(summary.outcomes.duplicateEntries);
    expect(summary.phases.map((p) => p.phase)).toEqual(['institutions', 'teachers', 'trainees']);
  });

  it('appends nothing when run again with the same seed and sizes', async () => {
    // Counted rather than compared by head position: the head only shows events below the oldest
    // running transaction, so under load it can still move onto events written before this test.
    const stored = async () => Number((await pipeline.platform.knex('events').count<{ n: string }[]>({ n: '*' }))[0]!.n);
    const before = await stored();
    const again = await generateProvince(pipeline.platform, SIZES);
    expect(again.phases.reduce((sum, p) => sum + p.events, 0)).toBe(0);
    expect(await stored()).toBe(before);
  });

  it('writes the same trainee events when deciding in memory and appending once per person', async () => {
    events = await start();
    const other = await generateProvince(events.platform, { ...SIZES, traineeMode: 'events' });
    await events.platform.runner.waitFor(other.lastPosition, undefined, 30_000);
    expect(other.outcomes).toEqual(summary.outcomes);
    const streams = (await pipeline.platform.knex('events').distinct('stream_id').where('stream_id', 'like', 'trainee-%').orderBy('stream_id')).map((r: { stream_id: string }) => r.stream_id);
    expect(streams).toHaveLength(80);
    for (const stream of streams) {
      const a = (await pipeline.platform.store.readStream(stream)).map(comparable);
      const b = (await events.platform.store.readStream(stream)).map(comparable);
      expect(b).toEqual(a);
    }
    // And the read models agree.
    const rows = (p: Platform) => p.knex('rm.trainees').orderBy('id').select('id', 'name', 'review_status', 'duplicate_entry', 'id_number_masked', 'region_code');
    expect(await rows(events.platform)).toEqual(await rows(pipeline.platform));
  });
});
