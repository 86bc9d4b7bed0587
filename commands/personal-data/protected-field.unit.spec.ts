import { describe, expect, it, jest } from '@jest/globals';
import { PiiDecryptionError } from './pii-cipher';
import { loadPiiKeys } from './pii-keys';
import { createPersonalDataProtector, protectedColumns } from './protected-field';

const keys = () => loadPiiKeys({ PII_ENCRYPTION_KEY: '00112233445566778899aabbccddeeff', PII_BLIND_INDEX_KEY: 'ffeeddccbbaa99887766554433221100' }, jest.fn());

describe('protected fields', () => {
  it('turns a clear value into cipher, blind index and mask', () => {
    const protector = createPersonalDataProtector(keys());
    const value = protector.protect('idNumber', '11010519491231002x');
    expect(value.masked).toBe('110105********002X');
    expect(value.cipher).not.toContain('11010519491231002X');
    expect(protector.reveal('idNumber', value.cipher)).toBe('11010519491231002X');
    expect(protector.lookup('idNumber', '11010519491231002X')).toEqual([value.blindIndex]);
    expect(protector.isStale(value)).toBe(false);
  });

  it('finds the same row from another process with the same keys', () => {
    const stored = createPersonalDataProtector(keys()).protect('phone', '138 0013 8000');
    const other = createPersonalDataProtector(keys());
    expect(other.lookup('phone', '+8613800138000')).toContain(stored.blindIndex);
    expect(other.reveal('phone', stored.cipher)).toBe('13800138000');
  });

  it('refuses to reveal a ciphertext under another kind', () => {
    const protector = createPersonalDataProtector(keys());
    const phone = protector.protect('phone', '13800138000');
    expect(() => protector.reveal('idNumber', phone.cipher)).toThrow(PiiDecryptionError);
  });

  it('refuses an empty value (optional fields store null columns)', () => {
    expect(() => createPersonalDataProtector(keys()).protect('bankCard', '  ')).toThrow(/empty value/);
  });

  it('names the three columns of a field, null clearing them', () => {
    const value = createPersonalDataProtector(keys()).protect('bankCard', '4111 1111 1111 1111');
    expect(protectedColumns('bank_card', value)).toEqual({ bank_card_cipher: value.cipher, bank_card_bidx: value.blindIndex, bank_card_masked: '4111********1111' });
    expect(protectedColumns('bank_card', null)).toEqual({ bank_card_cipher: null, bank_card_bidx: null, bank_card_masked: null });
  });
});
