// 技能人才信息 (9(12)): the graduates of the user's scope with their student record's facts (ID
// number and phone masked) and their employment record, filtered and exported as the server lists them.
import { useRouter } from 'vue-router';
import { filterFields } from '@/components/table/filter-fields';
import { useListExport } from '@/components/table/use-list-export';
import { compact, useListState } from '@/components/table/use-list-state';
import { usePagedQuery } from '@/components/table/use-paged-query';
import { useTableSettings } from '@/components/table/use-table-settings';
import { GraduateTalentsDocument } from '@/graphql/generated';
import type { TalentFilters } from './types';
import { graduationYears } from './useEmploymentList';

export function useTalentReport() {
  const router = useRouter();
  const list = useListState<TalentFilters>(() => ({ keyword: '', idNumber: '', graduationYear: '', recorded: '' }));
  const filterOf = () => {
    const f = list.filters();
    return compact({
      keyword: f.keyword,
      idNumber: f.idNumber.toUpperCase(),
      graduationYear: f.graduationYear ? Number(f.graduationYear) : undefined,
      recorded: f.recorded === '' ? undefined : f.recorded === 'yes',
    });
  };
  const page = usePagedQuery(GraduateTalentsDocument, () => ({ filter: filterOf(), page: list.page() }), (r) => r.graduateTalents);
  const { exporting, exportCurrent } = useListExport('graduate-talents', '技能人才信息', filterOf);
  const fields = filterFields<TalentFilters>([
    { kind: 'text', key: 'keyword', label: '姓名', placeholder: '姓名关键字', maxlength: 30 },
    { kind: 'text', key: 'idNumber', label: '身份证号码', placeholder: '完整18位，精确查找', maxlength: 18, mono: true, width: 200 },
    { kind: 'select', key: 'graduationYear', label: '毕业年份', options: graduationYears(), width: 110 },
    {
      kind: 'select',
      key: 'recorded',
      label: '就业登记',
      options: [
        { value: 'yes', label: '已登记' },
        { value: 'no', label: '未登记' },
      ],
      width: 110,
    },
  ]);
  const table = useTableSettings('GraduateTalentReport', [
    { key: 'name', label: '姓名' },
    { key: 'idNumber', label: '身份证号码' },
    { key: 'household', label: '户口性质', visible: false },
    { key: 'poverty', label: '建档立卡' },
    { key: 'previousSchool', label: '入学前就读学校', visible: false },
    { key: 'education', label: '文化程度', visible: false },
    { key: 'address', label: '家庭地址', visible: false },
    { key: 'major', label: '专业' },
    { key: 'graduatedOn', label: '毕业时间' },
    { key: 'diploma', label: '毕业证书编号' },
    { key: 'school', label: '毕业院校' },
    { key: 'nature', label: '院校性质', visible: false },
    { key: 'authority', label: '主管部门', visible: false },
    { key: 'destination', label: '毕业去向' },
    { key: 'employer', label: '就业单位 / 升学院校' },
    { key: 'pay', label: '月收入' },
    { key: 'phone', label: '联系电话', visible: false },
  ]);
  const openStudent = (id: string) => router.push({ name: 'StudentRecord', params: { id } });
  return { list, page, fields, table, exporting, exportCurrent, openStudent };
}
