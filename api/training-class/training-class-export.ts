// The class list as an .xlsx export: the list's own query, filter and scope (see api/export).
import type { TrainingClassRow } from '../../projections/training-class/training-classes-table';
import { chinaTime, type ExportList } from '../export/export-lists';
import { institutionNamesOf, parseTrainingClassFilter, trainingClassListSql, type TrainingClassFilter } from './training-class-graphql';
import { toTrainingClass } from './training-class-types';

type TrainingClassItem = ReturnType<typeof toTrainingClass>;
export const trainingClassExport: ExportList<TrainingClassItem, TrainingClassFilter> = {
  label: '培训班级',
  parseFilter: parseTrainingClassFilter,
  query: trainingClassListSql,
  async items(ctx, rows) {
    const classRows = rows as TrainingClassRow[];
    const names = await institutionNamesOf(ctx, classRows);
    return classRows.map((r) => toTrainingClass(r, names));
  },
  columns: [
    { header: '班级编号', width: 20, value: (c) => c.classNo },
    { header: '班级名称', width: 36, value: (c) => c.name },
    { header: '培训类型', width: 18, value: (c) => c.kindLabel },
    { header: '培训项目', width: 32, value: (c) => c.subject },
    { header: '培训机构', width: 32, value: (c) => c.institutionName ?? c.institutionId },
    { header: '培训地点所在区县', width: 18, value: (c) => c.venue.countyName ?? c.venue.countyCode },
    { header: '资金来源', width: 12, value: (c) => c.fundingSourceLabel },
    { header: '计划开班日期', width: 12, value: (c) => c.plannedStart },
    { header: '计划结业日期', width: 12, value: (c) => c.plannedEnd },
    { header: '报名人数', width: 8, value: (c) => c.enrolled },
    { header: '最多人数', width: 8, value: (c) => c.maxSize },
    { header: '状态', width: 14, value: (c) => c.statusLabel },
    { header: '审核事项', width: 10, value: (c) => c.reviewSubjectLabel },
    { header: '审核状态', width: 10, value: (c) => c.reviewStatusLabel },
    { header: '更新时间', width: 20, value: (c) => chinaTime(c.updatedAt) },
  ],
};
