// Meilisearch's known traps, each shown first with the raw official client (what goes wrong) and
// then with the adapter (what it does about it), against the OpenAPI stand-in.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Meilisearch } from 'meilisearch';
import { startMeilisearchStandin, type MeilisearchStandin } from '../../../testing/meilisearch-standin/standin-server';
import { TRAINEES, electricians, ids, traineeIndex } from '../contract-records';
import { SearchIndexingError, SearchRequestError, SearchWindowError, type SearchEngine } from '../search-port';
import { createMeilisearchSearchEngine } from './meilisearch-search-engine';

let standin: MeilisearchStandin;
let raw: Meilisearch;
let engine: SearchEngine;
const wait = { timeout: 5000, interval: 5 };

beforeAll(async () => {
  standin = await startMeilisearchStandin();
  raw = new Meilisearch({ host: standin.url });
  engine = createMeilisearchSearchEngine({ host: standin.url, taskIntervalMs: 5 });
});
afterAll(async () => {
  await engine.close();
  await standin.close();
});

describe('trap: paging past maxTotalHits (1,000 by default) silently stops', () => {
  const many = electricians(1200);

  it('the raw client gets no hits past 1,000 and a total capped at 1,000, without an error', async () => {
    await raw.index('raw_paging').addDocuments(many, { primaryKey: 'id' }).waitTask(wait);
    const beyond = await raw.index('raw_paging').search('', { hitsPerPage: 100, page: 11 });
    expect(beyond.hits).toEqual([]);
    expect(beyond.totalHits).toBe(1000);
    const straddling = await raw.index('raw_paging').search('', { offset: 950, limit: 100 });
    expect(straddling.hits).toHaveLength(50);
    expect(straddling.estimatedTotalHits).toBe(1000);
  });

  it('the adapter raises maxTotalHits, so totals are exact and every page is reachable', async () => {
    await engine.ensureIndex(traineeIndex('adapter_paging'));
    await engine.upsert('adapter_paging', many);
    const last = await engine.search('adapter_paging', { offset: 1100, limit: 100 });
    expect(last.total).toBe(1200);
    expect(ids(last.hits)).toEqual(ids(many.slice(1100)));
  });

  it('an adapter with a lower maxTotalHits refuses what it cannot answer exactly instead of answering short', async () => {
    const capped = createMeilisearchSearchEngine({ host: standin.url, maxTotalHits: 1100, taskIntervalMs: 5 });
    await capped.ensureIndex(traineeIndex('capped_paging'));
    await capped.upsert('capped_paging', many);
    await expect(capped.search('capped_paging', { offset: 1050, limit: 100 })).rejects.toBeInstanceOf(SearchWindowError);
    await expect(capped.search('capped_paging', { limit: 10 })).rejects.toBeInstanceOf(SearchWindowError);
    const narrowed = await capped.search('capped_paging', { filter: { county: '花溪区' }, limit: 10 });
    expect(narrowed.total).toBe(240);
  });
});

