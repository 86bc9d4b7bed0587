// The production search adapter: Meilisearch through its official client. It configures every
// index as the port's semantics need (index-settings.ts), waits for every task and fails on a
// failed one (tasks.ts), and asks for exhaustive totals, refusing what `maxTotalHits` would cut.
import { Meilisearch, MeilisearchApiError, type EnqueuedTaskPromise, type Index, type SearchParams } from 'meilisearch';
import { lastPerId, validateDefinition, validateDocumentShapes, validateRequest } from '../definition';
import {
  SearchRequestError,
  SearchWindowError,
  UnknownSearchIndexError,
  type SearchDocument,
  type SearchEngine,
  type SearchIndexDefinition,
  type SearchRequest,
  type SearchResult,
} from '../search-port';
import { filterExpression, plainQuery } from './filter-expression';
import { definitionFrom, settingsFor } from './index-settings';
import { settle, type WaitOptions } from './tasks';
import { pageFor } from './window';

export interface MeilisearchOptions {
  host: string;
  apiKey?: string;
  /**
   * Hits Meilisearch can rank and count per query. Totals at or above it cannot be told from a cap,
   * so such searches throw SearchWindowError; keep it above the largest index.
   */
  maxTotalHits?: number;
  /** Documents per addition task. */
  batchSize?: number;
  /** Per task; indexing a large batch on a busy server takes a while. */
  taskTimeoutMs?: number;
  taskIntervalMs?: number;
}

export function createMeilisearchSearchEngine(options: MeilisearchOptions): SearchEngine {
  const client = new Meilisearch({ host: options.host, apiKey: options.apiKey });
  const maxTotalHits = options.maxTotalHits ?? 10_000_000;
  const batchSize = options.batchSize ?? 10_000;
  const wait: WaitOptions = { timeout: options.taskTimeoutMs ?? 10 * 60_000, interval: options.taskIntervalMs ?? 50 };
  const definitions = new Map<string, SearchIndexDefinition>();

  const isNotFound = (error: unknown) => error instanceof MeilisearchApiError && error.cause?.code === 'index_not_found';

  const definitionOf = async (name: string) => {
    const known = definitions.get(name);
    if (known) return known;
    try {
      const [info, settings] = await Promise.all([client.index(name).getRawInfo(), client.index(name).getSettings()]);
      const definition = definitionFrom(name, info.primaryKey, settings);
      if (!definition) throw new UnknownSearchIndexError(name);
      definitions.set(name, definition);
      return definition;
    } catch (error) {
      if (isNotFound(error)) throw new UnknownSearchIndexError(name);
      throw error;
    }
  };

  /** Sends the writes one by one (so a refused request surfaces at once), then settles all tasks. */
  const run = async (writes: (() => EnqueuedTaskPromise)[]) => {
    const tasks: EnqueuedTaskPromise[] = [];
    for (const write of writes) {
      const task = write();
      await task;
      tasks.push(task);
    }
    await settle(tasks, wait);
  };

  return {
    async ensureIndex(definition) {
      validateDefinition(definition);
      const index: Index = client.index(definition.name);
      try {
        const info = await index.getRawInfo();
        if (info.primaryKey && info.primaryKey !== definition.primaryKey) {
          throw new SearchRequestError(`${definition.name} exists with primary key ${info.primaryKey}, not ${definition.primaryKey}`);
        }
      } catch (error) {
        if (!isNotFound(error)) throw error;
        await run([() => client.createIndex(definition.name, { primaryKey: definition.primaryKey })]);
      }
      await run([() => index.updateSettings(settingsFor(definition, maxTotalHits))]);
      definitions.set(definition.name, definition);
    },

    async upsert(name, documents) {
      const definition = await definitionOf(name);
      validateDocumentShapes(definition, documents);
      const unique = lastPerId(definition, documents);
      const index = client.index(name);
      const writes = [];
      for (let i = 0; i < unique.length; i += batchSize) {
        const batch = unique.slice(i, i + batchSize);
        writes.push(() => index.addDocuments(batch, { primaryKey: definition.primaryKey }));
      }
      await run(writes);
    },

    async delete(name, ids) {
      await definitionOf(name);
      const index = client.index(name);
      const writes = [];
      for (let i = 0; i < ids.length; i += batchSize) {
        const batch = ids.slice(i, i + batchSize);
        writes.push(() => index.deleteDocuments(batch));
      }
      await run(writes);
    },

    async search<D extends SearchDocument>(name: string, request: SearchRequest): Promise<SearchResult<D>> {
      const definition = await definitionOf(name);
      const { offset, limit } = validateRequest(definition, request);
      if (offset + limit > maxTotalHits) {
        throw new SearchWindowError(`${name}: hits beyond ${maxTotalHits} (maxTotalHits) cannot be reached; narrow the query`);
      }
      const page = pageFor(offset, limit);
      const params: SearchParams = {
        page: page.page,
        hitsPerPage: page.hitsPerPage,
        matchingStrategy: 'all',
        filter: filterExpression(request.filter),
        facets: request.facets,
        sort: request.sort?.map(({ attribute, direction }) => `${attribute}:${direction}`),
        ...(definition.chineseAttributes.length > 0 ? { locales: ['cmn'] } : {}),
      };
      let response;
      try {
        response = await client.index(name).search<D>(plainQuery(request.q), params);
      } catch (error) {
        if (isNotFound(error)) throw new UnknownSearchIndexError(name);
        if (error instanceof MeilisearchApiError && error.cause?.code?.startsWith('invalid_search')) throw new SearchRequestError(error.message);
        throw error;
      }
      // page/hitsPerPage requests get the exhaustive totalHits (not estimatedTotalHits).
      const total = (response as { totalHits?: number }).totalHits;
      if (typeof total !== 'number') throw new Error(`${name}: Meilisearch answered a paged search without totalHits`);
      if (total >= maxTotalHits) {
        throw new SearchWindowError(`${name}: ${total} hits reach maxTotalHits, so the total may be cut; narrow the query`);
      }
      const facetDistribution: Record<string, Record<string, number>> = {};
      for (const facet of request.facets ?? []) facetDistribution[facet] = response.facetDistribution?.[facet] ?? {};
      return { hits: response.hits.slice(page.skip, page.skip + limit), total, facetDistribution };
    },

    async close() {
      definitions.clear();
    },
  };
}
