// Phone numbers of mainland China: mobile numbers (1[3-9] + 9 digits) and fixed lines with their
// area code (区号: 010 and 02x have three digits, all others four, e.g. 0851 for 贵阳), optionally
// with an extension. The normalised forms are `13800138000` and `0851-85551234` (`-801` for an
// extension): one spelling per number, so the blind index finds it however it was typed.
import { z } from 'zod';
import { requiredText } from '../shared/validation';
import { foldWidth } from './normalize';

export type PhoneKind = 'mobile' | 'landline';

export interface PhoneInfo {
  value: string;
  kind: PhoneKind;
  /** Area code of a fixed line, e.g. 0851. */
  areaCode?: string;
}

const MOBILE = /^1[3-9]\d{9}$/;
/** Area code, then a subscriber number of 7-8 digits that never starts with 0 or 1. */
const LANDLINE = /^(0(?:10|2\d|[3-9]\d{2}))([2-9]\d{6,7})$/;

/** Area code and number of a fixed line typed with any grouping ("0851-8555-1234"). */
function splitLandline(text: string): [string, string] | undefined {
  const match = LANDLINE.exec(text.replace(/-/g, ''));
  return match ? [match[1]!, match[2]!] : undefined;
}

/**
 * Folds the usual spellings: "+86 138 0013 8000", "0086-13800138000", "(0851) 8555-1234",
 * "0851－85551234转801". Returns undefined when the input is no phone number.
 */
export function parsePhone(input: string): PhoneInfo | undefined {
  const compact = foldWidth(input).replace(/[()（）]/g, '').replace(/[—–]/g, '-');
  const mobile = compact.replace(/-/g, '').replace(/^(?:\+86|0086|86)(?=1\d{10}$)/, '');
  if (MOBILE.test(mobile)) return { value: mobile, kind: 'mobile' };
  // "+86" before a fixed line replaces the area code's leading 0.
  let body = compact.replace(/^(?:\+86|0086)-?(?=[1-9])/, '0');
  let extension: string | undefined;
  // An extension is marked (转, ext), or is a last "-group" after an already complete number.
  const marked = /^(.*?)-?(?:转|ext\.?)(\d{1,6})$/i.exec(body) ?? /^(.*)-(\d{1,6})$/.exec(body);
  if (marked && splitLandline(marked[1]!)) {
    body = marked[1]!;
    extension = marked[2];
  }
  if (!/^[\d-]+$/.test(body)) return undefined;
  const split = splitLandline(body);
  if (!split) return undefined;
  const [areaCode, number] = split;
  return { value: `${areaCode}-${number}${extension ? `-${extension}` : ''}`, kind: 'landline', areaCode };
}

/** The normalised number, or the folded input unchanged when it is no phone number. */
export const normalizePhone = (input: string): string => parsePhone(input)?.value ?? foldWidth(input);

const phoneField = (label: string, accept: (info: PhoneInfo) => boolean, message: string) =>
  requiredText(label, 40).transform((input, ctx) => {
    const info = parsePhone(input);
    if (!info || !accept(info)) {
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    }
    return info.value;
  });

/** A mobile or fixed-line number. */
export const phoneSchema = (label = '联系电话') =>
  phoneField(label, () => true, `${label}应为11位手机号码，或带区号的固定电话（如0851-85551234）`);

/** A mobile number only (SMS notices, real-person verification). */
export const mobilePhoneSchema = (label = '手机号码') =>
  phoneField(label, (info) => info.kind === 'mobile', `${label}应为11位手机号码（1开头，第二位为3-9）`);
