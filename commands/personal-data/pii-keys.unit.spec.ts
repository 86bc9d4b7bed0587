import { describe, expect, it, jest } from '@jest/globals';
import { inspect } from 'node:util';
import { keyId, loadPiiKeys } from './pii-keys';

const ENC = '00112233445566778899aabbccddeeff';
const IDX = 'ffeeddccbbaa99887766554433221100';

describe('loadPiiKeys', () => {
  it('reads both keys and the previous keys of a rotation', () => {
    const warn = jest.fn();
    const keys = loadPiiKeys({ PII_ENCRYPTION_KEY: ENC, PII_BLIND_INDEX_KEY: IDX, PII_ENCRYPTION_PREVIOUS_KEYS: `${IDX.replace('ff', '0f')}, 1234567890abcdef1234567890abcdef` }, warn);
    expect(keys.ephemeral).toBe(false);
    expect(keys.encryption.current.export().toString('hex')).toBe(ENC);
    expect(keys.encryption.previous).toHaveLength(2);
    expect(keys.blindIndex.previous).toHaveLength(0);
    expect(warn).not.toHaveBeenCalled();
  });

  it('refuses to start in production without keys, naming the variable', () => {
    expect(() => loadPiiKeys({ NODE_ENV: 'production', PII_BLIND_INDEX_KEY: IDX }, jest.fn())).toThrow(/PII_ENCRYPTION_KEY is not set/);
    expect(() => loadPiiKeys({ NODE_ENV: 'production', PII_ENCRYPTION_KEY: ENC }, jest.fn())).toThrow(/PII_BLIND_INDEX_KEY is not set/);
  });

  it('outside production makes ephemeral keys and warns loudly', () => {
    const warn = jest.fn();
    const a = loadPiiKeys({ NODE_ENV: 'development' }, warn);
    const b = loadPiiKeys({}, jest.fn());
    expect(a.ephemeral).toBe(true);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('EPHEMERAL'));
    expect(keyId(a.encryption.current)).not.toBe(keyId(b.encryption.current));
    expect(keyId(a.encryption.current)).not.toBe(keyId(a.blindIndex.current));
  });

  it('refuses malformed, placeholder and shared keys', () => {
    expect(() => loadPiiKeys({ PII_ENCRYPTION_KEY: 'secret', PII_BLIND_INDEX_KEY: IDX })).toThrow(/32 hexadecimal characters/);
    expect(() => loadPiiKeys({ PII_ENCRYPTION_KEY: `${ENC}00`, PII_BLIND_INDEX_KEY: IDX })).toThrow(/32 hexadecimal characters/);
    expect(() => loadPiiKeys({ PII_ENCRYPTION_KEY: '0'.repeat(32), PII_BLIND_INDEX_KEY: IDX })).toThrow(/placeholder/);
    expect(() => loadPiiKeys({ PII_ENCRYPTION_KEY: ENC, PII_BLIND_INDEX_KEY: ENC.toUpperCase() })).toThrow(/different keys/);
    expect(() => loadPiiKeys({ PII_ENCRYPTION_KEY: ENC, PII_BLIND_INDEX_KEY: IDX, PII_BLIND_INDEX_PREVIOUS_KEYS: 'abc' })).toThrow(/PII_BLIND_INDEX_PREVIOUS_KEYS\[0\]/);
  });

  it('never shows key material when the keys are logged', () => {
    const keys = loadPiiKeys({ PII_ENCRYPTION_KEY: ENC, PII_BLIND_INDEX_KEY: IDX });
    expect(inspect(keys, { depth: 5 })).not.toContain(ENC);
    expect(JSON.stringify(keys)).not.toContain(ENC);
  });
});
