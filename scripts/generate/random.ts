// A small seeded PRNG (sfc32, seeded through cyrb128): the same seed gives the same province on
// every machine and every run, which is what makes the demo data idempotent (same records, same
// command ids) and the benchmarks comparable. Not for anything secret.

/** 128 bits of seed from a string (cyrb128). */
function cyrb128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(readonly seed: string) {
    [this.a, this.b, this.c, this.d] = cyrb128(seed);
    for (let i = 0; i < 12; i++) this.next();
  }

  /** A uniform float in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** An independent stream for one concern: drawing more of one kind does not shift the others. */
  fork(label: string): Random {
    return new Random(`${this.seed}/${label}`);
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Digits as text, e.g. digits(4) -> "0382". */
  digits(count: number): string {
    let out = '';
    for (let i = 0; i < count; i++) out += String(Math.floor(this.next() * 10));
    return out;
  }

  /** A roughly normal value (sum of uniforms), clamped to [min, max]. */
  normal(mean: number, spread: number, min: number, max: number): number {
    const z = this.next() + this.next() + this.next() + this.next() - 2;
    return Math.min(max, Math.max(min, mean + z * spread * 1.73));
  }
}

/** Items with weights, drawn in proportion (binary search over the running totals). */
export class Weighted<T> {
  private readonly totals: number[] = [];
  private readonly total: number;

  constructor(readonly entries: readonly (readonly [T, number])[]) {
    let sum = 0;
    for (const [, weight] of entries) {
      if (!(weight >= 0)) throw new Error('weights must be non-negative');
      sum += weight;
      this.totals.push(sum);
    }
    if (sum <= 0) throw new Error('weights must not all be zero');
    this.total = sum;
  }

  draw(random: Random): T {
    const target = random.next() * this.total;
    let lo = 0;
    let hi = this.totals.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.totals[mid]! > target) hi = mid;
      else lo = mid + 1;
    }
    return this.entries[lo]![0];
  }
}

/**
 * Splits `total` over keys in proportion to their weights (largest remainder), giving each key at
 * least `floor` when the total allows it. Deterministic: ties go to the earlier key.
 */
export function apportion<K>(total: number, weights: readonly (readonly [K, number])[], floor = 0): Map<K, number> {
  const result = new Map<K, number>(weights.map(([k]) => [k, 0]));
  const minimum = total >= floor * weights.length ? floor : 0;
  for (const [k] of weights) result.set(k, minimum);
  const rest = total - minimum * weights.length;
  const sum = weights.reduce((s, [, w]) => s + w, 0);
  const shares = weights.map(([k, w], index) => ({ k, index, exact: (rest * w) / sum }));
  let given = 0;
  for (const s of shares) {
    const whole = Math.floor(s.exact);
    result.set(s.k, result.get(s.k)! + whole);
    given += whole;
  }
  const byRemainder = [...shares].sort((x, y) => y.exact - Math.floor(y.exact) - (x.exact - Math.floor(x.exact)) || x.index - y.index);
  for (let i = 0; i < rest - given; i++) result.set(byRemainder[i]!.k, result.get(byRemainder[i]!.k)! + 1);
  return result;
}
