// Search as the stand-in answers it. Modelled from Meilisearch 1.15: jieba words (the same tokenizer
// as the embedded engine), matchingStrategy all, prefix on the last word, 2-/3-word n-grams, typo
// tolerance (typos.ts) unless disabled for the attribute, filters, facets, sort, ranking rules
// (words, typo, attribute, sort, exactness, custom attr:asc|desc; proximity is not modelled), and
// `maxTotalHits`, which caps both the reachable window and the reported total.
// Not modelled: language detection (all Han text is cut with jieba), split words, synonyms, stop
// words, phrase and negative operators, highlighting. Requests that need them get a 501.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { termsByPosition, type QueryTerm } from '../../projections/search/query-terms';
import { normalize, parseQuery, valueWords } from '../../projections/search/tokenizer';
import { FilterNotModelledError, FilterSyntaxError, parseFilter } from './filter';
import type { Document, StandinIndex } from './standin-index';
import { typoCost, typosAllowed, type TypoSettings } from './typos';

export class SearchFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const NOT_MODELLED_PARAMETERS = [
  'attributesToHighlight',
  'attributesToCrop',
  'showMatchesPosition',
  'showRankingScore',
  'showRankingScoreDetails',
  'rankingScoreThreshold',
  'distinct',
  'hybrid',
  'vector',
  'attributesToSearchOn',
  'retrieveVectors',
];

interface Match {
  typos: number;
  /** The worst (highest) of the best attribute positions of the terms: the port's attribute rank. */
  attribute: number;
  /** Whether the last query word matched exactly (not only as a prefix or with typos). */
  exact: boolean;
}

const better = (a: Match, b: Match) => a.typos - b.typos || a.attribute - b.attribute || Number(b.exact) - Number(a.exact);

function documentWords(index: StandinIndex, document: Document): string[][] {
  return index.searchable().map((attribute) => valueWords(document[attribute] as any));
}

/** Best way of matching one term in a document: per attribute, exact / prefix / typo. */
function termMatch(term: QueryTerm, words: string[][], searchable: string[], typoSettings: TypoSettings, noTypos: Set<string>): Match | undefined {
  const max = Math.max(0, typosAllowed(term.text, typoSettings) - (term.span - 1));
  let best: Match | undefined;
  words.forEach((attributeWords, position) => {
    const allowTypos = !noTypos.has(searchable[position]!);
    for (const word of attributeWords) {
      let candidate: Match | undefined;
      if (word === term.text) candidate = { typos: 0, attribute: position, exact: true };
      else if (term.prefix && word.startsWith(term.text)) candidate = { typos: 0, attribute: position, exact: false };
      else if (allowTypos) {
        const typos = typoCost(term.text, word, term.prefix, max);
        if (typos !== undefined) candidate = { typos, attribute: position, exact: false };
      }
      if (candidate && (!best || better(candidate, best) < 0)) best = candidate;
    }
  });
  return best;
}

function matchDocument(terms: QueryTerm[][], words: string[][], searchable: string[], typoSettings: TypoSettings, noTypos: Set<string>): Match | undefined {
  const memo = new Map<number, Match | undefined>();
  const from = (position: number): Match | undefined => {
    if (position === terms.length) return { typos: 0, attribute: 0, exact: true };
    if (memo.has(position)) return memo.get(position);
    let best: Match | undefined;
    for (const term of terms[position]!) {
      const head = termMatch(term, words, searchable, typoSettings, noTypos);
      const rest = head && from(position + term.span);
      if (!head || !rest) continue;
      const isLast = position + term.span === terms.length;
      const combined = { typos: head.typos + rest.typos, attribute: Math.max(head.attribute, rest.attribute), exact: isLast ? head.exact : rest.exact };
      if (!best || better(combined, best) < 0) best = combined;
    }
    memo.set(position, best);
    return best;
  };
  return from(0);
}

type SortKey = { attribute: string; descending: boolean };

