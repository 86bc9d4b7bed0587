import { describe, expect, it } from '@jest/globals';
import { idNumberCheckCharacter } from '../personal-data/id-number';
import { parseStudentRow, type StudentColumn } from './student-import';

const idNumber = (birth: string, sequence: number) => {
  const first17 = `520102${birth}${String(sequence).padStart(3, '0')}`;
  return first17 + idNumberCheckCharacter(first17);
};
const majors = [{ id: 'major-1', code: '0101-4', name: '汽车维修' }];
const categories = [{ code: 'poor_family_child', label: '贫困家庭子女' }, { code: 'school_leaver', label: '城乡未继续升学的应届初高中毕业生' }];
const cells = (id: string, over: Partial<Record<StudentColumn, string>> = {}): Record<StudentColumn, string> => ({
  name: '王小红',
  idNumber: id,
  phone: '13800138000',
  householdType: '农业户口',
  povertyRegistered: '否',
  education: '初中',
  previousSchool: '',
  address: '',
  majorId: '0101-4',
  classType: '中级工班',
  studyMode: '全日制',
  cohortYear: '2026',
  enrolledOn: '2026-09-01',
  studentNumber: '',
  personCategory: '',
  ...over,
});

describe('parseStudentRow (学籍注册导入, one row)', () => {
  // parseRegistrationInput keeps the schema of the last day it was asked for: the answer must still follow the day.
  it('judges the age on the day asked for, whatever day the row before was checked on', () => {
    const turnsThirteen = idNumber('20130910', 12);
    const before = parseStudentRow(2, cells(turnsThirteen), '2026-09-09', majors, categories);
    const after = parseStudentRow(3, cells(turnsThirteen), '2026-09-10', majors, categories);
    const beforeAgain = parseStudentRow(4, cells(turnsThirteen), '2026-09-09', majors, categories);
    expect(before).toEqual({ ok: false, problems: [{ row: 2, column: '身份证号码', message: '身份证号码对应年龄12岁，技工院校学生应在13至60岁之间，请核对' }] });
    expect(after).toMatchObject({ ok: true, input: { idNumber: turnsThirteen, majorId: 'major-1', householdType: 'agricultural', povertyRegistered: false } });
    expect(beforeAgain).toMatchObject({ ok: false });
  });

  it('reports every bad cell of a row in column order, in Chinese', () => {
    const result = parseStudentRow(7, cells(idNumber('20100506', 122), { majorId: '9999', studyMode: '函授', phone: '123' }), '2026-09-15', majors, categories);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems.map((p) => p.column)).toEqual(['联系电话', '专业代码', '学习形式']);
    expect(!result.ok && result.problems[1]!.message).toBe('专业代码“9999”不是本校已审批通过的专业');
  });

  it('takes 人员类别 by label or code of an active entry, leaves it empty when blank, and names a value outside the dictionary', () => {
    const id = idNumber('20100506', 122);
    expect(parseStudentRow(2, cells(id, { personCategory: '贫困家庭子女' }), '2026-09-15', majors, categories)).toMatchObject({ ok: true, input: { personCategory: 'poor_family_child' } });
    expect(parseStudentRow(3, cells(id, { personCategory: 'school_leaver' }), '2026-09-15', majors, categories)).toMatchObject({ ok: true, input: { personCategory: 'school_leaver' } });
    expect(parseStudentRow(4, cells(id), '2026-09-15', majors, categories)).toMatchObject({ ok: true, input: { personCategory: null } });
    expect(parseStudentRow(5, cells(id, { personCategory: '退役军人' }), '2026-09-15', majors, categories)).toEqual({
      ok: false,
      problems: [{ row: 5, column: '人员类别', message: '人员类别“退役军人”不在字典中，请从下拉列表选择' }],
    });
  });
});
