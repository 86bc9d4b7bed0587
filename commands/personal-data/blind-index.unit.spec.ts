import { describe, expect, it } from '@jest/globals';
import { createSecretKey, randomBytes } from 'node:crypto';
import { BlindIndex } from './blind-index';

const newKey = () => createSecretKey(randomBytes(16));

describe('BlindIndex (HMAC-SM3)', () => {
  it('is stable: the same value gives the same index', () => {
    const index = new BlindIndex({ current: newKey(), previous: [] });
    expect(index.of('idNumber', '11010519491231002X')).toBe(index.of('idNumber', '11010519491231002X'));
    expect(index.of('idNumber', '11010519491231002X')).toMatch(/^bi1\.[0-9a-f]{8}\.[A-Za-z0-9_-]{43}$/);
  });

  it('matches however the value was typed (the domain normalisation)', () => {
    const index = new BlindIndex({ current: newKey(), previous: [] });
    expect(index.of('idNumber', '11010519491231002x')).toBe(index.of('idNumber', '11010519491231002X'));
    expect(index.of('phone', '+86 138 0013 8000')).toBe(index.of('phone', '13800138000'));
    expect(index.of('bankCard', '6222 0202 0011 2233')).toBe(index.of('bankCard', '6222020200112233'));
  });

  it('depends on the key and on the kind', () => {
    const a = new BlindIndex({ current: newKey(), previous: [] });
    const b = new BlindIndex({ current: newKey(), previous: [] });
    expect(a.of('idNumber', '11010519491231002X')).not.toBe(b.of('idNumber', '11010519491231002X'));
    expect(a.of('phone', '85551234').split('.')[2]).not.toBe(a.of('bankCard', '85551234').split('.')[2]);
    expect(a.of('idNumber', '110105194912310021')).not.toBe(a.of('idNumber', '11010519491231002X'));
  });

  it('finds rows of the previous key during a rotation', () => {
    const oldKey = newKey();
    const before = new BlindIndex({ current: oldKey, previous: [] });
    const after = new BlindIndex({ current: newKey(), previous: [oldKey] });
    const stored = before.of('idNumber', '11010519491231002X');
    const candidates = after.candidates('idNumber', '11010519491231002X');
    expect(candidates).toHaveLength(2);
    expect(candidates[0]).toBe(after.of('idNumber', '11010519491231002X'));
    expect(candidates).toContain(stored);
    expect(after.isStale(stored)).toBe(true);
    expect(after.isStale(candidates[0]!)).toBe(false);
  });
});
