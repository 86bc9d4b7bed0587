// The trainees list as an .xlsx export: the list's own query, filter and masking (see api/export).
import type { TraineeRow } from '../../projections/trainee/trainees-table';
import { chinaTime, yesNo, type ExportList } from '../export/export-lists';
import { institutionNamesFor, parseTraineeFilter, toTrainee, traineeListQuery, type TraineeFilter } from './trainee-graphql';

type Trainee = ReturnType<typeof toTrainee> & { personCategoryLabel: string };
export const traineeExport: ExportList<Trainee, TraineeFilter> = {
  label: '学员',
  parseFilter: parseTraineeFilter,
  query: traineeListQuery,
  async items(ctx, rows) {
    const traineeRows = rows as TraineeRow[];
    const [names, categories] = await Promise.all([institutionNamesFor(ctx, traineeRows), ctx.platform.commands.dictionaries.entries('person_category')]);
    const labels = new Map(categories.map((c) => [c.code, c.label]));
    return traineeRows.map((r) => {
      const item = toTrainee(r, names);
      return { ...item, personCategoryLabel: labels.get(item.personCategory) ?? item.personCategory };
    });
  },
  columns: [
    { header: '姓名', width: 12, value: (t) => t.name },
    { header: '身份证号码', width: 22, value: (t) => t.idNumber },
    { header: '性别', width: 6, value: (t) => t.sexLabel },
    { header: '出生日期', width: 12, value: (t) => t.birthDate },
    { header: '户籍地区代码', width: 12, value: (t) => t.regionCode },
    { header: '人员类别', width: 28, value: (t) => t.personCategoryLabel },
    { header: '联系电话', width: 16, value: (t) => t.phone },
    { header: '银行账号', width: 24, value: (t) => t.bankAccount },
    { header: '审核状态', width: 10, value: (t) => t.reviewStatusLabel },
    { header: '录入机构', width: 40, value: (t) => t.enrolments.map((e) => `${e.institutionName ?? e.institutionId}（${e.statusLabel}）`).join('；') },
    { header: '多机构录入', width: 10, value: (t) => yesNo(t.duplicateEntry) },
    { header: '录入时间', width: 20, value: (t) => chinaTime(t.createdAt) },
    { header: '更新时间', width: 20, value: (t) => chinaTime(t.updatedAt) },
  ],
};
