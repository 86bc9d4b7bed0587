import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { ValidationError } from './errors';
import { findForbiddenText, forbiddenCharacter, optionalText, parseInput, requiredText } from './validation';

const fieldsOf = (schema: z.ZodType, input: unknown) => {
  try {
    parseInput(schema, input);
  } catch (error) {
    if (error instanceof ValidationError) return error.fields;
    throw error;
  }
  return [];
};

describe('the text rule', () => {
  it('refuses NUL and the other control characters in any text, naming the character', () => {
    expect(forbiddenCharacter('张\u0000三')).toBe('控制字符（U+0000）');
    expect(forbiddenCharacter('a\u001bb', { multiline: true })).toBe('控制字符（U+001B）');
    expect(forbiddenCharacter('a\u007fb', { multiline: true })).toBe('控制字符（U+007F）');
    expect(forbiddenCharacter('a\u0085b', { multiline: true })).toBe('控制字符（U+0085）');
    // Postgres refuses a lone surrogate in jsonb; a pair (an emoji) is a character like any other.
    expect(forbiddenCharacter('a\ud800b', { multiline: true })).toBe('无效字符（不成对的代理项 U+D800）');
    expect(forbiddenCharacter('好\ud83d\ude00')).toBeUndefined();
  });

  it('keeps tabs and line breaks in multi-line text only', () => {
    expect(forbiddenCharacter('第一行\n第二行\r\n\t缩进', { multiline: true })).toBeUndefined();
    expect(forbiddenCharacter('第一行\n第二行')).toBe('换行符');
    expect(forbiddenCharacter('a\tb')).toBe('制表符');
    expect(forbiddenCharacter('a\u2028b')).toBe('换行符');
  });

  it('is part of requiredText and optionalText, after trimming', () => {
    const schema = z.object({ name: requiredText('姓名', 30), note: optionalText('备注', 200, { multiline: true }) });
    expect(fieldsOf(schema, { name: '张\u0000三' })).toEqual([{ field: 'name', message: '姓名不能包含控制字符（U+0000）' }]);
    expect(fieldsOf(schema, { name: '张\n三' })).toEqual([{ field: 'name', message: '姓名不能包含换行符' }]);
    expect(fieldsOf(schema, { name: '张三', note: '甲\u0000' })).toEqual([{ field: 'note', message: '备注不能包含控制字符（U+0000）' }]);
    // A trailing line break is trimmed away, not refused; a multi-line note keeps its inner breaks.
    expect(parseInput(schema, { name: '张三\n', note: '甲\n乙' })).toEqual({ name: '张三', note: '甲\n乙' });
  });

  it('finds the first bad string anywhere in a value, keys included, with its path', () => {
    expect(findForbiddenText({ input: { name: '张三', tags: ['a', 'b\u0000'] } })).toEqual({ field: 'input.tags.1', problem: '控制字符（U+0000）' });
    expect(findForbiddenText({ 'a\u0001': 1 })).toEqual({ field: 'a\u0001', problem: '控制字符（U+0001）' });
    expect(findForbiddenText({ opinion: '同意\n\t备案', n: 3, ok: true, none: null })).toBeUndefined();
    expect(findForbiddenText('\u0000')).toEqual({ field: '(input)', problem: '控制字符（U+0000）' });
  });
});
