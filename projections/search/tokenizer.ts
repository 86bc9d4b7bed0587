// Cuts text into the words both adapters index and search (see the semantics in search-port.ts).
// Han runs go to jieba without HMM, as charabia does for `cmn`: measured on these machines,
// @node-rs/jieba gives Meilisearch's words where Intl.Segmenter splits finer and disagrees.
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { MAX_QUERY_WORDS, type SearchValue } from './search-port';

/** Bump when tokenisation changes: stored word vectors derived by an older version are rebuilt. */
export const TOKENIZER_VERSION = 1;

let jieba: Jieba | undefined;
// @node-rs/jieba 2 starts with an empty dictionary; loading the bundled one takes ~0.5 s, so once.
const segmenter = () => (jieba ??= Jieba.withDict(dict));

const HAN_OR_WORD = /(\p{Script=Han}+)|([\p{L}\p{N}\p{M}]+)/gu;
const MARKS = /\p{M}/gu;

/** Meilisearch's longest indexed word, in bytes. */
const MAX_WORD_BYTES = 250;

export function normalize(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/** The words of one text, in order. */
export function tokenize(text: string): string[] {
  const words: string[] = [];
  for (const match of normalize(text).matchAll(HAN_OR_WORD)) {
    if (match[1]) {
      for (const word of segmenter().cut(match[1], false)) if (word.trim()) words.push(word);
    } else if (match[2]) {
      // Accents do not distinguish Latin words (charabia removes them as well).
      const word = match[2].normalize('NFKD').replace(MARKS, '');
      if (word) words.push(word);
    }
  }
  return words.filter((word) => Buffer.byteLength(word) <= MAX_WORD_BYTES);
}

/** The words of a document value: strings and numbers as text, booleans as true/false, arrays per element. */
export function valueWords(value: SearchValue | undefined): string[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.flatMap((element) => tokenize(element));
  return tokenize(String(value));
}

export interface ParsedQuery {
  words: string[];
  /** Whether the last word matches as a prefix (not when the query ends with a separator). */
  lastIsPrefix: boolean;
}

export function parseQuery(q: string | undefined): ParsedQuery {
  const text = q ?? '';
  const words = tokenize(text).slice(0, MAX_QUERY_WORDS);
  const all = tokenize(text);
  // A trailing separator ends the last word; a query cut at the word limit has no prefix either.
  const endsWithSeparator = !/[\p{L}\p{N}\p{M}]$/u.test(normalize(text));
  return { words, lastIsPrefix: words.length > 0 && !endsWithSeparator && all.length <= MAX_QUERY_WORDS };
}
