// What the Postgres adapter stores next to each document: its words as a tsvector literal and its
// normalised filter values.
import type { SearchDocument, SearchIndexDefinition, SearchValue } from '../search-port';
import { normalize, valueWords } from '../tokenizer';

/** tsvector weights carry the attribute rank; Postgres has four, so later attributes share D. */
export const WEIGHTS = ['A', 'B', 'C', 'D'] as const;
export const weightOf = (attributeIndex: number) => WEIGHTS[Math.min(attributeIndex, WEIGHTS.length - 1)]!;

/** Postgres keeps positions up to 16383; beyond that they only need to carry the weight. */
const MAX_POSITION = 16383;

/** A lexeme inside a tsvector or tsquery literal: quoted, so jieba words are taken verbatim. */
export const quoteLexeme = (word: string) => `'${word.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

/**
 * Built as a literal rather than with to_tsvector('simple', ...): the words are already cut by
 * jieba, and the simple parser would split codes and mixed words again.
 */
export function wordsLiteral(definition: SearchIndexDefinition, document: SearchDocument): string {
  const positions = new Map<string, string[]>();
  let position = 0;
  definition.searchableAttributes.forEach((attribute, index) => {
    const weight = weightOf(index);
    for (const word of valueWords(document[attribute])) {
      position = Math.min(position + 1, MAX_POSITION);
      const list = positions.get(word) ?? [];
      list.push(`${position}${weight}`);
      positions.set(word, list);
    }
  });
  return [...positions].map(([word, list]) => `${quoteLexeme(word)}:${list.join(',')}`).join(' ');
}

/** Filters compare case-insensitively and numbers by value (30 equals '30'), as in Meilisearch. */
export function normalizeFilterValue(value: string | number | boolean): string {
  return typeof value === 'string' ? normalize(value) : String(value);
}

function filterValues(value: SearchValue | undefined): string[] {
  if (value === null || value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map(normalizeFilterValue);
}

export function filtersOf(definition: SearchIndexDefinition, document: SearchDocument): Record<string, string[]> {
  const filters: Record<string, string[]> = {};
  for (const attribute of definition.filterableAttributes) {
    const values = [...new Set(filterValues(document[attribute]))];
    if (values.length > 0) filters[attribute] = values;
  }
  return filters;
}
