import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { ValidationError } from '../shared/errors';
import { parseInput } from '../shared/validation';
import { mobilePhoneSchema, normalizePhone, parsePhone, phoneSchema } from './phone';

describe('phone number', () => {
  it('folds the usual spellings of a mobile number', () => {
    for (const input of ['13800138000', '138 0013 8000', '138-0013-8000', '+86 138 0013 8000', '008613800138000', '8613800138000', '１３８００１３８０００']) {
      expect(parsePhone(input)).toEqual({ value: '13800138000', kind: 'mobile' });
    }
  });

  it('accepts fixed lines with area code, normalised to AREA-NUMBER', () => {
    expect(parsePhone('0851-85551234')).toEqual({ value: '0851-85551234', kind: 'landline', areaCode: '0851' });
    expect(parsePhone('085185551234')?.value).toBe('0851-85551234');
    expect(parsePhone('(0851) 8555 1234')?.value).toBe('0851-85551234');
    expect(parsePhone('010-62345678')?.value).toBe('010-62345678');
    expect(parsePhone('023-6123456')?.value).toBe('023-6123456'); // 7-digit subscriber number
    expect(parsePhone('0851-8555-1234')?.value).toBe('0851-85551234'); // grouped, not an extension
    expect(parsePhone('0851-85551234转801')?.value).toBe('0851-85551234-801');
    expect(parsePhone('0851 8555 1234 转 801')?.value).toBe('0851-85551234-801');
    expect(parsePhone('0851-85551234-801')?.value).toBe('0851-85551234-801');
    expect(parsePhone('0851-85551234 ext. 12')?.value).toBe('0851-85551234-12');
    expect(parsePhone('+86 851 85551234')?.value).toBe('0851-85551234');
  });

  it('refuses what is no mainland phone number', () => {
    for (const input of ['12800138000', '1380013800', '85551234', '0851-05551234', '0851-855512345', '800-8208820', '0851-8555转801', 'abc']) {
      expect(parsePhone(input)).toBeUndefined();
    }
    expect(normalizePhone(' 85551234 ')).toBe('85551234');
  });

  it('offers a schema for any phone and one for mobiles only', () => {
    const schema = z.object({ phone: phoneSchema(), mobile: mobilePhoneSchema() });
    expect(parseInput(schema, { phone: '0851 85551234', mobile: '+86 13800138000' })).toEqual({ phone: '0851-85551234', mobile: '13800138000' });
    let error: unknown;
    try {
      parseInput(schema, { phone: '123', mobile: '0851-85551234' });
    } catch (e) {
      error = e;
    }
    expect((error as ValidationError).fields).toEqual([
      { field: 'phone', message: '联系电话应为11位手机号码，或带区号的固定电话（如0851-85551234）' },
      { field: 'mobile', message: '手机号码应为11位手机号码（1开头，第二位为3-9）' },
    ]);
  });
});
