// Meilisearch's typo tolerance as v1.15 applies it: Damerau-Levenshtein over characters, a typo on
// the first character costs two, and the number of typos allowed depends on the word's length in
// BYTES (fixed to characters in meilisearch#5617, after 1.15). So a two-character Chinese word
// (6 bytes) tolerates one typo there: 贵阳 finds 贵州. The adapter turns typos off on Chinese fields.

export interface TypoSettings {
  enabled: boolean;
  oneTypo: number;
  twoTypos: number;
  disableOnWords: string[];
  disableOnNumbers: boolean;
}

export function typosAllowed(word: string, settings: TypoSettings): number {
  if (!settings.enabled || settings.disableOnWords.includes(word)) return 0;
  if (settings.disableOnNumbers && /^\d+$/.test(word)) return 0;
  const bytes = Buffer.byteLength(word);
  if (bytes < settings.oneTypo) return 0;
  return bytes < settings.twoTypos ? 1 : 2;
}

/** Optimal-string-alignment distance (adjacent transpositions count as one edit). */
export function damerauLevenshtein(a: string[], b: string[]): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * Typos needed for `term` to match `word` (as a prefix of it when `prefix`), or undefined when more
 * than `max` would be needed.
 */
export function typoCost(term: string, word: string, prefix: boolean, max: number): number | undefined {
  if (max === 0) return undefined;
  const t = Array.from(term);
  const w = Array.from(word);
  const candidates = prefix
    ? Array.from({ length: 2 * max + 1 }, (_, k) => t.length - max + k).filter((n) => n >= 1 && n <= w.length).map((n) => w.slice(0, n))
    : [w];
  let best: number | undefined;
  for (const candidate of candidates) {
    const distance = damerauLevenshtein(t, candidate);
    // A different first character is only reachable with two typos allowed, and costs both.
    const cost = t[0] === candidate[0] ? distance : max >= 2 && distance <= 1 ? 2 : undefined;
    if (cost !== undefined && cost <= max && (best === undefined || cost < best)) best = cost;
  }
  return best;
}
