// 技工院校: the schools in the user's scope. An authority creates a school under itself (it then is
// an organisation of the tree, where the system administrator creates its users); a school sees
// itself. Export of the current filter is the server's (GET /export/technical-schools.xlsx).
import { computed } from 'vue';
import { useRouter } from 'vue-router';
import { can } from '@/auth/permission';
import { openDialog } from '@/components/dialog/dialog-service';
import { filterFields } from '@/components/table/filter-fields';
import { useListExport } from '@/components/table/use-list-export';
import { compact, useListState } from '@/components/table/use-list-state';
import { usePagedQuery } from '@/components/table/use-paged-query';
import { useTableSettings } from '@/components/table/use-table-settings';
import { TechnicalSchoolsDocument } from '@/graphql/generated';
import { useDict } from '@/utils/dict';
import SchoolFormDialog from './SchoolFormDialog.vue';
import type { TechnicalSchoolFilters } from './types';
import { useSchoolVocabulary } from './vocabulary';

export function useTechnicalSchoolList() {
  const router = useRouter();
  const vocabulary = useSchoolVocabulary();
  const list = useListState<TechnicalSchoolFilters>(() => ({ keyword: '', level: '', nature: '', reviewStatus: '' }));
  const page = usePagedQuery(TechnicalSchoolsDocument, () => ({ filter: compact(list.filters()), page: list.page() }), (r) => r.technicalSchools);
  const { exporting, exportCurrent } = useListExport('technical-schools', '技工院校', () => compact(list.filters()));
  const fields = filterFields<TechnicalSchoolFilters>([
    { kind: 'text', key: 'keyword', label: '关键字', placeholder: '院校名称或学校代码', maxlength: 50 },
    { kind: 'select', key: 'level', label: '办学层次', options: vocabulary.list('schoolLevels'), width: 150 },
    { kind: 'select', key: 'nature', label: '办学性质', options: vocabulary.list('schoolNatures'), width: 130 },
    { kind: 'select', key: 'reviewStatus', label: '审核状态', options: useDict('review_status').options, width: 120 },
  ]);
  const table = useTableSettings('TechnicalSchoolList', [
    { key: 'code', label: '学校代码' },
    { key: 'name', label: '院校名称' },
    { key: 'level', label: '办学层次' },
    { key: 'nature', label: '办学性质' },
    { key: 'authority', label: '主管部门' },
    { key: 'status', label: '审核状态' },
    { key: 'updatedAt', label: '更新时间', visible: false },
  ]);
  const canCreate = computed(() => can({ allOf: ['technical-school:manage'] }));

  async function create() {
    const saved = await openDialog<{ id: string }>(SchoolFormDialog, { mode: 'create', canSubmit: false });
    if (!saved) return;
    void page.refresh()?.catch(() => undefined);
    await router.push({ name: 'TechnicalSchoolRecord', params: { id: saved.id } });
  }
  const openRecord = (id: string) => router.push({ name: 'TechnicalSchoolRecord', params: { id } });
  return { list, page, fields, table, exporting, exportCurrent, canCreate, create, openRecord };
}
