// The embedded search engine: documents, jieba words and filter values in Postgres (see schema.ts).
// It answers like Meilisearch configured by the Meilisearch adapter (semantics in search-port.ts),
// survives restarts because it is Postgres, and keeps no index in the Node process.
import pg from 'pg';
import { documentIdProblem, lastPerId, validateDefinition, validateDocumentShapes, validateRequest } from '../definition';
import {
  SearchIndexingError,
  type SearchDocument,
  type SearchEngine,
  type SearchIndexDefinition,
  type SearchRequest,
  type SearchResult,
} from '../search-port';
import { termsByPosition, type QueryTerm } from '../query-terms';
import { parseQuery, type ParsedQuery } from '../tokenizer';
import { filtersOf, wordsLiteral } from './document-row';
import { loadDefinition, saveDefinition } from './index-catalog';
import { ngramProbe, searchPlan } from './search-sql';
import { renderTerm, type TermFilter } from './tsquery';

export interface PostgresSearchOptions {
  connectionString: string;
  poolSize?: number;
}

/** Rows per INSERT: large enough to amortise round trips, small enough to keep statements short. */
const UPSERT_BATCH = 1000;

const SEARCH_WORK_MEM = '64MB';

/** Asks the index which of the query's n-grams occur at all; the others are left out of the tsquery. */
async function occurringNgrams(client: pg.PoolClient, index: string, query: ParsedQuery): Promise<TermFilter> {
  const ngrams = termsByPosition(query).flat().filter((t) => t.span > 1);
  if (ngrams.length === 0) return () => true;
  const { rows } = await client.query<{ i: number }>(ngramProbe(index, ngrams.map((t) => renderTerm(t))));
  const key = (t: QueryTerm) => `${t.prefix ? '*' : ''}${t.text}`;
  const occurring = new Set(rows.map((r) => key(ngrams[r.i]!)));
  return (term) => occurring.has(key(term));
}

const UPSERT_SQL = `
  INSERT INTO search.documents (index_name, id, doc, filters, words)
  SELECT $1, t.id, t.doc, t.filters, t.words::tsvector
  FROM unnest($2::text[], $3::jsonb[], $4::jsonb[], $5::text[]) AS t(id, doc, filters, words)
  ON CONFLICT (index_name, id) DO UPDATE
    SET doc = excluded.doc, filters = excluded.filters, words = excluded.words
    WHERE search.documents.doc IS DISTINCT FROM excluded.doc`;

export interface PostgresSearchEngine extends SearchEngine {
  /** Like ensureIndex, and says whether stored documents had to be derived again. */
  defineIndex(definition: SearchIndexDefinition): Promise<{ reindexed: boolean }>;
  readonly pool: pg.Pool;
}

export function createPostgresSearchEngine(options: PostgresSearchOptions): PostgresSearchEngine {
  const pool = new pg.Pool({ connectionString: options.connectionString, max: options.poolSize ?? 10 });
  pool.on('error', () => {
    /* an idle client lost its server; the pool replaces it */
  });
  const definitions = new Map<string, SearchIndexDefinition>();

  const definitionOf = async (index: string) => {
    let definition = definitions.get(index);
    if (!definition) {
      definition = await loadDefinition(pool, index);
      definitions.set(index, definition);
    }
    return definition;
  };

  const defineIndex = async (definition: SearchIndexDefinition) => {
    validateDefinition(definition);
    const outcome = await saveDefinition(pool, definition);
    definitions.set(definition.name, definition);
    return outcome;
  };

  return {
    pool,
    defineIndex,

    async ensureIndex(definition) {
      await defineIndex(definition);
    },

    async upsert(index, documents) {
      const definition = await definitionOf(index);
      validateDocumentShapes(definition, documents);
      for (const document of documents) {
        const problem = documentIdProblem(document[definition.primaryKey] as string);
        if (problem) throw new SearchIndexingError('invalid_document_id', `${index}: ${problem}`);
      }
      const unique = lastPerId(definition, documents);
      for (let i = 0; i < unique.length; i += UPSERT_BATCH) {
        const batch = unique.slice(i, i + UPSERT_BATCH);
        await pool.query(UPSERT_SQL, [
          index,
          batch.map((d) => d[definition.primaryKey] as string),
          batch.map((d) => JSON.stringify(d)),
          batch.map((d) => JSON.stringify(filtersOf(definition, d))),
          batch.map((d) => wordsLiteral(definition, d)),
        ]);
      }
    },

    async delete(index, ids) {
      await definitionOf(index);
      if (ids.length === 0) return;
      await pool.query('DELETE FROM search.documents WHERE index_name = $1 AND id = ANY ($2::text[])', [index, ids]);
    },

    async search<D extends SearchDocument>(index: string, request: SearchRequest): Promise<SearchResult<D>> {
      const definition = await definitionOf(index);
      const window = validateRequest(definition, request);
      const query = parseQuery(request.q);
      const client = await pool.connect();
      try {
        await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
        // Sorting and materialising a few hundred thousand ranking keys should stay in memory.
        await client.query(`SET LOCAL work_mem = '${SEARCH_WORK_MEM}'`);
        const terms = await occurringNgrams(client, index, query);
        const plan = searchPlan({ definition, query, request, terms }, window);
        let result: SearchResult<D>;
        if (plan.kind === 'ranked') {
          const row = (await client.query<{ total: number; hits: D[]; facets: Record<string, Record<string, number>> }>(plan.statement)).rows[0]!;
          result = { hits: row.hits, total: row.total, facetDistribution: row.facets };
        } else {
          const total = (await client.query<{ total: number }>(plan.count)).rows[0]!.total;
          const hits = total > window.offset && window.limit > 0 ? (await client.query<{ doc: D }>(plan.page)).rows.map((r) => r.doc) : [];
          result = { hits, total, facetDistribution: {} };
        }
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },

    async close() {
      await pool.end();
    },
  };
}
