// The school teachers list as an .xlsx export (see api/export), masked as the list shows it.
import type { SchoolTeacherRow } from '../../projections/school-teacher/school-teachers-table';
import type { ExportColumn, ExportList } from '../export/export-lists';
import { parseSchoolTeacherFilter, schoolTeacherListQuery, toSchoolTeacher, type SchoolTeacherFilter } from './school-teacher-graphql';

type Teacher = ReturnType<typeof toSchoolTeacher>;
const columns: ExportColumn<Teacher>[] = [
  { header: '院校', width: 30, value: (t) => t.schoolName },
  { header: '姓名', width: 12, value: (t) => t.name },
  { header: '身份证号码', width: 22, value: (t) => t.idNumber },
  { header: '性别', width: 6, value: (t) => t.sexLabel },
  { header: '出生日期', width: 12, value: (t) => t.birthDate },
  { header: '手机号码', width: 14, value: (t) => t.phone },
  { header: '所属专业', width: 20, value: (t) => t.majorName },
  { header: '专业领域', width: 12, value: (t) => t.fieldLabel },
  { header: '职称', width: 16, value: (t) => t.titleLabel },
  { header: '学历', width: 10, value: (t) => t.educationLabel },
  { header: '任职状态', width: 8, value: (t) => t.employmentLabel },
  { header: '入职日期', width: 12, value: (t) => t.hiredOn },
];

export const schoolTeacherExport: ExportList<Teacher, SchoolTeacherFilter> = {
  label: '院校教师',
  parseFilter: parseSchoolTeacherFilter,
  query: schoolTeacherListQuery,
  items: async (_ctx, rows) => (rows as SchoolTeacherRow[]).map(toSchoolTeacher),
  columns,
};
