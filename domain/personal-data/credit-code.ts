// Unified social credit code (统一社会信用代码, GB 32100-2015), 18 characters:
//   1     registration authority (登记管理部门码)     2    organisation type (机构类别码)
//   3-8   administrative division of the registering office (GB/T 2260)
//   9-17  organisation code (主体标识码, GB 11714: 8 characters and its own check character)
//   18    check character, weighted MOD 31 over positions 1-17
// A malformed code (length, characters) is refused; a well-formed code whose structure or check
// characters do not compute is a warning to confirm, because codes issued in the early years of the
// standard exist that fail it and the organisation cannot change its code.
import { z } from 'zod';
import { requiredText } from '../shared/validation';
import type { ConfirmableWarning } from './confirmable-warning';
import { foldWidth } from './normalize';
import { PROVINCE_CODES } from './regions';

/** The 31 characters of GB 32100: digits and capitals without I, O, Z, S, V. */
export const CREDIT_CODE_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** Weights 3^(i) mod 31 for positions 1..17. */
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
/** GB 11714 weights of the organisation code's 8 body characters. */
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;

/** Organisation types allowed under each registration authority (GB 32100-2015 and its amendments). */
const TYPES_BY_AUTHORITY: Readonly<Record<string, string>> = {
  '1': '1239', // 机构编制: 机关, 事业单位, 中央编办直接管理的群众团体, 其他
  '2': '19', // 外交: 外国常驻新闻机构, 其他
  '3': '123459', // 司法行政: 律师执业机构, 公证处, 基层法律服务所, 司法鉴定机构, 仲裁委员会, 其他
  '4': '19', // 文化: 外国在华文化中心, 其他
  '5': '1239', // 民政: 社会团体, 民办非企业单位, 基金会, 其他
  '6': '129', // 旅游: 外国及港澳台旅游部门常驻代表机构, 其他
  '7': '129', // 宗教: 宗教活动场所, 宗教院校, 其他
  '8': '19', // 工会: 基层工会, 其他
  '9': '123', // 工商: 企业, 个体工商户, 农民专业合作社
  A: '19', // 中央军委改革和编制办公室: 军队事业单位, 其他
  N: '1239', // 农业: 组级、村级、乡镇级集体经济组织, 其他
  Y: '1', // 其他
};

export type CreditCodeWarningCode =
  | 'CREDIT_CODE_CHECK_FAILED'
  | 'CREDIT_CODE_ORG_CODE_CHECK_FAILED'
  | 'CREDIT_CODE_UNKNOWN_AUTHORITY'
  | 'CREDIT_CODE_UNKNOWN_TYPE'
  | 'CREDIT_CODE_UNKNOWN_DIVISION';

export type CreditCodeCheck = { ok: true; value: string; warnings: ConfirmableWarning[] } | { ok: false; message: string };

export const normalizeCreditCode = (input: string): string => foldWidth(input).toUpperCase();

/** The GB 32100 check character of the first 17 characters. */
export function creditCodeCheckCharacter(first17: string): string {
  if (first17.length !== 17 || [...first17].some((c) => !CREDIT_CODE_CHARSET.includes(c))) {
    throw new Error('creditCodeCheckCharacter needs 17 characters of the GB 32100 charset');
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_CODE_CHARSET.indexOf(first17[i]!) * WEIGHTS[i]!;
  return CREDIT_CODE_CHARSET[(31 - (sum % 31)) % 31]!;
}

/** The GB 11714 check character of an organisation code's 8 body characters (digits, A=10 .. Z=35). */
export function organizationCodeCheckCharacter(body: string): string {
  if (!/^[0-9A-Z]{8}$/.test(body)) throw new Error('organizationCodeCheckCharacter needs 8 digits or capitals');
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += parseInt(body[i]!, 36) * ORG_WEIGHTS[i]!;
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : String(check);
}

/** Warnings of a well-formed code, most telling first. */
function structureWarnings(code: string, label: string): ConfirmableWarning[] {
  const warnings: ConfirmableWarning[] = [];
  const warn = (c: CreditCodeWarningCode, message: string) => warnings.push({ code: c, message: `${label}${message}` });
  if (creditCodeCheckCharacter(code.slice(0, 17)) !== code[17]) warn('CREDIT_CODE_CHECK_FAILED', '校验位（第18位）不符合国家标准，请与营业执照或登记证书核对');
  const types = TYPES_BY_AUTHORITY[code[0]!];
  if (!types) warn('CREDIT_CODE_UNKNOWN_AUTHORITY', '第1位登记管理部门代码不在国家标准范围内');
  else if (!types.includes(code[1]!)) warn('CREDIT_CODE_UNKNOWN_TYPE', '第2位机构类别代码与登记管理部门不符');
  const division = code.slice(2, 8);
  // Central bodies register under 100000; everyone else under a province's division.
  const provinceLevel = division.endsWith('0000');
  if (division !== '100000' && (!(division.slice(0, 2) in PROVINCE_CODES) || (division.slice(2, 4) === '00' && !provinceLevel))) {
    warn('CREDIT_CODE_UNKNOWN_DIVISION', '第3-8位登记管理机关行政区划码无效');
  }
  const orgBody = code.slice(8, 16);
  if (!/^[0-9A-Z]{8}$/.test(orgBody) || organizationCodeCheckCharacter(orgBody) !== code[16]) {
    warn('CREDIT_CODE_ORG_CODE_CHECK_FAILED', '第9-17位组织机构代码的校验位不符合国家标准');
  }
  return warnings;
}

/** Refuses a malformed code; a well-formed one comes back with its warnings (possibly none). */
export function checkCreditCode(input: string, label = '统一社会信用代码'): CreditCodeCheck {
  const value = normalizeCreditCode(input);
  if (value.length !== 18) return { ok: false, message: `${label}应为18位` };
  if (/[IOZSV]/.test(value)) return { ok: false, message: `${label}不含字母I、O、Z、S、V，请检查是否把数字0、1、2、5误写为字母` };
  if ([...value].some((c) => !CREDIT_CODE_CHARSET.includes(c))) return { ok: false, message: `${label}只能由数字和大写字母组成` };
  if (!/^\d{6}$/.test(value.slice(2, 8))) return { ok: false, message: `${label}第3-8位应为行政区划码（6位数字）` };
  return { ok: true, value, warnings: structureWarnings(value, label) };
}

/** Warnings to confirm for a code already accepted by creditCodeSchema. */
export function creditCodeWarnings(value: string, label = '统一社会信用代码'): ConfirmableWarning[] {
  const result = checkCreditCode(value, label);
  return result.ok ? result.warnings : [];
}

/** Zod schema: refuses malformed codes, outputs the normalised code. Warnings: creditCodeWarnings. */
export const creditCodeSchema = (label = '统一社会信用代码') =>
  requiredText(label, 40).transform((input, ctx) => {
    const result = checkCreditCode(input, label);
    if (!result.ok) {
      ctx.addIssue({ code: 'custom', message: result.message });
      return z.NEVER;
    }
    return result.value;
  });
