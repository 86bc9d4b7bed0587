// Renders a parsed query as tsquery text: every query word covered, left to right, by a word or an
// n-gram term (see query-terms.ts). Prefix terms use `:*`, which GIN serves as a range scan.
import { termsByPosition, type QueryTerm } from '../query-terms';
import type { ParsedQuery } from '../tokenizer';
import { quoteLexeme } from './document-row';

/** Whether an n-gram term may match; single words always may. */
export type TermFilter = (term: QueryTerm) => boolean;

export interface TsqueryOptions {
  /**
   * N-gram terms that occur nowhere in the index are left out: the alternatives (OR) they add at
   * the top of the query stop GIN from driving the scan by the rarest word, which costs tens of
   * milliseconds per query over a million documents, and they cannot match anyway.
   */
  terms?: TermFilter;
  /** Only words carrying these weights count (attribute ranks), e.g. 'AB'. */
  weights?: string;
  /** Treat prefix terms as exact, to tell exact matches from prefix-only ones. */
  exactOnly?: boolean;
}

export const renderTerm = (t: QueryTerm, options: TsqueryOptions = {}) => {
  const flags = `${t.prefix && !options.exactOnly ? '*' : ''}${options.weights ?? ''}`;
  return flags ? `${quoteLexeme(t.text)}:${flags}` : quoteLexeme(t.text);
};

export function renderTsquery(query: ParsedQuery, options: TsqueryOptions = {}): string {
  const allowed = options.terms ?? (() => true);
  const terms = termsByPosition(query).map((list) => list.filter((t) => t.span === 1 || allowed(t)));
  // Each cover is (term starting here) AND (cover of the rest); the alternatives are ORed.
  const from = (position: number): string => {
    const alternatives = terms[position]!.map((t) => {
      const rest = position + t.span < terms.length ? from(position + t.span) : undefined;
      return rest ? `${renderTerm(t, options)} & (${rest})` : renderTerm(t, options);
    });
    return alternatives.length === 1 ? alternatives[0]! : alternatives.map((a) => `(${a})`).join(' | ');
  };
  return from(0);
}
