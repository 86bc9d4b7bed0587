// The terms a query is matched with: each query word, and Meilisearch's n-grams (two or three
// consecutive words concatenated). A document matches when the words can be covered from left to
// right by matching terms. Both the Postgres adapter and the Meilisearch stand-in read this.
import type { ParsedQuery } from './tokenizer';

export interface QueryTerm {
  text: string;
  /** Matches document words that start with `text` (only a term ending at the last query word). */
  prefix: boolean;
  /** How many query words the term covers. */
  span: number;
}

const MAX_NGRAM = 3;
const MAX_WORD_BYTES = 250;

/** `termsAt[i]`: the terms starting at query word i, shortest first. */
export function termsByPosition(query: ParsedQuery): QueryTerm[][] {
  const { words, lastIsPrefix } = query;
  return words.map((_, start) => {
    const terms: QueryTerm[] = [];
    for (let span = 1; span <= MAX_NGRAM && start + span <= words.length; span++) {
      const text = words.slice(start, start + span).join('');
      if (span > 1 && Buffer.byteLength(text) > MAX_WORD_BYTES) break;
      terms.push({ text, prefix: lastIsPrefix && start + span === words.length, span });
    }
    return terms;
  });
}