describe('trap: a failed indexing task does not throw', () => {
  it('the raw client resolves both the write and the wait, and only the task says it failed', async () => {
    const enqueued = await raw.index('raw_failure').addDocuments([{ id: '张伟 01', name: '张伟' }], { primaryKey: 'id' });
    expect(enqueued.status).toBe('enqueued');
    const task = await raw.tasks.waitForTask(enqueued.taskUid, wait);
    expect(task.status).toBe('failed');
    expect(task.error?.code).toBe('invalid_document_id');
  });

  it('tasks are asynchronous: until a task has run, searches do not see its documents', async () => {
    await raw.index('raw_async').addDocuments([{ id: 'a1', name: '王芳' }], { primaryKey: 'id' }).waitTask(wait);
    const release = standin.holdTasks();
    const pending = raw.index('raw_async').addDocuments([{ id: 'a2', name: '王伟' }]);
    const enqueued = await pending;
    expect((await raw.tasks.getTask(enqueued.taskUid)).status).toBe('enqueued');
    expect((await raw.index('raw_async').search('王', { hitsPerPage: 10 })).totalHits).toBe(1);
    release();
    expect((await pending.waitTask(wait)).status).toBe('succeeded');
    expect((await raw.index('raw_async').search('王', { hitsPerPage: 10 })).totalHits).toBe(2);
  });

  it('the adapter waits for every task and throws the task error', async () => {
    await engine.ensureIndex(traineeIndex('adapter_failure'));
    const error = await engine.upsert('adapter_failure', [{ ...TRAINEES[1]!, id: '张伟 01' }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SearchIndexingError);
    expect((error as SearchIndexingError).code).toBe('invalid_document_id');
  });

  it('the adapter refuses an existing index whose primary key differs from the definition', async () => {
    await raw.createIndex('other_key', { primaryKey: 'uid' }).waitTask(wait);
    await expect(engine.ensureIndex(traineeIndex('other_key'))).rejects.toBeInstanceOf(SearchRequestError);
  });
});

describe('trap: typo tolerance on ID numbers, codes, phones and Chinese words', () => {
  beforeAll(async () => {
    await raw.index('raw_typos').addDocuments(TRAINEES, { primaryKey: 'id' }).waitTask(wait);
    await engine.ensureIndex(traineeIndex('adapter_typos'));
    await engine.upsert('adapter_typos', TRAINEES);
  });
  const query = (q: string) => raw.index('raw_typos').search(q, { matchingStrategy: 'all', hitsPerPage: 20 });

  it('with default settings a near-miss ID number finds another person', async () => {
    expect(ids((await query('520113199001011234')).hits)).toEqual(['tr-01', 'tr-11']);
    expect(ids((await engine.search('adapter_typos', { q: '520113199001011234' })).hits)).toEqual(['tr-01']);
  });

  it('with default settings (1.15 counts bytes) 贵阳市 finds institutions of 贵州省', async () => {
    expect(ids((await query('贵阳市 ')).hits)).toEqual(expect.arrayContaining(['tr-00', 'tr-11']));
    expect(ids((await engine.search('adapter_typos', { q: '贵阳市 ' })).hits)).toEqual(['tr-01', 'tr-02', 'tr-04', 'tr-08']);
  });

  it('the adapter sends typo tolerance off for exact and Chinese attributes, and locale cmn for Chinese ones', async () => {
    const settings = standin.requests.filter((r) => r.operation === 'PATCH /indexes/{indexUid}/settings').at(-1)!.body as Record<string, never>;
    expect(settings).toMatchObject({
      typoTolerance: { disableOnAttributes: ['idNumber', 'phone', 'name', 'institution', 'occupation', 'county'], disableOnNumbers: true },
      localizedAttributes: [{ attributePatterns: ['name', 'institution', 'occupation', 'county'], locales: ['cmn'] }],
      pagination: { maxTotalHits: 10_000_000 },
      rankingRules: ['sort', 'words', 'typo', 'proximity', 'attribute', 'exactness', 'id:asc'],
    });
    const searches = standin.requests.filter((r) => r.operation === 'POST /indexes/{indexUid}/search');
    expect(searches.at(-1)!.body).toMatchObject({ matchingStrategy: 'all', locales: ['cmn'], page: 1, hitsPerPage: 20 });
  });
});

describe('the stand-in holds requests to the OpenAPI description', () => {
  it('answers an undocumented search field with 400 and records the violation', async () => {
    const separate = await startMeilisearchStandin();
    try {
      const response = await fetch(`${separate.url}/indexes/x/search`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ q: '张伟', hits_per_page: 10 }),
      });
      expect(response.status).toBe(400);
      expect(separate.violations).toEqual([expect.stringContaining('hits_per_page')]);
    } finally {
      await separate.close();
    }
  });

  it('saw only documented requests and responses from the client and the adapter above', () => {
    expect(standin.violations).toEqual([]);
  });
});
