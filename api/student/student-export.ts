// The student status list as .xlsx exports (see api/export): 条件导出 (the list's columns, the current
// filter) and 全部导出 (every field of every student in the caller's scope, whatever the filter
// says), both under the caller's data scope and masked as the list shows them.
import type { StudentRow } from '../../projections/student/students-table';
import { chinaTime, yesNo, type ExportColumn, type ExportList } from '../export/export-lists';
import { parseStudentFilter, studentListQuery, toStudentListItem, type StudentFilter } from './student-graphql';

type Student = ReturnType<typeof toStudentListItem>;
const listColumns: ExportColumn<Student>[] = [
  { header: '姓名', width: 12, value: (s) => s.name },
  { header: '身份证号码', width: 22, value: (s) => s.idNumber },
  { header: '性别', width: 6, value: (s) => s.sexLabel },
  { header: '院校', width: 30, value: (s) => s.schoolName },
  { header: '专业', width: 24, value: (s) => s.majorName },
  { header: '班级类型', width: 12, value: (s) => s.classTypeLabel },
  { header: '年级', width: 8, value: (s) => s.cohortYear },
  { header: '学籍状态', width: 10, value: (s) => s.statusLabel },
  { header: '审核状态', width: 10, value: (s) => s.reviewStatusLabel },
];
const allColumns: ExportColumn<Student>[] = [
  ...listColumns.slice(0, 3),
  { header: '出生日期', width: 12, value: (s) => s.birthDate },
  { header: '户籍地区码', width: 10, value: (s) => s.regionCode },
  { header: '联系电话', width: 14, value: (s) => s.phone },
  { header: '户口性质', width: 12, value: (s) => s.householdTypeLabel },
  { header: '建档立卡贫困户', width: 14, value: (s) => yesNo(s.povertyRegistered) },
  { header: '入学前文化程度', width: 14, value: (s) => s.educationLabel },
  { header: '入学前就读学校', width: 24, value: (s) => s.previousSchool },
  { header: '家庭地址', width: 30, value: (s) => s.address },
  ...listColumns.slice(3, 6),
  { header: '学习形式', width: 10, value: (s) => s.studyModeLabel },
  { header: '年级', width: 8, value: (s) => s.cohortYear },
  { header: '入学日期', width: 12, value: (s) => s.enrolledOn },
  { header: '学号', width: 14, value: (s) => s.studentNumber },
  { header: '学籍状态', width: 10, value: (s) => s.statusLabel },
  { header: '待接收转入院校', width: 30, value: (s) => s.transferToSchoolName },
  { header: '审核状态', width: 10, value: (s) => s.reviewStatusLabel },
  { header: '更新时间', width: 20, value: (s) => chinaTime(s.updatedAt) },
];

const items = async (_ctx: unknown, rows: Record<string, unknown>[]) => (rows as StudentRow[]).map(toStudentListItem);

export const studentExport: ExportList<Student, StudentFilter> = { label: '学籍', parseFilter: parseStudentFilter, query: studentListQuery, items, columns: listColumns };

export const studentFullExport: ExportList<Student, StudentFilter> = {
  label: '学籍（全部）',
  parseFilter: parseStudentFilter,
  // Every student in scope: the filter is accepted (the console sends its current one) but not applied.
  query: (ctx) => studentListQuery(ctx, parseStudentFilter(undefined)),
  items,
  columns: allColumns,
};
