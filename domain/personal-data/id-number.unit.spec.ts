import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { ValidationError } from '../shared/errors';
import { parseInput } from '../shared/validation';
import { chinaDate } from './normalize';
import { PERSON_AGE_RANGES, ageOn, checkIdNumber, describeIdNumber, idNumberCheckCharacter, idNumberSchema } from './id-number';

const TODAY = '2025-06-01';
/** A number with a correct check character, from its first 17 digits. */
const valid = (first17: string) => first17 + idNumberCheckCharacter(first17);
const problem = (input: string, today = TODAY) => {
  const result = checkIdNumber(input, today);
  return result.ok ? 'ok' : result.problem;
};

describe('ID number (GB 11643-1999)', () => {
  it('accepts the examples printed in the standard', () => {
    // 北京市朝阳区, born 1949-12-31, sequence 002 (female), check character X.
    const x = checkIdNumber('11010519491231002X', TODAY);
    expect(x).toEqual({ ok: true, info: { value: '11010519491231002X', regionCode: '110105', provinceCode: '11', birthDate: '1949-12-31', sex: 'female' } });
    // 广东省汕头市潮阳县, born 1880-01-01, sequence 001 (male), check character 4.
    expect(problem('440524188001010014')).toBe('ok');
    expect(describeIdNumber('440524188001010014').sex).toBe('male');
  });

  it('computes the MOD 11-2 check character, X included', () => {
    expect(idNumberCheckCharacter('11010519491231002')).toBe('X');
    expect(idNumberCheckCharacter('44052418800101001')).toBe('4');
  });

  it('accepts Guizhou numbers of current and former counties', () => {
    expect(problem(valid('52010219900307123'))).toBe('ok'); // 南明区
    expect(problem(valid('52011519900307123'))).toBe('ok'); // 观山湖区 (2012)
    expect(problem(valid('52212119850101002'))).toBe('ok'); // 遵义县 as coded until 1997
    expect(problem(valid('52011419990101002'))).toBe('ok'); // 小河区 (2000-2012)
    expect(problem(valid('52250119700101002'))).toBe('ok'); // 安顺市 of 安顺地区
  });

  it('derives birth date, sex, region and age', () => {
    const info = describeIdNumber(valid('52010219900307123'));
    expect(info).toMatchObject({ regionCode: '520102', birthDate: '1990-03-07', sex: 'male' });
    expect(ageOn(info.birthDate, '2025-03-06')).toBe(34);
    expect(ageOn(info.birthDate, '2025-03-07')).toBe(35);
    // Born on 29 February: a year older on 1 March of a common year.
    expect(ageOn('2000-02-29', '2001-02-28')).toBe(0);
    expect(ageOn('2000-02-29', '2001-03-01')).toBe(1);
  });

  it('folds lower-case x, full-width digits and spaces', () => {
    expect(checkIdNumber('11010519491231002x', TODAY)).toMatchObject({ ok: true, info: { value: '11010519491231002X' } });
    expect(checkIdNumber('１１０１０５ １９４９１２３１ ００２Ｘ', TODAY)).toMatchObject({ ok: true, info: { value: '11010519491231002X' } });
  });

  it('refuses a wrong check character', () => {
    expect(problem('110105194912310020')).toBe('check_character');
    expect(problem('11010519491231003X')).toBe('check_character'); // one digit mistyped
    expect(problem('11010519491321002X')).toBe('check_character'); // two digits swapped
    const message = (checkIdNumber('110105194912310020', TODAY) as { message: string }).message;
    expect(message).toBe('身份证号码校验位不正确，请逐位核对');
  });

  it('refuses impossible birth dates, 29 February of common years included', () => {
    expect(problem(valid('52010220000229123'))).toBe('ok'); // 2000 is a leap year
    expect(problem(valid('52010219000229123'))).toBe('birth_date'); // 1900 is not
    expect(problem(valid('52010220230229123'))).toBe('birth_date');
    expect(problem(valid('52010219901301123'))).toBe('birth_date'); // month 13
    expect(problem(valid('52010219900431123'))).toBe('birth_date'); // 31 April
    expect(problem(valid('52010217991231123'))).toBe('birth_date'); // before 1800
  });

  it('refuses a birth date after today (the caller says which day that is)', () => {
    expect(problem(valid('52010220250601123'), '2025-06-01')).toBe('ok');
    expect(problem(valid('52010220250602123'), '2025-06-01')).toBe('birth_in_future');
    expect(() => checkIdNumber('11010519491231002X', '2025-6-1')).toThrow(/YYYY-MM-DD/);
    // A decider derives the day from its context's instant, in China time.
    expect(chinaDate('2025-05-31T16:30:00.000Z')).toBe('2025-06-01');
    expect(chinaDate('2025-05-31T15:59:59.999Z')).toBe('2025-05-31');
  });

  it('refuses bad region codes', () => {
    expect(problem(valid('99010219900307123'))).toBe('region'); // no province 99
    expect(problem(valid('52019919900307123'))).toBe('region'); // no Guizhou county 520199
    expect(problem(valid('52990019900307123'))).toBe('region');
    expect(problem(valid('11000019900307123'))).toBe('region'); // a province is no place of registration
    expect(problem(valid('44190019900307123'))).toBe('ok'); // 东莞 has no counties: 441900 is real
    expect(problem(valid('81000019900307123'))).toBe('ok'); // Hong Kong residence permit
    expect((checkIdNumber(valid('52019919900307123'), TODAY) as { message: string }).message).toBe('身份证号码前六位不是贵州省现有或曾有的区县代码');
  });

  it('refuses malformed and 15-digit numbers with their own message', () => {
    expect(problem('52010219900307123')).toBe('format');
    expect(problem('5201021990030712AB')).toBe('format');
    expect(checkIdNumber('520102900307123', TODAY)).toEqual({ ok: false, problem: 'old_format', message: '身份证号码为15位旧号码，请填写18位身份证号码' });
  });

  it('works as a field of another schema, with the field label and a Chinese message', () => {
    const schema = z.object({ name: z.string(), idNumber: idNumberSchema(TODAY, '学员身份证号码') });
    expect(parseInput(schema, { name: '张三', idNumber: ' 11010519491231002x ' })).toEqual({ name: '张三', idNumber: '11010519491231002X' });
    let error: unknown;
    try {
      parseInput(schema, { name: '张三', idNumber: '110105194912310020' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fields).toEqual([{ field: 'idNumber', message: '学员身份证号码校验位不正确，请逐位核对' }]);
    expect(() => parseInput(schema, { name: '张三' })).toThrow(ValidationError);
  });

  describe('plausible age for the kind of person (PERSON_AGE_RANGES)', () => {
    const fieldsOf = (kind: keyof typeof PERSON_AGE_RANGES, idNumber: string) => {
      try {
        parseInput(z.object({ idNumber: idNumberSchema(TODAY, '身份证号码', kind) }), { idNumber });
        return [];
      } catch (error) {
        return (error as ValidationError).fields;
      }
    };

    it('refuses a birth year of 1800 for anyone, with the age it gives', () => {
      expect(checkIdNumber('52010218000101123X', TODAY)).toMatchObject({ ok: true }); // GB 11643 alone allows it
      expect(fieldsOf('person', '52010218000101123X')).toEqual([{ field: 'idNumber', message: '身份证号码中的出生日期（1800-01-01）对应年龄225岁，应在0至120岁之间，请核对' }]);
      expect(fieldsOf('trainee', '52010218000101123X')).toEqual([{ field: 'idNumber', message: '身份证号码中的出生日期（1800-01-01）对应年龄225岁，应在16至100岁之间，请核对' }]);
    });

    it('bounds trainees at 16-100 and teachers and legal representatives at 18-100 on the day of entry', () => {
      // TODAY is 2025-06-01: born 2009-06-01 is 16 today, born a day later is 15.
      expect(fieldsOf('trainee', valid('52010220090601123'))).toEqual([]);
      expect(fieldsOf('trainee', valid('52010220090602123'))[0]!.message).toMatch(/对应年龄15岁，应在16至100岁之间/);
      expect(fieldsOf('teacher', valid('52010220070601123'))).toEqual([]);
      expect(fieldsOf('teacher', valid('52010220070602123'))[0]!.message).toMatch(/对应年龄17岁，应在18至100岁之间/);
      expect(fieldsOf('legalPerson', valid('52010220070602123'))[0]!.message).toMatch(/应在18至100岁之间/);
      // 100 is the last accepted year of age: 1924-06-02 is 100 on TODAY, 1924-06-01 is 101.
      expect(fieldsOf('trainee', valid('52010219240602123'))).toEqual([]);
      expect(fieldsOf('trainee', valid('52010219240601123'))[0]!.message).toMatch(/对应年龄101岁，应在16至100岁之间/);
    });
  });
});
