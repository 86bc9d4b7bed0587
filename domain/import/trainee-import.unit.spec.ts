import { describe, expect, it } from '@jest/globals';
import { duplicateCheck, isExampleRow, matchHeader, templateHeader } from './import-rows';
import { TRAINEE_COLUMNS, parseTraineeRow } from './trainee-import';

const categories = [
  { code: 'rural_migrant', label: '农村转移就业劳动者' },
  { code: 'graduate', label: '毕业年度高校毕业生' },
];
const good = { name: '欧阳娜娜', idNumber: '520102199805061224', personCategory: '农村转移就业劳动者', phone: '13800138000', bankAccount: '' };

describe('trainee import rows', () => {
  it('finds columns by their Chinese header in any order, with or without the required mark', () => {
    const match = matchHeader(['联系电话', ' *姓名 ', '备注', '身份证号码', '人员类别（必填）'], TRAINEE_COLUMNS);
    expect(match).toEqual({ ok: true, indexes: { phone: 0, name: 1, idNumber: 3, personCategory: 4, bankAccount: undefined } });
    expect(matchHeader(['姓名', '电话'], TRAINEE_COLUMNS)).toEqual({ ok: false, message: '表头缺少必填列：身份证号码、人员类别、联系电话。请使用下载的导入模板' });
    expect(TRAINEE_COLUMNS.map(templateHeader)).toEqual(['*姓名', '*身份证号码', '*人员类别', '*联系电话', '银行账号']);
  });

  it('checks a row with the entry form\'s schema, accepting a category by label or code', () => {
    expect(parseTraineeRow(2, good, '2026-11-25', categories)).toEqual({ ok: true, input: { ...good, personCategory: 'rural_migrant', bankAccount: null } });
    expect(parseTraineeRow(2, { ...good, personCategory: 'graduate' }, '2026-11-25', categories)).toMatchObject({ ok: true, input: { personCategory: 'graduate' } });
  });

  it('names every bad column of a row with a Chinese message', () => {
    expect(parseTraineeRow(5, { ...good, name: '', idNumber: '520102199805061225', personCategory: '宇航员', phone: '123' }, '2026-11-25', categories)).toEqual({
      ok: false,
      problems: [
        { row: 5, column: '人员类别', message: '人员类别“宇航员”不在字典中，请从下拉列表选择' },
        { row: 5, column: '姓名', message: '姓名不能为空' },
        { row: 5, column: '身份证号码', message: '身份证号码校验位不正确，请逐位核对' },
        { row: 5, column: '联系电话', message: '手机号码应为11位手机号码（1开头，第二位为3-9）' },
      ],
    });
  });

  it('refuses a bank card that only warrants a warning: nobody can confirm it inside a file', () => {
    const result = parseTraineeRow(3, { ...good, bankAccount: '6222020200000000001' }, '2026-11-25', categories);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems[0]).toMatchObject({ row: 3, column: '银行账号', message: expect.stringMatching(/需人工确认/) });
  });

  it('keeps the first row of a person and refuses the later ones, naming the first', () => {
    const check = duplicateCheck('身份证号码');
    expect(check(2, '520102199805061224')).toBeUndefined();
    expect(check(9, '520102199805061224')).toEqual({ row: 9, column: '身份证号码', message: '与第 2 行的身份证号码重复，同一文件中每人只能出现一次（以第 2 行为准）' });
  });

  it('recognises the template\'s example row', () => {
    expect(isExampleRow(Object.fromEntries(TRAINEE_COLUMNS.map((c) => [c.key, c.example])), TRAINEE_COLUMNS)).toBe(true);
    expect(isExampleRow(good, TRAINEE_COLUMNS)).toBe(false);
  });
});
