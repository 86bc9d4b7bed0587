import { describe, expect, it } from '@jest/globals';
import { idNumberCheckCharacter } from '../personal-data/id-number';
import { parseStudentRow, type StudentColumn } from './student-import';

const idNumber = (birth: string, sequence: number) => {
  const first17 = `520102${birth}${String(sequence).padStart(3, '0')}`;
  return first17 + idNumberCheckCharacter(first17);
};
const majors = [{ id: 'major-1', code: '0101-4', name: '汽车维修' }];
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
  ...over,
});

describe('parseStudentRow (学籍注册导入, one row)', () => {
  // parseRegistrationInput keeps the schema of the last day it was asked for: the answer must still follow the day.
  it('judges the age on the day asked for, whatever day the row before was checked on', () => {
    const turnsThirteen = idNumber('20130910', 12);
    const before = parseStudentRow(2, cells(turnsThirteen), '2026-09-09', majors);
    const after = parseStudentRow(3, cells(turnsThirteen), '2026-09-10', majors);
    const beforeAgain = parseStudentRow(4, cells(turnsThirteen), '2026-09-09', majors);
    expect(before).toEqual({ ok: false, problems: [{ row: 2, column: '身份证号码', message: '身份证号码对应年龄12岁，技工院校学生应在13至60岁之间，请核对' }] });
    expect(after).toMatchObject({ ok: true, input: { idNumber: turnsThirteen, majorId: 'major-1', householdType: 'agricultural', povertyRegistered: false } });
    expect(beforeAgain).toMatchObject({ ok: false });
  });

  it('reports every bad cell of a row in column order, in Chinese', () => {
    const result = parseStudentRow(7, cells(idNumber('20100506', 122), { majorId: '9999', studyMode: '函授', phone: '123' }), '2026-09-15', majors);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems.map((p) => p.column)).toEqual(['联系电话', '专业代码', '学习形式']);
    expect(!result.ok && result.problems[1]!.message).toBe('专业代码“9999”不是本校已审批通过的专业');
  });
});
