// Money as integer fen: parsing refuses anything but whole fen, formatting uses integers only.
import { describe, expect, it } from '@jest/globals';
import { fenText, formatYuan, percentOf, sumFen } from './money';
import { parseInput } from './validation';
import { ValidationError } from './errors';

describe('money in fen', () => {
  it('reads whole fen from digits only', () => {
    expect(parseInput(fenText('金额'), '150000')).toBe(150_000);
    expect(parseInput(fenText('金额'), 42)).toBe(42);
    for (const bad of ['1500.5', '-1', '1e5', ' 1 2', '', '１２', 'abc', 1.5, -3]) expect(() => parseInput(fenText('金额'), bad)).toThrow(ValidationError);
    const message = (input: unknown, positive = false) => {
      try {
        parseInput(fenText('金额', { positive }), input);
      } catch (error) {
        return (error as ValidationError).fields[0]!.message;
      }
      return '';
    };
    expect([message('0', true), message('99999999999999999999'), message('1500.5'), message('-3')]).toEqual(['金额必须大于0', '金额超出允许的范围', '金额必须是整数（单位：分），不能有小数、符号或空格', '金额不能为负数']);
  });
  it('formats yuan and sums exactly', () => {
    expect([formatYuan(0), formatYuan(5), formatYuan(123456), formatYuan(-100)]).toEqual(['0.00元', '0.05元', '1,234.56元', '-1.00元']);
    expect(sumFen([1, 2, 3])).toBe(6);
    expect(() => sumFen([0.5])).toThrow();
    expect(percentOf(1_234, 80)).toBe(987);
  });
});
