// 毕业生就业: the employment records of the graduates in the user's scope, filtered by name or
// employer, destination and year of graduation; the school records a graduate's destination.
import { computed } from 'vue';
import { useRouter } from 'vue-router';
import { can } from '@/auth/permission';
import { openDialog } from '@/components/dialog/dialog-service';
import { filterFields } from '@/components/table/filter-fields';
import { useListExport } from '@/components/table/use-list-export';
import { compact, useListState } from '@/components/table/use-list-state';
import { usePagedQuery } from '@/components/table/use-paged-query';
import { useTableSettings } from '@/components/table/use-table-settings';
import { EmploymentsDocument } from '@/graphql/generated';
import { useSchoolVocabulary } from '../technical-school/vocabulary';
import EmploymentFormDialog from './EmploymentFormDialog.vue';
import type { EmploymentFilters } from './types';

/** The years a graduation may fall in, newest first (the school system began keeping them in 2015). */
export const graduationYears = () => {
  const now = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
  return Array.from({ length: now - 2014 }, (_, i) => String(now - i)).map((y) => ({ value: y, label: `${y}年` }));
};

export function useEmploymentList() {
  const router = useRouter();
  const vocabulary = useSchoolVocabulary();
  const list = useListState<EmploymentFilters>(() => ({ keyword: '', destination: '', graduationYear: '' }));
  const filterOf = () => {
    const f = list.filters();
    return compact({ keyword: f.keyword, destination: f.destination, graduationYear: f.graduationYear ? Number(f.graduationYear) : undefined });
  };
  const page = usePagedQuery(EmploymentsDocument, () => ({ filter: filterOf(), page: list.page() }), (r) => r.employments);
  const { exporting, exportCurrent } = useListExport('employments', '毕业生就业', filterOf);
  const fields = filterFields<EmploymentFilters>([
    { kind: 'text', key: 'keyword', label: '关键字', placeholder: '姓名或就业单位', maxlength: 50 },
    { kind: 'select', key: 'destination', label: '毕业去向', options: vocabulary.list('destinations'), width: 120 },
    { kind: 'select', key: 'graduationYear', label: '毕业年份', options: graduationYears(), width: 110 },
  ]);
  const table = useTableSettings('EmploymentList', [
    { key: 'name', label: '姓名' },
    { key: 'idNumber', label: '身份证号码' },
    { key: 'school', label: '院校' },
    { key: 'major', label: '专业' },
    { key: 'graduatedOn', label: '毕业日期' },
    { key: 'destination', label: '毕业去向' },
    { key: 'employer', label: '就业单位 / 升学院校' },
    { key: 'employedOn', label: '就业日期', visible: false },
    { key: 'pay', label: '月收入' },
    { key: 'certificates', label: '技能等级证书' },
  ]);
  const canRecord = computed(() => can({ allOf: ['student:register'] }));
  async function add() {
    const saved = await openDialog(EmploymentFormDialog, { mode: 'record' });
    if (saved) await page.refresh();
  }
  const openRecord = (id: string) => router.push({ name: 'EmploymentRecord', params: { id } });
  return { list, page, fields, table, exporting, exportCurrent, canRecord, add, openRecord };
}
