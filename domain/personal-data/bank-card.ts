// Bank card numbers (ISO/IEC 7812 PAN as issued by Chinese banks and UnionPay): 13 to 19 digits,
// the last one normally a Luhn check digit. Not every card number in circulation carries a valid
// Luhn digit, so a failed Luhn check is a warning the user must confirm, never a refusal: refusing
// a real card would keep a trainee from being paid.
import { z } from 'zod';
import { requiredText } from '../shared/validation';
import type { ConfirmableWarning } from './confirmable-warning';
import { digitsAndLetters } from './normalize';

export type BankCardWarningCode = 'BANK_CARD_LUHN_FAILED';

/** Spaces, hyphens and full-width digits removed ("6222 0202 ..." is how cards are printed). */
export const normalizeBankCard = (input: string): string => digitsAndLetters(input);

/** True when the number's last digit is its Luhn check digit. */
export function passesLuhn(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** The Luhn digit to append to `payload` (used by tests and the demo-data generator). */
export function luhnCheckDigit(payload: string): string {
  for (let d = 0; d <= 9; d++) if (passesLuhn(`${payload}${d}`)) return String(d);
  throw new Error('luhnCheckDigit needs digits only');
}

export type BankCardCheck = { ok: true; value: string; warnings: ConfirmableWarning[] } | { ok: false; message: string };

export function checkBankCard(input: string, label = '银行卡号'): BankCardCheck {
  const value = normalizeBankCard(input);
  if (!/^\d{13,19}$/.test(value)) return { ok: false, message: `${label}应为13至19位数字` };
  const warnings: ConfirmableWarning[] = passesLuhn(value)
    ? []
    : [{ code: 'BANK_CARD_LUHN_FAILED', message: `${label}未通过校验（Luhn），少数银行卡确实如此，请与持卡人或银行核对` }];
  return { ok: true, value, warnings };
}

/** Warnings to confirm for a number already accepted by bankCardSchema. */
export function bankCardWarnings(value: string, label = '银行卡号'): ConfirmableWarning[] {
  const result = checkBankCard(value, label);
  return result.ok ? result.warnings : [];
}

/** Zod schema: refuses malformed numbers, outputs the digits. Warnings: bankCardWarnings. */
export const bankCardSchema = (label = '银行卡号') =>
  requiredText(label, 40).transform((input, ctx) => {
    const result = checkBankCard(input, label);
    if (!result.ok) {
      ctx.addIssue({ code: 'custom', message: result.message });
      return z.NEVER;
    }
    return result.value;
  });
