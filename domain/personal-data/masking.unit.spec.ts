import { describe, expect, it } from '@jest/globals';
import { maskBankCard, maskIdNumber, maskMiddle, maskName, maskPhone } from './masking';
import { maskPersonalData, normalizePersonalData } from './personal-data-kind';

describe('masking', () => {
  it('shows the first 6 and last 4 characters of an ID number', () => {
    expect(maskIdNumber('520102199003071234')).toBe('520102********1234');
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
  });

  it('shows 3 + 4 digits of a mobile and the area code + last 4 of a fixed line', () => {
    expect(maskPhone('13800001234')).toBe('138****1234');
    expect(maskPhone('0851-85551234')).toBe('0851-****1234');
    expect(maskPhone('023-6123456')).toBe('023-***3456');
    expect(maskPhone('0851-85551234-801')).toBe('0851-****1234-801');
  });

  it('shows the first and last 4 digits of a bank card', () => {
    expect(maskBankCard('6222020200112233445')).toBe('6222***********3445');
    expect(maskBankCard('4111111111111111')).toBe('4111********1111');
  });

  it('keeps the surname of a name, compound surnames included', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('王小明')).toBe('王**');
    expect(maskName('欧阳娜娜')).toBe('欧阳**');
    expect(maskName('欧阳')).toBe('欧*'); // a two-character name is surname + given name
    expect(maskName('阿依古丽·买买提')).toBe('阿***·***');
    expect(maskName('李')).toBe('*');
  });

  it('masks a value too short to keep anything entirely', () => {
    expect(maskMiddle('12345', 3, 4)).toBe('*****');
    expect(maskMiddle('', 3, 4)).toBe('');
  });

  it('masks by kind after normalising, whatever way the value was typed', () => {
    expect(maskPersonalData('idNumber', '11010519491231002x')).toBe('110105********002X');
    expect(maskPersonalData('phone', '+86 138 0000 1234')).toBe('138****1234');
    expect(maskPersonalData('bankCard', '4111 1111 1111 1111')).toBe('4111********1111');
    expect(normalizePersonalData('phone', '(0851) 8555-1234')).toBe('0851-85551234');
  });
});
