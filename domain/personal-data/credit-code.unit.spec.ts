import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { ValidationError } from '../shared/errors';
import { parseInput } from '../shared/validation';
import { checkCreditCode, creditCodeCheckCharacter, creditCodeSchema, creditCodeWarnings, organizationCodeCheckCharacter } from './credit-code';

/** A code whose organisation-code and GB 32100 check characters are both computed. */
function build(prefix8: string, orgBody: string): string {
  const first17 = prefix8 + orgBody + organizationCodeCheckCharacter(orgBody);
  return first17 + creditCodeCheckCharacter(first17);
}
const warningCodes = (code: string) => creditCodeWarnings(code).map((w) => w.code);

describe('unified social credit code (GB 32100-2015)', () => {
  it('accepts published codes (each checked against both algorithms before use here)', () => {
    for (const code of [
      '91350100M000100Y43', // a widely quoted sample code
      '914403001922038216',
      '9144030071526726XG',
      '91330100716105852F',
      '91110108551385082Q',
      '12100000400000624D', // a central public institution (事业单位), division 100000
    ]) {
      expect(checkCreditCode(code)).toEqual({ ok: true, value: code, warnings: [] });
    }
  });

  it('computes both check characters', () => {
    expect(creditCodeCheckCharacter('91350100M000100Y4')).toBe('3');
    expect(organizationCodeCheckCharacter('M000100Y')).toBe('4');
    expect(organizationCodeCheckCharacter('71526726')).toBe('X');
  });

  it('accepts generated Guizhou codes of each common kind', () => {
    expect(warningCodes(build('91520102', 'MA6DKP2Q'))).toEqual([]); // company, 南明区
    expect(warningCodes(build('92520115', 'MA6H1234'))).toEqual([]); // individual business
    expect(warningCodes(build('52520000', 'MJY47269'))).toEqual([]); // 民办非企业单位 (private training school), province
    expect(warningCodes(build('12520000', '42935432'))).toEqual([]); // public institution
  });

  it('folds lower case, full width and spaces', () => {
    expect(checkCreditCode(' 91350100m000100y43 ')).toMatchObject({ ok: true, value: '91350100M000100Y43' });
    expect(checkCreditCode('９１３５０１００Ｍ０００１００Ｙ４３')).toMatchObject({ ok: true, value: '91350100M000100Y43' });
  });

  it('makes a wrong check character a warning to confirm, not a refusal', () => {
    const result = checkCreditCode('91350100M000100Y44');
    expect(result).toEqual({
      ok: true,
      value: '91350100M000100Y44',
      warnings: [{ code: 'CREDIT_CODE_CHECK_FAILED', message: '统一社会信用代码校验位（第18位）不符合国家标准，请与营业执照或登记证书核对' }],
    });
  });

  it('warns about structure that does not fit the standard', () => {
    expect(warningCodes(build('B1520102', 'MA6DKP2Q'))).toEqual(['CREDIT_CODE_UNKNOWN_AUTHORITY']);
    expect(warningCodes(build('94520102', 'MA6DKP2Q'))).toEqual(['CREDIT_CODE_UNKNOWN_TYPE']);
    expect(warningCodes(build('91990102', 'MA6DKP2Q'))).toEqual(['CREDIT_CODE_UNKNOWN_DIVISION']);
    expect(warningCodes(build('91520001', 'MA6DKP2Q'))).toEqual(['CREDIT_CODE_UNKNOWN_DIVISION']);
    // Organisation code check character wrong, the code's own check character recomputed to match.
    const first17 = '91520102MA6DKP2Q' + (organizationCodeCheckCharacter('MA6DKP2Q') === '1' ? '2' : '1');
    expect(warningCodes(first17 + creditCodeCheckCharacter(first17))).toEqual(['CREDIT_CODE_ORG_CODE_CHECK_FAILED']);
  });

  it('refuses malformed codes', () => {
    expect(checkCreditCode('91350100M000100Y4')).toEqual({ ok: false, message: '统一社会信用代码应为18位' });
    expect(checkCreditCode('91350100MO00100Y43')).toMatchObject({ ok: false, message: expect.stringContaining('不含字母I、O、Z、S、V') });
    expect(checkCreditCode('91350100M000100Y4#')).toMatchObject({ ok: false, message: '统一社会信用代码只能由数字和大写字母组成' });
    expect(checkCreditCode('9135A100M000100Y43')).toMatchObject({ ok: false, message: expect.stringContaining('行政区划码') });
  });

  it('works as a field of another schema', () => {
    const schema = z.object({ creditCode: creditCodeSchema('机构统一社会信用代码') });
    expect(parseInput(schema, { creditCode: '91350100m000100y43' })).toEqual({ creditCode: '91350100M000100Y43' });
    expect(parseInput(schema, { creditCode: '91350100M000100Y44' })).toEqual({ creditCode: '91350100M000100Y44' }); // warnings are the command's business
    expect(() => parseInput(schema, { creditCode: '123' })).toThrow(ValidationError);
  });
});
