// 专业: the majors of the schools in the user's scope; a school declares its own, its authorities
// approve them (the one review workflow); statistics per school and field.
import { computed } from 'vue';
import { useRouter } from 'vue-router';
import { can } from '@/auth/permission';
import { openDialog } from '@/components/dialog/dialog-service';
import { filterFields } from '@/components/table/filter-fields';
import { useListExport } from '@/components/table/use-list-export';
import { compact, useListState } from '@/components/table/use-list-state';
import { usePagedQuery } from '@/components/table/use-paged-query';
import { useTableSettings } from '@/components/table/use-table-settings';
import { MajorsDocument } from '@/graphql/generated';
import { useDict } from '@/utils/dict';
import { useSchoolVocabulary } from '../technical-school/vocabulary';
import MajorFormDialog from './MajorFormDialog.vue';
import MajorStatisticsDialog from './MajorStatisticsDialog.vue';
import type { MajorFilters } from './types';

export function useMajorList() {
  const router = useRouter();
  const list = useListState<MajorFilters>(() => ({ keyword: '', field: '', reviewStatus: '', approvedOnly: false }));
  const filterOf = () => compact({ ...list.filters(), approvedOnly: list.filters().approvedOnly || undefined });
  const page = usePagedQuery(MajorsDocument, () => ({ filter: filterOf(), page: list.page() }), (r) => r.majors);
  const { exporting, exportCurrent } = useListExport('majors', '专业', filterOf);
  const fields = filterFields<MajorFilters>([
    { kind: 'text', key: 'keyword', label: '关键字', placeholder: '专业名称或代码', maxlength: 50 },
    { kind: 'select', key: 'field', label: '专业大类', options: useSchoolVocabulary().list('fields'), width: 140 },
    { kind: 'select', key: 'reviewStatus', label: '审批状态', options: useDict('review_status').options, width: 120 },
    { kind: 'checkbox', key: 'approvedOnly', text: '只看已批准', test: 'approved-only' },
  ]);
  const table = useTableSettings('MajorList', [
    { key: 'code', label: '专业代码' },
    { key: 'name', label: '专业名称' },
    { key: 'field', label: '专业大类' },
    { key: 'classTypes', label: '培养层次' },
    { key: 'school', label: '院校' },
    { key: 'plan', label: '年招生计划' },
    { key: 'status', label: '审批状态' },
    { key: 'updatedAt', label: '更新时间', visible: false },
  ]);
  const canDeclare = computed(() => can({ allOf: ['technical-school:edit'] }));

  async function declare() {
    const saved = await openDialog<{ id: string }>(MajorFormDialog, { mode: 'declare', canSubmit: can({ allOf: ['review:submit'] }) });
    if (!saved) return;
    void page.refresh()?.catch(() => undefined);
    await router.push({ name: 'MajorRecord', params: { id: saved.id } });
  }
  const statistics = () => openDialog(MajorStatisticsDialog);
  const openRecord = (id: string) => router.push({ name: 'MajorRecord', params: { id } });
  return { list, page, fields, table, exporting, exportCurrent, canDeclare, declare, statistics, openRecord };
}
