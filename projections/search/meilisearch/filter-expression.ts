// The port's filter object in Meilisearch's array form: the outer array ANDs, an inner array ORs.
import type { FilterValue, SearchRequest } from '../search-port';

const literal = (value: FilterValue) => (typeof value === 'string' ? `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"` : String(value));

export function filterExpression(filter: SearchRequest['filter']): (string | string[])[] | undefined {
  const entries = Object.entries(filter ?? {});
  if (entries.length === 0) return undefined;
  return entries.map(([attribute, value]) =>
    Array.isArray(value) ? value.map((v) => `${attribute} = ${literal(v)}`) : `${attribute} = ${literal(value)}`,
  );
}

/** The port's query has no operators; Meilisearch reads `"` as a phrase and a leading `-` as NOT. */
export const plainQuery = (q: string | undefined) => (q ?? '').replace(/["-]/g, ' ');
