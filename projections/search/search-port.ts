/**
 * The search port: one interface, two adapters (Postgres, the embedded default; Meilisearch in
 * production). Both pass `search.contract.ts`.
 *
 * QUERY SEMANTICS (both adapters follow these; Meilisearch is configured to):
 *
 * Tokens. Text is NFKC-normalised and lower-cased. Runs of Han characters are cut into words by
 * jieba without HMM (what Meilisearch's tokenizer, charabia, does for locale `cmn`); other runs split
 * on anything that is not a letter or digit, so an ID number such as 52010219900101123X is one word.
 * Numbers are indexed as their decimal text, booleans as `true` / `false`, arrays element by element.
 *
 * Matching. The query is cut the same way; its first 10 words count (Meilisearch's limit). Every
 * word must match (Meilisearch `matchingStrategy: 'all'`). A word matches a document word that is
 * equal to it; the last query word also matches as a prefix, unless the query ends with a separator
 * (a space). Two or three consecutive query words may also match as one concatenated word
 * (Meilisearch's n-grams: `职业 技能` finds `职业技能`). Matching is per word, not per substring:
 * `技能` does not find `职业技能培训学校`, whose words are 职业技能 / 培训 / 学校; that is how
 * Meilisearch answers Chinese too. No typo tolerance on Chinese or exact attributes (ID numbers,
 * codes, phones): those are found by the whole value or a prefix of it, never by a near miss.
 * Meilisearch may tolerate typos on other attributes (Latin words of 5+ letters); callers must not
 * rely on typo matches. An empty query (or one of separators only) matches every document.
 * The query has no operators: quotes and minus signs are separators.
 *
 * Filters. `{ attr: value }` AND across attributes, `{ attr: [a, b] }` OR within one attribute. An
 * array-valued document attribute matches when any element matches. Strings compare
 * case-insensitively, numbers by value; the number 30 and the string '30' are equal (as in
 * Meilisearch). Only `filterableAttributes` may be filtered or faceted on.
 *
 * Order. With `sort`, by the sort keys (numbers numerically, strings by code point, documents
 * missing the attribute last), then by relevance, then by primary key. Without it, by relevance:
 * first the attribute rank (the earliest searchable attribute within which all query words are
 * found; adapters may treat the fourth and later attributes as one rank), then exact matches of the
 * last word before prefix-only matches, then primary key ascending. Finer relevance (Meilisearch's
 * proximity and word position rules) is engine-specific and not part of the contract.
 *
 * Paging and totals. `offset` / `limit` (limit at most MAX_SEARCH_LIMIT). `total` is the exact
 * number of matching documents. An engine that cannot give an exact total or reach the requested
 * window throws SearchWindowError rather than answering short (Meilisearch's `maxTotalHits`).
 *
 * Facets. For each requested attribute, the number of matching documents per value (values as
 * strings), the 100 most frequent values. Values that differ only in letter case may be counted
 * together (Meilisearch) or apart (Postgres): keep facet values canonical.
 */

/** A flat document; nested objects are not indexed. */
export type SearchValue = string | number | boolean | null | string[];
export type SearchDocument = Record<string, SearchValue>;

export interface SearchIndexDefinition {
  /** ASCII letters, digits, `-` and `_` (Meilisearch index uid rules). */
  name: string;
  /** Its values are strings of ASCII letters, digits, `-` and `_`, at most 511 bytes. */
  primaryKey: string;
  /** In order of importance: matches in earlier attributes rank first. */
  searchableAttributes: string[];
  /** Searchable attributes holding Chinese text: Meilisearch gets `localizedAttributes` cmn for them. */
  chineseAttributes: string[];
  /** Searchable attributes holding ID numbers, codes, phones: never typo-tolerant. */
  exactAttributes: string[];
  /** May be filtered and faceted on. */
  filterableAttributes: string[];
  sortableAttributes: string[];
}

export type FilterValue = string | number | boolean;

export interface SearchRequest {
  q?: string;
  filter?: Record<string, FilterValue | FilterValue[]>;
  facets?: string[];
  sort?: { attribute: string; direction: 'asc' | 'desc' }[];
  offset?: number;
  limit?: number;
}

export interface SearchResult<D extends SearchDocument = SearchDocument> {
  hits: D[];
  /** Exact number of matching documents. */
  total: number;
  /** Only the requested facets; value (as a string) -> number of matching documents. */
  facetDistribution: Record<string, Record<string, number>>;
}

export interface SearchEngine {
  /** Creates the index or brings its settings to the definition (re-indexing stored documents when needed). */
  ensureIndex(definition: SearchIndexDefinition): Promise<void>;
  /** Adds or replaces documents by primary key; repeating a call changes nothing. Not atomic across batches. */
  upsert(index: string, documents: SearchDocument[]): Promise<void>;
  /** Deletes by primary key; unknown ids are ignored. */
  delete(index: string, ids: string[]): Promise<void>;
  search<D extends SearchDocument = SearchDocument>(index: string, request: SearchRequest): Promise<SearchResult<D>>;
  close(): Promise<void>;
}

export const DEFAULT_SEARCH_LIMIT = 20;
export const MAX_SEARCH_LIMIT = 1000;
export const MAX_QUERY_WORDS = 10;
export const MAX_FACET_VALUES = 100;

/** The request does not fit the index definition (unknown filter, sort or facet attribute, bad paging). */
export class SearchRequestError extends Error {
  override name = 'SearchRequestError';
}

/** The index was never defined. */
export class UnknownSearchIndexError extends Error {
  override name = 'UnknownSearchIndexError';
  constructor(readonly index: string) {
    super(`search index ${index} is not defined`);
  }
}

/** The engine cannot answer this window or total exactly; the caller must narrow the query. */
export class SearchWindowError extends Error {
  override name = 'SearchWindowError';
}

/**
 * Documents were refused. `code` uses Meilisearch's error codes (`invalid_document_id`,
 * `missing_document_id`, ...) so both adapters report the same reason.
 */
export class SearchIndexingError extends Error {
  override name = 'SearchIndexingError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
