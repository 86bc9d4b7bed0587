// Money is integer fen (分) everywhere (DESIGN.md §8): no floating point is ever used for an amount.
// A JavaScript number holds every integer up to 2^53 exactly, far beyond any budget here, so fen
// travel as safe integers inside the server and as decimal strings on the wire (GraphQL's Int is
// 32-bit: 21,474,836.47 yuan, less than one county's yearly fund).
import { z } from 'zod';

export type Fen = number;

/** The largest amount accepted anywhere: 1,000 亿元. Bounds every sum far below 2^53. */
export const MAX_FEN = 10_000_000_000_000;

/** A non-negative whole number of fen (refuses floats, negatives and unsafe integers with a Chinese message). */
export const fenSchema = (label: string, options: { positive?: boolean } = {}) =>
  z
    .number({ error: (issue) => (issue.input === undefined || issue.input === null ? `${label}不能为空` : `${label}必须是数字（单位：分）`) })
    .int({ error: `${label}必须是整数（单位：分），不能有小数` })
    .min(options.positive ? 1 : 0, { error: options.positive ? `${label}必须大于0` : `${label}不能为负数` })
    .max(MAX_FEN, { error: `${label}超出允许的范围` });

/**
 * An amount in fen as the API carries it: a decimal string of digits ("150000" = 1,500.00 元), or
 * a safe integer. Anything else (a sign, a decimal point, an exponent, spaces) is refused: a
 * hand-edited "1500.5" must never become 1,500 or 1,501.
 */
export const fenText = (label: string, options: { positive?: boolean } = {}) =>
  z
    .union([z.string({ error: `${label}不能为空` }), z.number({ error: `${label}不能为空` })], { error: `${label}不能为空` })
    .transform((value, ctx) => {
      const text = typeof value === 'number' ? String(value) : value.trim();
      if (text.startsWith('-')) {
        ctx.addIssue({ code: 'custom', message: `${label}不能为负数` });
        return z.NEVER;
      }
      if (!/^\d+$/.test(text)) {
        ctx.addIssue({ code: 'custom', message: `${label}必须是整数（单位：分），不能有小数、符号或空格` });
        return z.NEVER;
      }
      const fen = Number(text);
      if (!Number.isSafeInteger(fen) || fen > MAX_FEN) {
        ctx.addIssue({ code: 'custom', message: `${label}超出允许的范围` });
        return z.NEVER;
      }
      if (options.positive && fen === 0) {
        ctx.addIssue({ code: 'custom', message: `${label}必须大于0` });
        return z.NEVER;
      }
      return fen;
    });

/** 123456 -> "1,234.56元" (integer arithmetic only). */
export function formatYuan(fen: Fen): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100);
  const cents = abs % 100;
  return `${sign}${yuan.toLocaleString('en-US')}.${String(cents).padStart(2, '0')}元`;
}

/** The exact sum of amounts, checked to stay a safe integer. */
export function sumFen(amounts: Iterable<Fen>): Fen {
  let total = 0;
  for (const a of amounts) {
    if (!Number.isSafeInteger(a)) throw new Error(`not an integer amount of fen: ${a}`);
    total += a;
  }
  if (!Number.isSafeInteger(total)) throw new Error('sum of amounts exceeds the safe range');
  return total;
}

/** A share of an amount in whole fen, rounded down (a discount of 80 % on 1,234 fen is 987 fen). */
export const percentOf = (fen: Fen, percent: number): Fen => Math.floor((fen * percent) / 100);
