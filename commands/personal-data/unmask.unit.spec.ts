import { describe, expect, it, jest } from '@jest/globals';
import { ValidationError } from '../../domain/shared/errors';
import { PiiDecryptionError } from './pii-cipher';
import { loadPiiKeys } from './pii-keys';
import { createPersonalDataProtector } from './protected-field';
import { unmaskAudited, type AppendView } from './unmask';

const protector = createPersonalDataProtector(loadPiiKeys({}, jest.fn()));
const stored = protector.protect('idNumber', '11010519491231002X');
const request = { recordStreamId: 'trainee-1', field: 'idNumber', kind: 'idNumber' as const, reason: '核对补贴发放信息', cipher: stored.cipher };

describe('unmaskAudited', () => {
  it('appends PersonalDataViewed to the record\'s views stream before returning the clear value', async () => {
    const order: string[] = [];
    const append = jest.fn<AppendView>(async () => {
      order.push('appended');
    });
    const clear = await unmaskAudited(protector, append, request).then((value) => {
      order.push('returned');
      return value;
    });
    expect(clear).toBe('11010519491231002X');
    expect(order).toEqual(['appended', 'returned']);
    expect(append).toHaveBeenCalledWith('personal-data-trainee-1', {
      type: 'PersonalDataViewed',
      data: { recordStreamId: 'trainee-1', field: 'idNumber', kind: 'idNumber', reason: '核对补贴发放信息' },
    });
  });

  it('returns nothing when the view cannot be recorded', async () => {
    const append = jest.fn<AppendView>(async () => {
      throw new Error('event store down');
    });
    await expect(unmaskAudited(protector, append, request)).rejects.toThrow('event store down');
  });

  it('records nothing without a reason or for an unreadable value', async () => {
    const append = jest.fn<AppendView>(async () => undefined);
    await expect(unmaskAudited(protector, append, { ...request, reason: '' })).rejects.toThrow(ValidationError);
    await expect(unmaskAudited(protector, append, { ...request, kind: 'phone' })).rejects.toThrow(PiiDecryptionError);
    expect(append).not.toHaveBeenCalled();
  });
});
