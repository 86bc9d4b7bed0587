// How a port definition becomes Meilisearch settings, and back (so that a new process can search an
// index another process defined, as with the embedded engine).
import type { Settings } from 'meilisearch';
import { MAX_FACET_VALUES, type SearchIndexDefinition } from '../search-port';

const unique = (values: string[]) => [...new Set(values)];

export function settingsFor(definition: SearchIndexDefinition, maxTotalHits: number): Settings {
  return {
    displayedAttributes: ['*'],
    searchableAttributes: definition.searchableAttributes,
    filterableAttributes: definition.filterableAttributes,
    // The primary key must be sortable for the tie-break ranking rule below.
    sortableAttributes: unique([...definition.sortableAttributes, definition.primaryKey]),
    // `sort` first: an explicit sort orders the results and relevance breaks its ties (the port's
    // rule; Meilisearch's default puts sort after attribute). The custom last rule makes equally
    // relevant documents come in primary-key order instead of insertion order.
    rankingRules: ['sort', 'words', 'typo', 'proximity', 'attribute', 'exactness', `${definition.primaryKey}:asc`],
    typoTolerance: {
      enabled: true,
      // ID numbers, codes and phones: a near miss is another person. Chinese: Meilisearch 1.15
      // counts word length in bytes, so a two-character word (6 bytes) would accept a typo and
      // 贵阳 would find 贵州.
      disableOnAttributes: unique([...definition.exactAttributes, ...definition.chineseAttributes]),
      disableOnNumbers: true,
    },
    // Without it Meilisearch guesses the language per value; short Han strings such as names can be
    // taken for Japanese and cut by another segmenter.
    localizedAttributes: definition.chineseAttributes.length > 0 ? [{ attributePatterns: definition.chineseAttributes, locales: ['cmn'] }] : [],
    // Meilisearch stops at 1,000 hits by default, silently: no page beyond it, totals capped.
    pagination: { maxTotalHits },
    faceting: { maxValuesPerFacet: MAX_FACET_VALUES, sortFacetValuesBy: { '*': 'count' } },
  };
}

/** The definition an index's settings were made from, or undefined when they were not made by settingsFor. */
export function definitionFrom(name: string, primaryKey: string | null | undefined, settings: Settings): SearchIndexDefinition | undefined {
  const searchable = settings.searchableAttributes ?? [];
  if (!primaryKey || searchable.includes('*') || searchable.length === 0) return undefined;
  const chinese = (settings.localizedAttributes ?? []).filter((rule) => rule.locales.includes('cmn')).flatMap((rule) => rule.attributePatterns);
  const noTypos = settings.typoTolerance?.disableOnAttributes ?? [];
  return {
    name,
    primaryKey,
    searchableAttributes: searchable,
    chineseAttributes: chinese,
    exactAttributes: noTypos.filter((a) => !chinese.includes(a)),
    filterableAttributes: (settings.filterableAttributes ?? []).filter((a): a is string => typeof a === 'string'),
    sortableAttributes: settings.sortableAttributes ?? [],
  };
}
