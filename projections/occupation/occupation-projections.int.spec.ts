import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { createEventStore } from '../../store/event-store/chained-event-store';
import type { EventStore } from '../../store/event-store/event-store';
import { createPostgresEventLog } from '../../store/event-store/postgres/postgres-event-log';
import { occupationCommands, occupationReviewable } from '../../commands/occupation/occupation-commands';
import type { RequestContext } from '../../commands/pipeline/request-context';
import { reviewCommands } from '../../commands/review/review-commands';
import { createTestDatabase, type TestDatabase } from '../../testing/database';
import { ORGS, seedTestOrganizations } from '../../testing/seed';
import { organizationDirectory, organizationsProjection } from '../organization/organizations-table';
import { reviewHistoryProjection, reviewHistoryTable, reviewTasksProjection, reviewTasksTable } from '../review/review-tables';
import { createProjectionRunner, type ProjectionRunner } from '../runner/projection-runner';
import { rebuildProjection } from '../runner/rebuild';
import { createKnex } from '../../store/knex';
import { occupationsProjection, occupationsTable } from './occupations-table';

const as = (orgId: string, role = 'user'): RequestContext => {
  const commandId = randomUUID();
  return { actor: { id: `${role}@${orgId}`, role, orgId }, commandId, correlationId: commandId, ip: '10.0.0.8' };
};
const details = { code: '4-03-02-01', name: '中式烹调师', level: '4' as const, hours: 120, scope: '中式热菜' };

describe('occupation, review and organisation projections', () => {
  let db: TestDatabase;
  let store: EventStore;
  let knex: Knex;
  let runner: ProjectionRunner;
  const projections = [organizationsProjection, occupationsProjection, reviewTasksProjection, reviewHistoryProjection];

  beforeAll(async () => {
    db = await createTestDatabase();
    store = createEventStore(createPostgresEventLog({ connectionString: db.url }));
    knex = createKnex(db.url);
    runner = createProjectionRunner({ store, knex, projections });
    runner.start();
    const seeded = await seedTestOrganizations(store);
    expect(await runner.waitFor(seeded)).toBe(true);
  });
  afterAll(async () => {
    await runner.stop();
    await store.close();
    await knex.destroy();
    await db.drop();
  });

  it('resolves an institution\'s reviewing authorities from the organisation tree', async () => {
    expect(await organizationDirectory(knex).reviewAuthoritiesFor(ORGS.nanmingSchool)).toEqual({
      county: ORGS.nanming,
      city: ORGS.guiyang,
      province: ORGS.province,
    });
  });

  it('follows a declaration through two review levels into the catalogue, with its review history', async () => {
    const occupations = occupationCommands(store);
    const reviews = reviewCommands(store, organizationDirectory(knex), [occupationReviewable()]);
    const id = randomUUID();
    const stream = `occupation-${id}`;
    await occupations.declare(id, ORGS.nanmingSchool, details, as(ORGS.nanmingSchool));
    const submitted = await reviews.submit(stream, '请审核', as(ORGS.nanmingSchool));
    await runner.waitFor(submitted.position!);
    expect(await occupationsTable(knex).where({ id }).first()).toMatchObject({
      review_status: 'pending',
      review_level: 'county',
      review_authority: ORGS.nanming,
      published: null,
    });
    expect(await reviewTasksTable(knex).where({ authority_id: ORGS.nanming, status: 'pending' }).select('stream_id', 'title')).toContainEqual({
      stream_id: stream,
      title: '中式烹调师（4-03-02-01）',
    });

    await reviews.approve(stream, '材料齐全', [], as(ORGS.nanming, 'reviewer'));
    await reviews.return(stream, '课时不足，请补充', [], as(ORGS.guiyang, 'reviewer'));
    await occupations.edit(id, { ...details, hours: 160 }, as(ORGS.nanmingSchool));
    await reviews.submit(stream, '已补充', as(ORGS.nanmingSchool));
    await reviews.approve(stream, '同意', [], as(ORGS.nanming, 'reviewer'));
    const final = await reviews.approve(stream, '同意发布', [], as(ORGS.guiyang, 'reviewer'));
    expect(await runner.waitFor(final.position!)).toBe(true);

    const row = await occupationsTable(knex).where({ id }).first();
    expect(row).toMatchObject({ review_status: 'approved', version: 1, hours: 160, published: { ...details, hours: 160 }, pending: null });
    expect(row!.published_at).not.toBeNull();
    const history = await reviewHistoryTable(knex).where({ stream_id: stream }).orderBy('revision');
    expect(history.map((h) => [h.action, h.level, h.opinion, h.actor_org_id])).toEqual([
      ['submitted', null, '请审核', ORGS.nanmingSchool],
      ['approved', 'county', '材料齐全', ORGS.nanming],
      ['returned', 'city', '课时不足，请补充', ORGS.guiyang],
      ['submitted', null, '已补充', ORGS.nanmingSchool],
      ['approved', 'county', '同意', ORGS.nanming],
      ['approved', 'city', '同意发布', ORGS.guiyang],
    ]);
    expect(await reviewTasksTable(knex).where({ stream_id: stream }).first()).toMatchObject({ status: 'approved', authority_id: null });
  });

  it('applying the same events twice yields the same rows (idempotent projection)', async () => {
    const page = await store.readAll({ typePrefixes: occupationsProjection.typePrefixes, maxCount: 10_000 });
    const before = await occupationsTable(knex).orderBy('id');
    await knex.transaction((trx) => occupationsProjection.apply(trx, page.events, 'rm'));
    await knex.transaction((trx) => occupationsProjection.apply(trx, page.events, 'rm'));
    expect(await occupationsTable(knex).orderBy('id')).toEqual(before);
  });

  it('rebuilds a projection side by side and swaps it in while readers keep reading, losing nothing', async () => {
    const occupations = occupationCommands(store);
    let reading = true;
    let reads = 0;
    const reader = (async () => {
      while (reading) {
        await occupationsTable(knex).count();
        reads++;
      }
    })();
    let lastWrite = 0n;
    const writes = (async () => {
      for (let i = 0; i < 30; i++) {
        const result = await occupations.declare(randomUUID(), ORGS.yunyanSchool, { ...details, name: `电工${i}`, code: '6-31-01-03' }, as(ORGS.yunyanSchool));
        lastWrite = result.position!;
      }
    })();
    const rebuilt = await rebuildProjection({ store, knex, projection: occupationsProjection, batchSize: 7 });
    await writes;
    reading = false;
    await reader;
    expect(await runner.waitFor(lastWrite)).toBe(true);
    expect(rebuilt.events).toBeGreaterThan(0);
    expect(reads).toBeGreaterThan(0);
    const count = Number((await occupationsTable(knex).count({ n: '*' }))[0]!.n);
    const declared = (await store.readAll({ typePrefixes: ['OccupationDeclared'], maxCount: 100_000 })).events.length;
    expect(count).toBe(declared);
    const schemas = await knex.raw(`SELECT nspname FROM pg_namespace WHERE nspname LIKE 'rebuild_%' OR nspname LIKE 'retired_%'`);
    expect(schemas.rows).toEqual([]);
  });
});
