import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { RuleViolationError } from '../shared/errors';
import { parseInput } from '../shared/validation';
import { bankCardSchema, bankCardWarnings } from './bank-card';
import { atField, confirmedWarningsSchema, requireConfirmedWarnings, UnconfirmedWarningsError, withConfirmedWarnings, type ConfirmableWarning } from './confirmable-warning';
import { creditCodeSchema, creditCodeWarnings } from './credit-code';

const luhnFails: ConfirmableWarning = { code: 'BANK_CARD_LUHN_FAILED', message: '银行卡号未通过校验（Luhn）' };
const checkFails: ConfirmableWarning = { code: 'CREDIT_CODE_CHECK_FAILED', message: '统一社会信用代码校验位不符' };

describe('confirmable warnings', () => {
  it('refuses a command whose warnings are not all confirmed, listing them in Chinese', () => {
    let error: unknown;
    try {
      requireConfirmedWarnings([luhnFails, checkFails], ['BANK_CARD_LUHN_FAILED']);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UnconfirmedWarningsError);
    expect(error).toBeInstanceOf(RuleViolationError);
    expect((error as RuleViolationError).code).toBe('RULE_VIOLATION');
    expect((error as UnconfirmedWarningsError).warnings).toEqual([checkFails]);
    expect((error as Error).message).toBe('以下内容需要确认后才能提交：统一社会信用代码校验位不符。请核对，确认无误后勾选确认再提交。');
  });

  it('returns the confirmed warnings to record, ignoring confirmations of warnings that no longer apply', () => {
    expect(requireConfirmedWarnings([luhnFails], ['BANK_CARD_LUHN_FAILED', 'CREDIT_CODE_CHECK_FAILED'])).toEqual([luhnFails]);
    expect(requireConfirmedWarnings([], undefined)).toEqual([]);
  });

  it('records confirmed warnings on event data only when there are some', () => {
    expect(withConfirmedWarnings({ cardNumber: '4111111111111111' }, [])).toEqual({ cardNumber: '4111111111111111' });
    expect(withConfirmedWarnings({ cardNumber: 'x' }, [luhnFails])).toEqual({ cardNumber: 'x', confirmedWarnings: [luhnFails] });
  });

  it('runs end to end the way a module uses it', () => {
    // 1. The command's input schema: value objects plus the confirmations.
    const input = z.object({ cardNumber: bankCardSchema(), creditCode: creditCodeSchema(), confirmedWarnings: confirmedWarningsSchema });
    const decide = (raw: unknown) => {
      const command = parseInput(input, raw);
      // 2. The warnings of every value, each marked with its field.
      const warnings = [...atField('cardNumber', bankCardWarnings(command.cardNumber)), ...atField('creditCode', creditCodeWarnings(command.creditCode))];
      // 3. Refused unless confirmed; 4. the confirmation goes on the event.
      const confirmed = requireConfirmedWarnings(warnings, command.confirmedWarnings);
      return { type: 'BankAccountRegistered', data: withConfirmedWarnings({ cardNumber: command.cardNumber, creditCode: command.creditCode }, confirmed) };
    };
    const raw = { cardNumber: '4111111111111112', creditCode: '91350100M000100Y43' };
    expect(() => decide(raw)).toThrow(UnconfirmedWarningsError);
    expect(decide({ ...raw, confirmedWarnings: ['BANK_CARD_LUHN_FAILED'] }).data).toEqual({
      cardNumber: '4111111111111112',
      creditCode: '91350100M000100Y43',
      confirmedWarnings: [{ code: 'BANK_CARD_LUHN_FAILED', message: '银行卡号未通过校验（Luhn），少数银行卡确实如此，请与持卡人或银行核对', field: 'cardNumber' }],
    });
    expect(decide({ ...raw, cardNumber: '4111111111111111' }).data).not.toHaveProperty('confirmedWarnings');
  });
});
