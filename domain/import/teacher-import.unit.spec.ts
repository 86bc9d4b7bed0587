import { describe, expect, it } from '@jest/globals';
import { isExampleRow, matchHeader, templateHeader } from './import-rows';
import { TEACHER_COLUMNS, parseTeacherRow, subjectsOf } from './teacher-import';

const good = { name: '张伟', idNumber: '520102198503150016', fullTime: '是', subjects: '中式烹调、面点', level: '高级', trainingQualification: 'SYB讲师', yearsTeaching: '12' };
const TODAY = '2026-11-25';

describe('teacher import rows', () => {
  it('finds columns by the form\'s Chinese labels, in any order', () => {
    const match = matchHeader(['任教年限', '*姓名', '身份证号码', '是否专职', '任课专业', '师资等级（必填）'], TEACHER_COLUMNS);
    expect(match).toEqual({ ok: true, indexes: { yearsTeaching: 0, name: 1, idNumber: 2, fullTime: 3, subjects: 4, level: 5, trainingQualification: undefined } });
    expect(matchHeader(['姓名', '身份证号码'], TEACHER_COLUMNS)).toEqual({ ok: false, message: '表头缺少必填列：是否专职、任课专业、师资等级、任教年限。请使用下载的导入模板' });
    expect(TEACHER_COLUMNS.map(templateHeader)).toEqual(['*姓名', '*身份证号码', '*是否专职', '*任课专业', '*师资等级', '培训资格', '*任教年限']);
  });

  it('checks a row with the declaration form\'s schema: 是/否, a level by label or code, several subjects in one cell', () => {
    expect(parseTeacherRow(2, good, TODAY)).toEqual({
      ok: true,
      input: { name: '张伟', idNumber: '520102198503150016', fullTime: true, subjects: ['中式烹调', '面点'], level: 'senior', trainingQualification: 'SYB讲师', yearsTeaching: 12, trainingHistory: [] },
    });
    expect(parseTeacherRow(3, { ...good, idNumber: '５２０１０２１９８５０３１５００１６', fullTime: '兼职', level: 'junior', trainingQualification: '', yearsTeaching: '0' }, TODAY)).toMatchObject({
      ok: true,
      input: { idNumber: '520102198503150016', fullTime: false, level: 'junior', trainingQualification: '', yearsTeaching: 0 },
    });
    expect(subjectsOf(' 电工，焊工;电工 ；\n 钳工 ')).toEqual(['电工', '焊工', '钳工']);
  });

  it('names every bad column of a row with a Chinese message, in the template\'s column order', () => {
    expect(parseTeacherRow(5, { name: '', idNumber: '520102198503150017', fullTime: '偶尔', subjects: '', level: '特级', trainingQualification: '', yearsTeaching: '十年' }, TODAY)).toEqual({
      ok: false,
      problems: [
        { row: 5, column: '姓名', message: '姓名不能为空' },
        { row: 5, column: '身份证号码', message: '身份证号码校验位不正确，请逐位核对' },
        { row: 5, column: '是否专职', message: '是否专职“偶尔”无法识别，请填写“是”或“否”' },
        { row: 5, column: '任课专业', message: '请至少填写一个任课专业' },
        { row: 5, column: '师资等级', message: '师资等级“特级”不在可选范围内，请从下拉列表选择（初级、中级、高级）' },
        { row: 5, column: '任教年限', message: '任教年限必须是数字' },
      ],
    });
  });

  it('refuses empty required cells and numbers out of range, each under its column', () => {
    const result = parseTeacherRow(7, { ...good, fullTime: '', level: '', yearsTeaching: '61' }, TODAY);
    expect(result).toEqual({
      ok: false,
      problems: [
        { row: 7, column: '是否专职', message: '是否专职不能为空，请填写“是”或“否”' },
        { row: 7, column: '师资等级', message: '师资等级不能为空' },
        { row: 7, column: '任教年限', message: '任教年限不能大于60' },
      ],
    });
    expect(parseTeacherRow(8, { ...good, yearsTeaching: '2.5' }, TODAY)).toEqual({ ok: false, problems: [{ row: 8, column: '任教年限', message: '任教年限必须是整数' }] });
    expect(parseTeacherRow(9, { ...good, yearsTeaching: '' }, TODAY)).toEqual({ ok: false, problems: [{ row: 9, column: '任教年限', message: '任教年限不能为空' }] });
    expect(parseTeacherRow(10, { ...good, trainingQualification: '资'.repeat(101) }, TODAY)).toEqual({ ok: false, problems: [{ row: 10, column: '培训资格', message: '培训资格不能超过100个字' }] });
  });

  it('recognises the template\'s example row', () => {
    expect(isExampleRow(Object.fromEntries(TEACHER_COLUMNS.map((c) => [c.key, c.example])), TEACHER_COLUMNS)).toBe(true);
    expect(isExampleRow({ ...good, name: '李四' }, TEACHER_COLUMNS)).toBe(false);
  });
});
