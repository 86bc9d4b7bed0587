// The SQL of one search. With query words or facets, one statement reads the matching rows once
// (GIN bitmap + heap), materialises their ids and ranking keys, and derives the total, the page and
// the facet counts from that: on broad queries the heap visits are the cost, so they happen once.
// A plain listing (no words, no facets) counts and pages separately, so the page can walk the
// primary key instead of materialising every document of the index.
import type { Window } from '../definition';
import { MAX_FACET_VALUES, type SearchIndexDefinition, type SearchRequest } from '../search-port';
import type { ParsedQuery } from '../tokenizer';
import { WEIGHTS, normalizeFilterValue } from './document-row';
import { renderTsquery, type TermFilter } from './tsquery';

export interface Statement {
  text: string;
  values: unknown[];
}

export type SearchPlan =
  | { kind: 'ranked'; statement: Statement }
  | { kind: 'listing'; count: Statement; page: Statement };

/** Attribute names are validated identifiers (definition.ts); quoting keeps them literal anyway. */
const literal = (attribute: string) => `'${attribute.replace(/'/g, "''")}'`;

class Parameters {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

interface Context {
  definition: SearchIndexDefinition;
  query: ParsedQuery;
  request: SearchRequest;
  /** Which n-gram terms may match (those that occur in the index at all). */
  terms: TermFilter;
}

function whereClause(c: Context, p: Parameters): string {
  const conditions = [`index_name = ${p.add(c.definition.name)}`];
  if (c.query.words.length > 0) conditions.push(`words @@ ${p.add(renderTsquery(c.query, { terms: c.terms }))}::tsquery`);
  for (const [attribute, value] of Object.entries(c.request.filter ?? {})) {
    const alternatives = (Array.isArray(value) ? value : [value]).map(
      (v) => `filters @> ${p.add(JSON.stringify({ [attribute]: [normalizeFilterValue(v)] }))}::jsonb`,
    );
    conditions.push(alternatives.length === 1 ? alternatives[0]! : `(${alternatives.join(' OR ')})`);
  }
  return conditions.join(' AND ');
}

interface Key {
  expression: string;
  direction: 'ASC' | 'DESC';
}

function sortKeys(request: SearchRequest): Key[] {
  return (request.sort ?? []).flatMap(({ attribute, direction }): Key[] => {
    const value = `doc -> ${literal(attribute)}`;
    // NULLS LAST in both directions: a document without the value comes last, as in Meilisearch.
    const dir = direction === 'desc' ? 'DESC' : 'ASC';
    return [
      { expression: `(CASE WHEN jsonb_typeof(${value}) = 'number' THEN (${value})::numeric END)`, direction: dir },
      { expression: `(CASE WHEN jsonb_typeof(${value}) = 'string' THEN doc ->> ${literal(attribute)} END) COLLATE "C"`, direction: dir },
    ];
  });
}

/** Attribute rank (first weight class holding the whole query), then exact before prefix matches. */
function relevanceKeys(c: Context, p: Parameters): Key[] {
  if (c.query.words.length === 0) return [];
  const keys: Key[] = [];
  const classes = Math.min(c.definition.searchableAttributes.length, WEIGHTS.length);
  if (classes > 1) {
    const whens = [];
    for (let k = 0; k < classes - 1; k++) {
      const tsquery = renderTsquery(c.query, { terms: c.terms, weights: WEIGHTS.slice(0, k + 1).join('') });
      whens.push(`WHEN words @@ ${p.add(tsquery)}::tsquery THEN ${k}`);
    }
    keys.push({ expression: `CASE ${whens.join(' ')} ELSE ${classes - 1} END`, direction: 'ASC' });
  }
  if (c.query.lastIsPrefix) keys.push({ expression: `(words @@ ${p.add(renderTsquery(c.query, { terms: c.terms, exactOnly: true }))}::tsquery)`, direction: 'DESC' });
  return keys;
}

const orderBy = (keys: { name: string; direction: string }[]) =>
  [...keys.map((k) => `${k.name} ${k.direction} NULLS LAST`), 'id'].join(', ');

/**
 * Counts per value among the matches. Scalars count directly; an array counts each distinct element
 * once per document, so only array values pay for de-duplication.
 */
function facetCounts(column: string): string {
  return `(SELECT coalesce(jsonb_object_agg(v, n), '{}'::jsonb) FROM (
      SELECT v, count(*) AS n FROM (
        SELECT ${column} #>> '{}' AS v FROM matches WHERE jsonb_typeof(${column}) IN ('string', 'number', 'boolean')
        UNION ALL
        SELECT e.v FROM (SELECT DISTINCT id, e.v FROM matches CROSS JOIN LATERAL jsonb_array_elements_text(${column}) AS e(v)
                         WHERE jsonb_typeof(${column}) = 'array') AS e
        WHERE e.v IS NOT NULL) AS facet_values
      GROUP BY v ORDER BY n DESC, v COLLATE "C" LIMIT ${MAX_FACET_VALUES}) AS counted)`;
}

function ranked(c: Context, window: Window): Statement {
  const p = new Parameters();
  const where = whereClause(c, p);
  const keys = [...sortKeys(c.request), ...relevanceKeys(c, p)].map((k, i) => ({ ...k, name: `k${i}` }));
  const facets = c.request.facets ?? [];
  const columns = [
    'id',
    ...keys.map((k) => `${k.expression} AS ${k.name}`),
    ...facets.map((attribute, i) => `doc -> ${literal(attribute)} AS f${i}`),
  ];
  const order = orderBy(keys);
  const index = p.add(c.definition.name);
  const text = `
    WITH matches AS MATERIALIZED (SELECT ${columns.join(', ')} FROM search.documents WHERE ${where}),
    page AS (
      SELECT id, row_number() OVER (ORDER BY ${order}) AS ord FROM matches
      ORDER BY ${order} LIMIT ${p.add(window.limit)} OFFSET ${p.add(window.offset)})
    SELECT
      (SELECT count(*) FROM matches)::int AS total,
      (SELECT coalesce(jsonb_agg(d.doc ORDER BY page.ord), '[]'::jsonb)
         FROM page JOIN search.documents d ON d.index_name = ${index} AND d.id = page.id) AS hits,
      jsonb_build_object(${facets.map((attribute, i) => `${literal(attribute)}, ${facetCounts(`f${i}`)}`).join(', ')}) AS facets`;
  return { text, values: p.values };
}

function listing(c: Context, window: Window): { count: Statement; page: Statement } {
  const countParameters = new Parameters();
  const count = { text: `SELECT count(*)::int AS total FROM search.documents WHERE ${whereClause(c, countParameters)}`, values: countParameters.values };
  const p = new Parameters();
  const where = whereClause(c, p);
  const order = [...sortKeys(c.request).map((k) => `${k.expression} ${k.direction} NULLS LAST`), 'id'].join(', ');
  const page = {
    text: `SELECT doc FROM search.documents WHERE ${where} ORDER BY ${order} LIMIT ${p.add(window.limit)} OFFSET ${p.add(window.offset)}`,
    values: p.values,
  };
  return { count, page };
}

export function searchPlan(c: Context, window: Window): SearchPlan {
  if (c.query.words.length === 0 && (c.request.facets ?? []).length === 0) return { kind: 'listing', ...listing(c, window) };
  return { kind: 'ranked', statement: ranked(c, window) };
}

/** One statement answering which n-gram terms occur in the index at all (each probe stops at the first hit). */
export function ngramProbe(index: string, tsqueries: string[]): Statement {
  const p = new Parameters();
  const indexParameter = p.add(index);
  const probes = tsqueries.map(
    (tsquery, i) => `SELECT ${i} AS i WHERE EXISTS (SELECT 1 FROM search.documents WHERE index_name = ${indexParameter} AND words @@ ${p.add(tsquery)}::tsquery)`,
  );
  return { text: probes.join(' UNION ALL '), values: p.values };
}
