// Checks shared by both adapters, so that a request one engine refuses is refused by the other too.
import {
  DEFAULT_SEARCH_LIMIT,
  MAX_SEARCH_LIMIT,
  SearchIndexingError,
  SearchRequestError,
  type SearchDocument,
  type SearchIndexDefinition,
  type SearchRequest,
} from './search-port';

const INDEX_NAME = /^[A-Za-z0-9_-]{1,400}$/;
const ATTRIBUTE = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Meilisearch's document id rule; the Postgres adapter applies it itself. */
const DOCUMENT_ID = /^[A-Za-z0-9_-]+$/;

function subset(definition: SearchIndexDefinition, key: keyof SearchIndexDefinition, of: string[]) {
  const list = definition[key] as string[];
  for (const attribute of list) {
    if (!of.includes(attribute)) throw new SearchRequestError(`${definition.name}: ${key} names ${attribute}, which is not searchable`);
  }
}

export function validateDefinition(definition: SearchIndexDefinition): void {
  if (!INDEX_NAME.test(definition.name)) throw new SearchRequestError(`invalid index name ${definition.name}`);
  const lists = ['searchableAttributes', 'chineseAttributes', 'exactAttributes', 'filterableAttributes', 'sortableAttributes'] as const;
  // Attribute names go into filter expressions and SQL paths: plain identifiers only.
  for (const attribute of [definition.primaryKey, ...lists.flatMap((key) => definition[key])]) {
    if (!ATTRIBUTE.test(attribute)) throw new SearchRequestError(`${definition.name}: invalid attribute name ${attribute}`);
  }
  for (const key of lists) {
    if (new Set(definition[key]).size !== definition[key].length) throw new SearchRequestError(`${definition.name}: ${key} repeats an attribute`);
  }
  if (definition.searchableAttributes.length === 0) throw new SearchRequestError(`${definition.name}: no searchable attributes`);
  subset(definition, 'chineseAttributes', definition.searchableAttributes);
  subset(definition, 'exactAttributes', definition.searchableAttributes);
}

export interface Window {
  offset: number;
  limit: number;
}

/** Validates a request against its index and returns the paging window with defaults applied. */
export function validateRequest(definition: SearchIndexDefinition, request: SearchRequest): Window {
  const offset = request.offset ?? 0;
  const limit = request.limit ?? DEFAULT_SEARCH_LIMIT;
  if (!Number.isInteger(offset) || offset < 0) throw new SearchRequestError(`offset must be a non-negative integer, got ${offset}`);
  if (!Number.isInteger(limit) || limit < 0 || limit > MAX_SEARCH_LIMIT) {
    throw new SearchRequestError(`limit must be an integer from 0 to ${MAX_SEARCH_LIMIT}, got ${limit}`);
  }
  for (const [attribute, value] of Object.entries(request.filter ?? {})) {
    if (!definition.filterableAttributes.includes(attribute)) throw new SearchRequestError(`${definition.name}: ${attribute} is not filterable`);
    if (Array.isArray(value) && value.length === 0) throw new SearchRequestError(`${definition.name}: empty filter list for ${attribute}`);
  }
  for (const attribute of request.facets ?? []) {
    if (!definition.filterableAttributes.includes(attribute)) throw new SearchRequestError(`${definition.name}: ${attribute} is not filterable, so it has no facet`);
  }
  for (const { attribute, direction } of request.sort ?? []) {
    if (!definition.sortableAttributes.includes(attribute)) throw new SearchRequestError(`${definition.name}: ${attribute} is not sortable`);
    if (direction !== 'asc' && direction !== 'desc') throw new SearchRequestError(`sort direction must be asc or desc, got ${String(direction)}`);
  }
  return { offset, limit };
}

function isSearchValue(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

/** Port rules both adapters check before sending anything: flat values and a string primary key. */
export function validateDocumentShapes(definition: SearchIndexDefinition, documents: SearchDocument[]): void {
  for (const document of documents) {
    const id = document[definition.primaryKey];
    if (id === undefined || id === null) {
      throw new SearchIndexingError('missing_document_id', `${definition.name}: a document has no ${definition.primaryKey}`);
    }
    if (typeof id !== 'string') throw new SearchIndexingError('invalid_document_id', `${definition.name}: primary key ${JSON.stringify(id)} is not a string`);
    for (const [attribute, value] of Object.entries(document)) {
      if (!isSearchValue(value)) throw new SearchIndexingError('invalid_document_fields', `${definition.name}/${id}: ${attribute} is not a flat value`);
    }
  }
}

/** Meilisearch's rule for document ids, for the engine that has to enforce it itself. */
export function documentIdProblem(id: string): string | undefined {
  if (!DOCUMENT_ID.test(id)) return `document identifier ${JSON.stringify(id)} is invalid: only a-z A-Z 0-9 - and _ are allowed`;
  if (Buffer.byteLength(id) > 511) return `document identifier ${JSON.stringify(id)} is longer than 511 bytes`;
  return undefined;
}

/** The last occurrence of each primary key wins, as in one Meilisearch payload. */
export function lastPerId(definition: SearchIndexDefinition, documents: SearchDocument[]): SearchDocument[] {
  const byId = new Map<string, SearchDocument>();
  for (const document of documents) byId.set(document[definition.primaryKey] as string, document);
  return [...byId.values()];
}