function compareValues(a: unknown, b: unknown, descending: boolean): number {
  const rank = (v: unknown) => (typeof v === 'number' ? 0 : typeof v === 'string' ? 1 : 2);
  // Missing values come last whatever the direction; numbers before strings.
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  if (rank(a) === 2) return 0;
  const order = typeof a === 'number' ? a - (b as number) : normalize(a as string) < normalize(b as string) ? -1 : normalize(a as string) > normalize(b as string) ? 1 : 0;
  return descending ? -order : order;
}

function parseSort(sort: string[] | null | undefined, sortable: string[]): SortKey[] {
  return (sort ?? []).map((expression) => {
    const found = /^([A-Za-z0-9_.]+):(asc|desc)$/.exec(expression);
    if (!found) throw new SearchFailure(400, 'invalid_search_sort', `Invalid syntax for the sort parameter: ${expression}`);
    if (!sortable.includes(found[1]!)) {
      throw new SearchFailure(400, 'invalid_search_sort', `Attribute \`${found[1]}\` is not sortable. Available sortable attributes are: \`${sortable.join(', ')}\`.`);
    }
    return { attribute: found[1]!, descending: found[2] === 'desc' };
  });
}

export function search(index: StandinIndex, body: Record<string, any>): Record<string, unknown> {
  const started = Date.now();
  for (const parameter of NOT_MODELLED_PARAMETERS) {
    if (body[parameter] !== undefined && body[parameter] !== null && body[parameter] !== false) {
      throw new SearchFailure(501, 'internal', `search parameter ${parameter} is not modelled by the stand-in`);
    }
  }
  const settings = index.settings;
  const query = parseQuery(body.q ?? undefined);
  const strategy = body.matchingStrategy ?? 'last';
  if (strategy !== 'all' && query.words.length > 1) {
    throw new SearchFailure(501, 'internal', `matchingStrategy ${strategy} with several words is not modelled by the stand-in`);
  }

  let filter;
  try {
    filter = parseFilter(body.filter);
  } catch (error) {
    if (error instanceof FilterNotModelledError) throw new SearchFailure(501, 'internal', error.message);
    if (error instanceof FilterSyntaxError) throw new SearchFailure(400, 'invalid_search_filter', error.message);
    throw error;
  }
  for (const attribute of filter.attributes) {
    if (!settings.filterableAttributes.includes(attribute)) {
      throw new SearchFailure(
        400,
        'invalid_search_filter',
        `Attribute \`${attribute}\` is not filterable. Available filterable attributes are: \`${settings.filterableAttributes.join(', ')}\`.`,
      );
    }
  }
  for (const facet of body.facets ?? []) {
    if (facet !== '*' && !settings.filterableAttributes.includes(facet)) {
      throw new SearchFailure(400, 'invalid_search_facets', `Invalid facet distribution: Attribute \`${facet}\` is not filterable.`);
    }
  }
  const sortKeys = parseSort(body.sort, settings.sortableAttributes);

  const searchable = index.searchable();
  const terms = termsByPosition(query);
  const typoSettings: TypoSettings = {
    enabled: settings.typoTolerance.enabled,
    oneTypo: settings.typoTolerance.minWordSizeForTypos.oneTypo,
    twoTypos: settings.typoTolerance.minWordSizeForTypos.twoTypos,
    disableOnWords: settings.typoTolerance.disableOnWords,
    disableOnNumbers: settings.typoTolerance.disableOnNumbers,
  };
  const noTypos = new Set(settings.typoTolerance.disableOnAttributes);

  const candidates: { internalId: number; document: Document; match: Match }[] = [];
  for (const { internalId, document } of index.documents.values()) {
    if (!filter.predicate((attribute) => document[attribute])) continue;
    const match = terms.length === 0 ? { typos: 0, attribute: 0, exact: true } : matchDocument(terms, documentWords(index, document), searchable, typoSettings, noTypos);
    if (match) candidates.push({ internalId, document, match });
  }

  const rules = settings.rankingRules.map((rule) => {
    const custom = /^(.+):(asc|desc)$/.exec(rule);
    return custom ? { attribute: custom[1]!, descending: custom[2] === 'desc' } : rule;
  });
  candidates.sort((a, b) => {
    for (const rule of rules) {
      let order = 0;
      if (rule === 'typo') order = a.match.typos - b.match.typos;
      else if (rule === 'attribute') order = a.match.attribute - b.match.attribute;
      else if (rule === 'exactness') order = Number(b.match.exact) - Number(a.match.exact);
      else if (rule === 'sort') {
        for (const key of sortKeys) {
          order = compareValues(a.document[key.attribute], b.document[key.attribute], key.descending);
          if (order) break;
        }
      } else if (typeof rule === 'object') order = compareValues(a.document[rule.attribute], b.document[rule.attribute], rule.descending);
      if (order) return order;
    }
    return a.internalId - b.internalId;
  });

  // As Meilisearch: the window is clamped to maxTotalHits and so is the reported number of hits.
  const maxTotalHits = settings.pagination.maxTotalHits;
  const finite = body.page !== undefined || body.hitsPerPage !== undefined;
  let offset: number;
  let limit: number;
  if (finite) {
    const hitsPerPage = body.hitsPerPage ?? 20;
    const page = body.page ?? 1;
    [offset, limit] = page === 0 ? [0, 0] : [hitsPerPage * (page - 1), hitsPerPage];
  } else {
    offset = body.offset ?? 0;
    limit = body.limit ?? 20;
  }
  offset = Math.min(offset, maxTotalHits);
  limit = Math.min(limit, Math.max(0, maxTotalHits - offset));
  const hits = candidates.slice(offset, offset + limit).map((c) => c.document);
  const numberOfHits = Math.min(candidates.length, maxTotalHits);

  const response: Record<string, unknown> = { hits, query: body.q ?? '', processingTimeMs: Date.now() - started };
  if (finite) {
    const hitsPerPage = body.hitsPerPage ?? 20;
    Object.assign(response, { hitsPerPage, page: body.page ?? 1, totalPages: hitsPerPage === 0 ? 0 : Math.ceil(numberOfHits / hitsPerPage), totalHits: numberOfHits });
  } else {
    Object.assign(response, { limit: body.limit ?? 20, offset, estimatedTotalHits: numberOfHits });
  }
  if (body.facets) Object.assign(response, facets(index, body.facets, candidates.map((c) => c.document)));
  return response;
}

