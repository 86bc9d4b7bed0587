// The technical schools list as an .xlsx export (see api/export).
import type { TechnicalSchoolRow } from '../../projections/technical-school/technical-schools-table';
import { chinaTime, type ExportColumn, type ExportList } from '../export/export-lists';
import { parseTechnicalSchoolFilter, technicalSchoolListQuery, toTechnicalSchool, type TechnicalSchoolFilter } from './technical-school-graphql';

type School = ReturnType<typeof toTechnicalSchool>;
const columns: ExportColumn<School>[] = [
  { header: '学校代码', width: 12, value: (s) => s.code },
  { header: '院校名称', width: 30, value: (s) => s.name },
  { header: '办学层次', width: 14, value: (s) => s.levelLabel },
  { header: '办学性质', width: 12, value: (s) => s.natureLabel },
  { header: '主管部门', width: 30, value: (s) => s.authorityName },
  { header: '学校地址', width: 36, value: (s) => s.info.address },
  { header: '校长', width: 10, value: (s) => s.info.principal },
  { header: '联系人', width: 10, value: (s) => s.info.contactPerson },
  { header: '联系电话', width: 16, value: (s) => s.info.contactPhone },
  { header: '批准文号', width: 24, value: (s) => s.info.approvalNumber },
  { header: '建校年份', width: 10, value: (s) => s.info.establishedYear },
  { header: '审核状态', width: 10, value: (s) => s.reviewStatusLabel },
  { header: '更新时间', width: 20, value: (s) => chinaTime(s.updatedAt) },
];

export const technicalSchoolExport: ExportList<School, TechnicalSchoolFilter> = {
  label: '技工院校',
  parseFilter: parseTechnicalSchoolFilter,
  query: technicalSchoolListQuery,
  items: async (_ctx, rows) => (rows as (TechnicalSchoolRow & { authority_name?: string })[]).map(toTechnicalSchool),
  columns,
};
