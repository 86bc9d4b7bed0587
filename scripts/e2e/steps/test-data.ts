// Personal data for the module steps that passes the domain's checks (check digits computed with
// the domain's own functions), and one value that fails a check on purpose to raise a warning.
import { creditCodeCheckCharacter, organizationCodeCheckCharacter } from '../../../domain/personal-data/credit-code';
import { luhnCheckDigit } from '../../../domain/personal-data/bank-card';
import { idNumberCheckCharacter } from '../../../domain/personal-data/id-number';

export const idNumber = (region: string, birth: string, sequence: string) => {
  const first17 = `${region}${birth}${sequence}`;
  return first17 + idNumberCheckCharacter(first17);
};

/** A 民办非企业单位 code registered in Nanming whose last (check) character is wrong: a warning, not a refusal. */
export function creditCodeFailingCheck(): string {
  const body = 'MA6HX7Y2';
  const first17 = `52520102${body}${organizationCodeCheckCharacter(body)}`;
  const right = creditCodeCheckCharacter(first17);
  return first17 + (right === '1' ? '2' : '1');
}

export const bankCard = (payload: string) => payload + luhnCheckDigit(payload);
/** A card number failing Luhn: some real ones do; the user confirms it. */
export const bankCardFailingLuhn = (payload: string) => payload + String((Number(luhnCheckDigit(payload)) + 1) % 10);
