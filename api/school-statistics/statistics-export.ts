// The statistics as .xlsx (see api/export): the same queries and labels as the GraphQL answers.
import { formatYuan } from '../../domain/shared/money';
import type { AidStatisticsRow, EmploymentStatisticsRow, StudentStatisticsRow } from '../../projections/school-statistics/school-statistics-queries';
import type { ExportList } from '../export/export-lists';
import {
  aidStatisticsList,
  employmentStatisticsList,
  parseEmploymentStatisticsFilter,
  toEmploymentGroups,
  type EmploymentStatisticsFilter,
  parseAidStatisticsFilter,
  parseStudentStatisticsFilter,
  studentStatisticsList,
  toAidGroups,
  toStudentGroups,
  type AidStatisticsFilter,
  type StudentStatisticsFilter,
} from './school-statistics-graphql';

type StudentGroup = Awaited<ReturnType<typeof toStudentGroups>>[number];
type AidGroup = Awaited<ReturnType<typeof toAidGroups>>[number];
type EmploymentGroup = Awaited<ReturnType<typeof toEmploymentGroups>>[number];

export const studentStatisticsExport: ExportList<StudentGroup, StudentStatisticsFilter> = {
  label: '在校生统计',
  parseFilter: parseStudentStatisticsFilter,
  query: studentStatisticsList,
  items: (ctx, rows) => toStudentGroups(ctx, rows as unknown as StudentStatisticsRow[]),
  columns: [
    { header: '分组', width: 30, value: (g) => g.label },
    { header: '在校生', width: 10, value: (g) => g.inSchool },
    { header: '在籍', width: 10, value: (g) => g.enrolled },
    { header: '休学', width: 10, value: (g) => g.suspended },
  ],
};

export const aidStatisticsExport: ExportList<AidGroup, AidStatisticsFilter> = {
  label: '资助统计',
  parseFilter: parseAidStatisticsFilter,
  query: aidStatisticsList,
  items: (ctx, rows) => toAidGroups(ctx, rows as unknown as AidStatisticsRow[]),
  columns: [
    { header: '分组', width: 30, value: (g) => g.label },
    { header: '已批准人次', width: 12, value: (g) => g.approvedCount },
    { header: '已批准金额', width: 16, value: (g) => formatYuan(Number(g.approvedFen)) },
    { header: '待审批人次', width: 12, value: (g) => g.pendingCount },
    { header: '待审批金额', width: 16, value: (g) => formatYuan(Number(g.pendingFen)) },
  ],
};

export const employmentStatisticsExport: ExportList<EmploymentGroup, EmploymentStatisticsFilter> = {
  label: '就业统计',
  parseFilter: parseEmploymentStatisticsFilter,
  query: employmentStatisticsList,
  items: (ctx, rows) => toEmploymentGroups(ctx, rows as unknown as EmploymentStatisticsRow[]),
  columns: [
    { header: '分组', width: 30, value: (g) => g.label },
    { header: '毕业生', width: 10, value: (g) => g.graduates },
    { header: '已登记', width: 10, value: (g) => g.recorded },
    { header: '单位就业', width: 10, value: (g) => g.employed },
    { header: '自主创业', width: 10, value: (g) => g.selfEmployed },
    { header: '升学', width: 10, value: (g) => g.furtherStudy },
    { header: '待就业', width: 10, value: (g) => g.seeking },
    { header: '就业率(%)', width: 10, value: (g) => (g.employmentRate === null ? '' : g.employmentRate.toFixed(1)) },
    { header: '平均月收入', width: 14, value: (g) => (g.averagePayFen === null ? '' : formatYuan(Number(g.averagePayFen))) },
  ],
};
