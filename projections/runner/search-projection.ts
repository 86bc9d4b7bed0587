import type { Knex } from 'knex';
import type { SearchDocument, SearchIndexDefinition } from '../search/search-port';

/**
 * A projection into the search port. Documents are built from Postgres read models (one query per
 * batch instead of a stream read per record), so the runner first waits until the projections a
 * search projection depends on have passed the batch. Upserts are idempotent: a batch applied twice
 * after a crash (the engine and the checkpoint are not one transaction) changes nothing.
 */
export interface SearchProjectionDefinition {
  kind: 'search';
  name: string;
  version: number;
  typePrefixes: readonly string[];
  index: SearchIndexDefinition;
  /** Read-model projections the documents are built from. */
  dependsOn: readonly string[];
  /** The documents of the records these streams hold; streams of other modules are ignored. */
  documents(knex: Knex, streamIds: string[]): Promise<{ upserts: SearchDocument[]; deletes: string[] }>;
}
