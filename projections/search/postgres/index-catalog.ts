// Index definitions live in search.indexes, so a new process (or a restart) finds its indexes and
// documents without re-indexing anything.
import canonicalize from 'canonicalize';
import type pg from 'pg';
import { UnknownSearchIndexError, type SearchIndexDefinition } from '../search-port';
import { TOKENIZER_VERSION } from '../tokenizer';
import { filtersOf, wordsLiteral } from './document-row';

const REINDEX_BATCH = 1000;

/** The parts of a definition the stored columns are derived from. */
const derivedFrom = (d: SearchIndexDefinition) => JSON.stringify([d.searchableAttributes, d.filterableAttributes]);

export async function loadDefinition(pool: pg.Pool, index: string): Promise<SearchIndexDefinition> {
  const { rows } = await pool.query<{ definition: SearchIndexDefinition }>('SELECT definition FROM search.indexes WHERE name = $1', [index]);
  if (!rows[0]) throw new UnknownSearchIndexError(index);
  return rows[0].definition;
}

/**
 * Stores the definition. When the searchable or filterable attributes (or the tokenizer) changed,
 * the stored documents' words and filters are derived again, in the same transaction, as Meilisearch
 * re-indexes after a settings change. Returns whether that happened.
 */
export async function saveDefinition(pool: pg.Pool, definition: SearchIndexDefinition): Promise<{ reindexed: boolean }> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('INSERT INTO search.indexes (name, definition, tokenizer_version) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING', [
      definition.name,
      definition,
      TOKENIZER_VERSION,
    ]);
    const { rows } = await client.query<{ definition: SearchIndexDefinition; tokenizer_version: number }>(
      'SELECT definition, tokenizer_version FROM search.indexes WHERE name = $1 FOR UPDATE',
      [definition.name],
    );
    const stored = rows[0]!;
    const reindexed = derivedFrom(stored.definition) !== derivedFrom(definition) || stored.tokenizer_version !== TOKENIZER_VERSION;
    if (canonicalize(stored.definition) !== canonicalize(definition) || reindexed) {
      await client.query('UPDATE search.indexes SET definition = $2, tokenizer_version = $3, updated_at = now() WHERE name = $1', [
        definition.name,
        definition,
        TOKENIZER_VERSION,
      ]);
    }
    if (reindexed) await rederive(client, definition);
    await client.query('COMMIT');
    return { reindexed };
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

async function rederive(client: pg.PoolClient, definition: SearchIndexDefinition) {
  let after = '';
  for (;;) {
    const { rows } = await client.query<{ id: string; doc: Record<string, never> }>(
      'SELECT id, doc FROM search.documents WHERE index_name = $1 AND id > $2 ORDER BY id LIMIT $3',
      [definition.name, after, REINDEX_BATCH],
    );
    if (rows.length === 0) return;
    await client.query(
      `UPDATE search.documents d SET filters = t.filters, words = t.words::tsvector
       FROM unnest($2::text[], $3::jsonb[], $4::text[]) AS t(id, filters, words)
       WHERE d.index_name = $1 AND d.id = t.id`,
      [
        definition.name,
        rows.map((r) => r.id),
        rows.map((r) => JSON.stringify(filtersOf(definition, r.doc))),
        rows.map((r) => wordsLiteral(definition, r.doc)),
      ],
    );
    after = rows[rows.length - 1]!.id;
  }
}
