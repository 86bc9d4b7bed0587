// The citizen ID number's form in the browser (GB 11643: 17 digits and an ISO 7064 MOD 11-2 check
// character), so a mistyped number is named at once and asks nothing of the server. The console may
// not import server code (dependency-cruiser), so this repeats the format and check-character part
// of domain/personal-data/id-number.ts, with its messages; the server still checks everything (birth
// date, region) and its message lands on the same field.

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARACTERS = '10X98765432';

/** Full-width characters folded (NFKC, as the server does), spaces dropped, a lower-case x raised. */
export const normalizeIdNumber = (input: string): string => input.normalize('NFKC').replace(/\s+/g, '').toUpperCase();

/** The Chinese message for a number that is not a well-formed 18-character ID number, or null when it is. */
export function idNumberProblem(input: string, label = '身份证号码'): string | null {
  const value = normalizeIdNumber(input);
  if (!value) return `请输入${label}`;
  if (/^\d{15}$/.test(value)) return `${label}为15位旧号码，请填写18位身份证号码`;
  if (!/^\d{17}[\dX]$/.test(value)) return `${label}应为18位：前17位为数字，最后一位为数字或X`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(value[i]) * WEIGHTS[i]!;
  return CHECK_CHARACTERS[sum % 11] === value[17] ? null : `${label}校验位不正确，请逐位核对`;
}
