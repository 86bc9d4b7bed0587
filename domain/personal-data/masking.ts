// How personal data is shown to someone without the unmask permission. Masks are computed from
// the clear value when a read model row is written, so the clear value never needs to be read
// back to display a list.
import { parsePhone } from './phone';

/** Keeps `start` leading and `end` trailing characters; too short a value is masked entirely. */
export function maskMiddle(value: string, start: number, end: number): string {
  const chars = [...value];
  if (chars.length <= start + end) return '*'.repeat(chars.length);
  return chars.slice(0, start).join('') + '*'.repeat(chars.length - start - end) + chars.slice(chars.length - end).join('');
}

/** 520102199003071234 -> 520102********1234 (region code and last four stay readable). */
export const maskIdNumber = (value: string): string => maskMiddle(value, 6, 4);

/** 13800138000 -> 138****8000; 0851-85551234 -> 0851-****1234. */
export function maskPhone(value: string): string {
  const info = parsePhone(value);
  if (!info) return maskMiddle(value, 0, 4);
  if (info.kind === 'mobile') return maskMiddle(info.value, 3, 4);
  const [area, number, extension] = info.value.split('-') as [string, string, string | undefined];
  return `${area}-${maskMiddle(number, 0, 4)}${extension ? `-${extension}` : ''}`;
}

/** 6222020200112233445 -> 6222***********3445 (issuer prefix and last four stay readable). */
export const maskBankCard = (value: string): string => maskMiddle(value, 4, 4);

/**
 * Two-character surnames (复姓) that stay readable as a whole: 欧阳娜娜 -> 欧阳**. The common ones
 * only; an unlisted compound surname is shown by its first character, which reveals less, not more.
 */
const COMPOUND_SURNAMES = new Set([
  '欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙', '宇文', '司徒', '夏侯', '令狐', '端木',
  '澹台', '轩辕', '呼延', '独孤', '南宫', '万俟', '闻人', '申屠', '西门', '百里', '东郭', '公冶', '赫连', '濮阳', '太史',
  '钟离', '鲜于', '司空', '拓跋', '第五', '左丘', '梁丘', '宗政', '段干', '即墨',
]);

/**
 * 张三 -> 张*, 欧阳娜娜 -> 欧阳**: the surname stays, every other character becomes *. The middle
 * dot of transliterated names (阿依古丽·买买提) is kept so the mask has the name's shape.
 */
export function maskName(value: string): string {
  const chars = [...value.trim()];
  if (chars.length <= 1) return '*'.repeat(chars.length);
  const keep = chars.length > 2 && COMPOUND_SURNAMES.has(chars[0]! + chars[1]!) ? 2 : 1;
  return chars.map((c, i) => (i < keep || c === '·' || c === '•' ? c : '*')).join('');
}
