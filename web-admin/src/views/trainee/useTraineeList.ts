// 学员: the trainees entered by institutions in the user's scope. A full ID number finds one person
// exactly (the server looks it up by its blind index; the number itself is never stored in clear);
// people entered by more than one institution are flagged. Export of the current filter is the
// server's (GET /export/trainees.xlsx).
import { computed } from 'vue';
import { useRouter } from 'vue-router';
import { can } from '@/auth/permission';
import { openDialog } from '@/components/dialog/dialog-service';
import { filterFields } from '@/components/table/filter-fields';
import { useListExport } from '@/components/table/use-list-export';
import { compact, useListState } from '@/components/table/use-list-state';
import { usePagedQuery } from '@/components/table/use-paged-query';
import { useTableSettings } from '@/components/table/use-table-settings';
import { TraineesDocument } from '@/graphql/generated';
import { useDict } from '@/utils/dict';
import { useImportKinds } from '../import/useImportKinds';
import TraineeFormDialog from './TraineeFormDialog.vue';
import type { TraineeFilters, TraineeFormResult } from './types';

/** The filter as the server wants it (the list and its export send the same). */
const filterOf = (q: TraineeFilters) =>
  compact({ keyword: q.keyword, idNumber: q.idNumber.toUpperCase(), personCategory: q.personCategory, reviewStatus: q.reviewStatus, duplicateOnly: q.duplicateOnly });

export function useTraineeList() {
  const router = useRouter();
  const list = useListState<TraineeFilters>(() => ({ keyword: '', idNumber: '', personCategory: '', reviewStatus: '', duplicateOnly: false }));
  const page = usePagedQuery(TraineesDocument, () => ({ filter: filterOf(list.query), page: list.page() }), (r) => r.trainees);
  const categories = useDict('person_category');
  const fields = filterFields<TraineeFilters>([
    { kind: 'text', key: 'keyword', label: '姓名', placeholder: '姓名关键字', maxlength: 30 },
    { kind: 'text', key: 'idNumber', label: '身份证号码', placeholder: '完整18位，精确查找', maxlength: 18, mono: true, width: 210 },
    { kind: 'select', key: 'personCategory', label: '人员类别', options: categories.options, width: 200 },
    { kind: 'select', key: 'reviewStatus', label: '审核状态', options: useDict('review_status').options, width: 120 },
    { kind: 'checkbox', key: 'duplicateOnly', text: '只看多机构录入', test: 'duplicate-only' },
  ]);
  const canEnter = computed(() => can({ allOf: ['trainee:enter'] }));
  const importKinds = useImportKinds();
  // The trainee import enters and submits each row: it needs what entering and submitting need.
  const canImport = computed(() => can({ allOf: ['import:run', 'trainee:enter', 'review:submit'] }) && importKinds.offers('trainee'));
  const { exporting, exportCurrent } = useListExport('trainees', '学员', () => filterOf(list.query));

  const table = useTableSettings('TraineeList', [
    { key: 'name', label: '姓名' },
    { key: 'idNumber', label: '身份证号码' },
    { key: 'sex', label: '性别' },
    { key: 'birthDate', label: '出生日期' },
    { key: 'category', label: '人员类别' },
    { key: 'phone', label: '手机号码' },
    { key: 'status', label: '审核状态' },
    { key: 'institutions', label: '录入机构' },
    { key: 'updatedAt', label: '更新时间', visible: false },
  ]);

  async function enter() {
    const saved = await openDialog<TraineeFormResult>(TraineeFormDialog, { mode: 'enter', canSubmit: can({ allOf: ['review:submit'] }) });
    if (!saved) return;
    // The list refreshes in the background (its rows wait for the projections); the new record opens at once.
    void page.refresh()?.catch(() => undefined);
    await router.push({ name: 'TraineeRecord', params: { id: saved.id } });
  }
  const openRecord = (id: string) => router.push({ name: 'TraineeRecord', params: { id } });
  const openImport = () => router.push({ name: 'ImportPage', query: { kind: 'trainee' } });

  return { list, page, fields, categories, canEnter, canImport, exporting, table, enter, openRecord, openImport, exportCurrent };
}
