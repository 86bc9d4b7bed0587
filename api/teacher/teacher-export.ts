// The teachers list as an .xlsx export: the list's own query, filter and masking (see api/export).
import { SEX_LABELS } from '../../domain/personal-data/id-number';
import type { TeacherRow } from '../../projections/teacher/teachers-table';
import { chinaTime, type ExportList } from '../export/export-lists';
import { namesOf as teacherInstitutionNames, parseTeacherFilter, teacherListQuery, toTeacher, type TeacherFilter } from './teacher-graphql';

type Teacher = ReturnType<typeof toTeacher>;
export const teacherExport: ExportList<Teacher, TeacherFilter> = {
  label: '培训师资',
  parseFilter: parseTeacherFilter,
  query: teacherListQuery,
  async items(ctx, rows) {
    const teacherRows = rows as TeacherRow[];
    const names = await teacherInstitutionNames(ctx, teacherRows);
    return teacherRows.map((r) => toTeacher(r, names));
  },
  columns: [
    { header: '姓名', width: 12, value: (t) => t.name },
    { header: '身份证号码', width: 22, value: (t) => t.idNumber },
    { header: '性别', width: 6, value: (t) => SEX_LABELS[t.sex] },
    { header: '出生日期', width: 12, value: (t) => t.birthDate },
    { header: '师资等级', width: 10, value: (t) => t.levelLabel },
    { header: '任课专业', width: 30, value: (t) => t.subjects.join('、') },
    { header: '专兼职', width: 8, value: (t) => (t.fullTime ? '专职' : '兼职') },
    { header: '培训资格', width: 20, value: (t) => t.trainingQualification },
    { header: '任教年限', width: 10, value: (t) => t.yearsTeaching },
    { header: '上岗资格证书编号', width: 22, value: (t) => t.qualificationCertificateNo },
    { header: '认定日期', width: 12, value: (t) => t.qualificationCertifiedOn },
    { header: '师资库', width: 14, value: (t) => t.tierLabel },
    { header: '审核状态', width: 10, value: (t) => t.reviewStatusLabel },
    { header: '聘用机构', width: 40, value: (t) => t.engagements.map((e) => `${e.institutionName ?? e.institutionId}（${e.statusLabel}）`).join('；') },
    { header: '撤销原因', width: 24, value: (t) => t.revokedReason },
    { header: '更新时间', width: 20, value: (t) => chinaTime(t.updatedAt) },
  ],
};
