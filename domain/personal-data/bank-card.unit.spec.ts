import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { ValidationError } from '../shared/errors';
import { parseInput } from '../shared/validation';
import { bankCardSchema, bankCardWarnings, checkBankCard, luhnCheckDigit, passesLuhn } from './bank-card';

describe('bank card number', () => {
  it('checks Luhn on well-known test numbers', () => {
    expect(passesLuhn('4111111111111111')).toBe(true);
    expect(passesLuhn('6011111111111117')).toBe(true);
    expect(passesLuhn('79927398713')).toBe(true); // the classic worked example of the algorithm
    expect(passesLuhn('79927398710')).toBe(false);
    expect(luhnCheckDigit('7992739871')).toBe('3');
  });

  it('accepts 13 to 19 digits with a Luhn digit and no warning', () => {
    for (const payload of ['622202020011223', '62148301234567890', '621700123456789012']) {
      const number = payload + luhnCheckDigit(payload);
      expect(checkBankCard(number)).toEqual({ ok: true, value: number, warnings: [] });
    }
  });

  it('drops the spaces and hyphens cards are printed with', () => {
    const number = '622202020011223' + luhnCheckDigit('622202020011223');
    expect(checkBankCard(`${number.slice(0, 4)} ${number.slice(4, 8)}-${number.slice(8, 12)} ${number.slice(12)}`)).toMatchObject({ ok: true, value: number });
  });

  it('makes a failed Luhn check a warning to confirm', () => {
    const payload = '6222020200112233';
    const wrong = payload + ((Number(luhnCheckDigit(payload)) + 1) % 10);
    expect(checkBankCard(wrong)).toEqual({
      ok: true,
      value: wrong,
      warnings: [{ code: 'BANK_CARD_LUHN_FAILED', message: '银行卡号未通过校验（Luhn），少数银行卡确实如此，请与持卡人或银行核对' }],
    });
    expect(bankCardWarnings(wrong, '补贴发放卡号')[0]?.message).toMatch(/^补贴发放卡号未通过校验/);
  });

  it('refuses too short, too long and non-digit numbers', () => {
    for (const bad of ['622202020011', '62220202001122334455', '6222O20200112233']) {
      expect(checkBankCard(bad)).toEqual({ ok: false, message: '银行卡号应为13至19位数字' });
    }
  });

  it('works as a field of another schema', () => {
    const schema = z.object({ cardNumber: bankCardSchema() });
    expect(parseInput(schema, { cardNumber: '4111 1111 1111 1111' })).toEqual({ cardNumber: '4111111111111111' });
    expect(() => parseInput(schema, { cardNumber: '4111' })).toThrow(ValidationError);
  });
});
