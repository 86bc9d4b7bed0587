import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase, type TestDatabase } from '../../../testing/database';
import { TRAINEES, ids, traineeIndex } from '../contract-records';
import { describeSearchContract } from '../search.contract';
import { createPostgresSearchEngine, type PostgresSearchEngine } from './postgres-search-engine';

describeSearchContract('postgres', async () => {
  const db = await createTestDatabase();
  const engine = createPostgresSearchEngine({ connectionString: db.url });
  return {
    engine,
    reopen: async () => createPostgresSearchEngine({ connectionString: db.url }),
    async dispose() {
      await engine.close();
      await db.drop();
    },
  };
});

describe('postgres search engine', () => {
  let db: TestDatabase;
  let engine: PostgresSearchEngine;
  beforeAll(async () => {
    db = await createTestDatabase();
    engine = createPostgresSearchEngine({ connectionString: db.url });
  });
  afterAll(async () => {
    await engine.close();
    await db.drop();
  });

  it('re-derives nothing when a restarted engine declares the same definition', async () => {
    expect(await engine.defineIndex(traineeIndex('restart'))).toEqual({ reindexed: false });
    await engine.upsert('restart', TRAINEES);
    const before = await engine.pool.query("SELECT id, xmin::text FROM search.documents WHERE index_name = 'restart' ORDER BY id");

    const restarted = createPostgresSearchEngine({ connectionString: db.url });
    try {
      expect(await restarted.defineIndex(traineeIndex('restart'))).toEqual({ reindexed: false });
      expect(ids((await restarted.search('restart', { q: '张伟' })).hits)).toEqual(['tr-01', 'tr-04']);
      const after = await engine.pool.query("SELECT id, xmin::text FROM search.documents WHERE index_name = 'restart' ORDER BY id");
      // Same row versions: nothing was written again.
      expect(after.rows).toEqual(before.rows);
      await restarted.upsert('restart', TRAINEES);
      const unchanged = await engine.pool.query("SELECT id, xmin::text FROM search.documents WHERE index_name = 'restart' ORDER BY id");
      expect(unchanged.rows).toEqual(before.rows);
    } finally {
      await restarted.close();
    }
  });

  it('re-derives the stored words when the searchable attributes change', async () => {
    await engine.defineIndex(traineeIndex('rederive'));
    await engine.upsert('rederive', TRAINEES);
    const { searchableAttributes } = traineeIndex('rederive');
    const reordered = { ...traineeIndex('rederive'), searchableAttributes: [...searchableAttributes].reverse() };
    expect(await engine.defineIndex(reordered)).toEqual({ reindexed: true });
    // County is now the most important attribute: the county-only match comes first.
    expect(ids((await engine.search('rederive', { q: '白云区' })).hits)).toEqual(['tr-00', 'tr-01', 'tr-04']);
  });

  it('stores the jieba words with the attribute rank as the tsvector weight', async () => {
    await engine.defineIndex(traineeIndex('words'));
    await engine.upsert('words', [TRAINEES[1]!]);
    const { rows } = await engine.pool.query<{ words: string }>("SELECT words::text FROM search.documents WHERE index_name = 'words'");
    // Postgres prints the default weight D without its letter.
    expect(rows[0]!.words).toContain("'白云区':4B,9 ");
    expect(rows[0]!.words).toContain("'张':1A");
    expect(rows[0]!.words).toContain("'520113199001011234':10 ");
  });
});