function facets(index: StandinIndex, requested: string[], documents: Document[]) {
  const { maxValuesPerFacet, sortFacetValuesBy } = index.settings.faceting;
  const attributes = requested.includes('*') ? index.settings.filterableAttributes : requested;
  const facetDistribution: Record<string, Record<string, number>> = {};
  const facetStats: Record<string, { min: number; max: number }> = {};
  for (const attribute of attributes) {
    const counts = new Map<string, { value: string; count: number }>();
    for (const document of documents) {
      const raw = document[attribute];
      const values = new Set((Array.isArray(raw) ? raw : [raw]).filter((v) => v !== null && v !== undefined && typeof v !== 'object').map(String));
      for (const value of values) {
        // Values are counted normalised and shown as first seen.
        const key = typeof raw === 'string' || Array.isArray(raw) ? normalize(value) : value;
        const entry = counts.get(key) ?? { value, count: 0 };
        entry.count++;
        counts.set(key, entry);
      }
      for (const v of Array.isArray(raw) ? raw : [raw]) {
        if (typeof v !== 'number') continue;
        const stats = (facetStats[attribute] ??= { min: v, max: v });
        stats.min = Math.min(stats.min, v);
        stats.max = Math.max(stats.max, v);
      }
    }
    const byCount = (sortFacetValuesBy[attribute] ?? sortFacetValuesBy['*'] ?? 'alpha') === 'count';
    const entries = [...counts.values()].sort((a, b) => (byCount ? b.count - a.count : 0) || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
    facetDistribution[attribute] = Object.fromEntries(entries.slice(0, maxValuesPerFacet).map((e) => [e.value, e.count]));
  }
  return Object.keys(facetStats).length > 0 ? { facetDistribution, facetStats } : { facetDistribution };
}
