// Citizen ID number (公民身份号码, GB 11643-1999): 6-digit region code (GB/T 2260), 8-digit birth
// date, 3-digit sequence (odd for men, even for women) and an ISO 7064 MOD 11-2 check character.
// A wrong check character is refused outright (requirement: the number identifies the person who is
// paid; a typo must not create a second person).
import { z } from 'zod';
import { requiredText } from '../shared/validation';
import { assertIsoDate, foldWidth, isRealDate, type IsoDate } from './normalize';
import { checkIdRegion, type RegionProblem } from './regions';

export type Sex = 'male' | 'female';
export const SEX_LABELS: Record<Sex, string> = { male: '男', female: '女' };

export interface IdNumberInfo {
  /** The normalised 18-character number (upper-case X). */
  value: string;
  regionCode: string;
  provinceCode: string;
  birthDate: IsoDate;
  sex: Sex;
}

export type IdNumberProblem = 'format' | 'old_format' | 'check_character' | 'birth_date' | 'birth_in_future' | 'age' | 'region';

export type IdNumberCheck = { ok: true; info: IdNumberInfo } | { ok: false; problem: IdNumberProblem; message: string };

/** Weights 2^(17-i) mod 11 of GB 11643 for positions 1..17. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
/** Check character for each value of (weighted sum mod 11). */
const CHECK_CHARACTERS = '10X98765432';
/** A date the check digit cannot catch as a typo (a number of 1880 is valid in GB 11643's own example). */
const EARLIEST_BIRTH = '1800-01-01';

/** Ages (full years, on the day of entry) a person of a kind may plausibly have. */
export interface AgeRange {
  min: number;
  max: number;
}

/**
 * Settings: the plausible age of each kind of person, checked against the birth date in their ID
 * number on the day they are entered. Trainees from the minimum working age (16, Labour Law art.
 * 15); teachers and legal representatives as adults (18, full civil capacity); 100 as an upper
 * bound past which a birth year is almost surely mistyped. `person` bounds any other number.
 */
export const PERSON_AGE_RANGES = {
  person: { min: 0, max: 120 },
  trainee: { min: 16, max: 100 },
  teacher: { min: 18, max: 100 },
  legalPerson: { min: 18, max: 100 },
} as const satisfies Record<string, AgeRange>;
export type PersonKind = keyof typeof PERSON_AGE_RANGES;

/** Full-width characters folded, spaces dropped, a lower-case x raised. */
export const normalizeIdNumber = (input: string): string => foldWidth(input).toUpperCase();

/** The ISO 7064 MOD 11-2 check character of the first 17 digits. */
export function idNumberCheckCharacter(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error('idNumberCheckCharacter needs exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARACTERS[sum % 11]!;
}

const REGION_MESSAGES: Record<RegionProblem, string> = {
  province: '前两位不是有效的省级行政区划代码',
  guizhou_county: '前六位不是贵州省现有或曾有的区县代码',
  implausible: '前六位不是有效的行政区划代码',
};

/** Derives region, birth date and sex from a number already known to be valid. */
export function describeIdNumber(value: string): IdNumberInfo {
  const v = normalizeIdNumber(value);
  return {
    value: v,
    regionCode: v.slice(0, 6),
    provinceCode: v.slice(0, 2),
    birthDate: `${v.slice(6, 10)}-${v.slice(10, 12)}-${v.slice(12, 14)}`,
    sex: Number(v[16]) % 2 === 1 ? 'male' : 'female',
  };
}

/** Full years between a birth date and `today` (someone born on 29 February turns a year older on 1 March). */
export function ageOn(birthDate: IsoDate, today: IsoDate): number {
  assertIsoDate(birthDate, 'birthDate');
  assertIsoDate(today);
  const years = Number(today.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return today.slice(5) >= birthDate.slice(5) ? years : years - 1;
}

/**
 * Checks a number against GB 11643 and, when an age range is given, the age its birth date gives on
 * `today`. `today` (YYYY-MM-DD, China time) comes from the caller because the domain never reads
 * the clock. Problems are reported in the order a person can fix them.
 */
export function checkIdNumber(input: string, today: IsoDate, label = '身份证号码', ages?: AgeRange): IdNumberCheck {
  assertIsoDate(today);
  const value = normalizeIdNumber(input);
  const fail = (problem: IdNumberProblem, message: string): IdNumberCheck => ({ ok: false, problem, message });
  if (/^\d{15}$/.test(value)) return fail('old_format', `${label}为15位旧号码，请填写18位身份证号码`);
  if (!/^\d{17}[\dX]$/.test(value)) return fail('format', `${label}应为18位：前17位为数字，最后一位为数字或X`);
  // The check character first: it catches any single mistyped digit, wherever it is.
  if (idNumberCheckCharacter(value.slice(0, 17)) !== value[17]) return fail('check_character', `${label}校验位不正确，请逐位核对`);
  const info = describeIdNumber(value);
  const [year, month, day] = info.birthDate.split('-').map(Number) as [number, number, number];
  if (!isRealDate(year, month, day) || info.birthDate < EARLIEST_BIRTH) return fail('birth_date', `${label}中的出生日期（第7-14位）不是有效日期`);
  if (info.birthDate > today) return fail('birth_in_future', `${label}中的出生日期晚于今天`);
  if (ages) {
    const age = ageOn(info.birthDate, today);
    if (age < ages.min || age > ages.max) {
      return fail('age', `${label}中的出生日期（${info.birthDate}）对应年龄${age}岁，应在${ages.min}至${ages.max}岁之间，请核对`);
    }
  }
  const region = checkIdRegion(info.regionCode);
  if (region) return fail('region', `${label}${REGION_MESSAGES[region]}`);
  return { ok: true, info };
}

/** Zod schema of an ID number field for a kind of person (its age range); its output is the normalised number. */
export const idNumberSchema = (today: IsoDate, label = '身份证号码', kind: PersonKind = 'person') =>
  requiredText(label, 40).transform((input, ctx) => {
    const result = checkIdNumber(input, today, label, PERSON_AGE_RANGES[kind]);
    if (!result.ok) {
      ctx.addIssue({ code: 'custom', message: result.message });
      return z.NEVER;
    }
    return result.info.value;
  });
