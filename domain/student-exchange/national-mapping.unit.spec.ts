import { describe, expect, it } from '@jest/globals';
import { nationalStudentOf, reconcile, type OurStudent } from './national-mapping';

const ours = (id: string, over: Partial<OurStudent> = {}): OurStudent => ({
  studentId: `s-${id}`,
  idNumberIndex: `bi-${id}`,
  idNumberMasked: `520102********${id}`,
  schoolCode: '52101',
  name: `学生${id}`,
  majorCode: '0101-4',
  statusCode: '01',
  cohortYear: '2026',
  classTypeCode: '1',
  studyModeCode: '1',
  ...over,
});
const national = (row: number, id: string, over: Record<string, string> = {}) =>
  nationalStudentOf(row, { XXDM: '52101', XM: `学生${id}`, SFZH: `5201022010010${id}`, ZYDM: '0101-4', XJZT: '01', RXNF: '2026', PYCC: '1', XXXS: '1', ...over });
// The blind index of a national ID number: here its last four characters name the test person.
const indexesOf = (idNumber: string) => [`bi-${idNumber.slice(-4)}`];
const mask = (idNumber: string) => `${idNumber.slice(0, 6)}********${idNumber.slice(-4)}`;

describe('reconciling with the national list', () => {
  it('sorts people into matched, differing (naming each field), only national, only ours', () => {
    const result = reconcile(
      [ours('1001'), ours('1002'), ours('1003')],
      [national(2, '1001'), national(3, '1002', { XJZT: '02', ZYDM: '0301-4' }), national(4, '1009'), national(5, '1001')],
      indexesOf,
      mask,
    );
    expect(result).toEqual({
      matched: 1,
      differing: [
        {
          studentId: 's-1002',
          idNumberMasked: '520102********1002',
          name: '学生1002',
          row: 3,
          differences: [
            { field: 'majorCode', label: '专业代码', ours: '0101-4', theirs: '0301-4' },
            { field: 'statusCode', label: '学籍状态', ours: '01', theirs: '02' },
          ],
        },
      ],
      onlyNational: [{ row: 4, idNumberMasked: '520102********1009', name: '学生1009', schoolCode: '52101' }],
      onlyOurs: [{ studentId: 's-1003', idNumberMasked: '520102********1003', name: '学生1003', schoolCode: '52101' }],
      duplicateRows: [5],
    });
  });

  it('reads a row by field code or by Chinese header', () => {
    expect(nationalStudentOf(7, { 学校代码: '52101', 姓名: '王小红', 身份证号: '52010220100506122x', 专业代码: '0101-4', 学籍状态: '01', 入学年份: '2026', 培养层次: '1', 学习形式: '1' })).toEqual({
      row: 7,
      schoolCode: '52101',
      name: '王小红',
      idNumber: '52010220100506122X',
      majorCode: '0101-4',
      statusCode: '01',
      cohortYear: '2026',
      classTypeCode: '1',
      studyModeCode: '1',
    });
  });
});
