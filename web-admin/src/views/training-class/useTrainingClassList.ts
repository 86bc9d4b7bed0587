// 培训班级: the classes in the user's data scope (an institution its own, an authority those of the
// institutions below it), filtered by keyword, kind, status, institution, occupation, the venue's
// county and the planned start. Institutions register classes (开班登记). Export of the current
// filter is the server's (GET /export/training-classes.xlsx).
import { computed } from 'vue';
import { useRouter } from 'vue-router';
import { can } from '@/auth/permission';
import { openDialog } from '@/components/dialog/dialog-service';
import { filterFields, type FilterOption } from '@/components/table/filter-fields';
import { useListExport } from '@/components/table/use-list-export';
import { compact, useListState } from '@/components/table/use-list-state';
import { usePagedQuery } from '@/components/table/use-paged-query';
import { useRemoteOptions } from '@/components/table/use-remote-options';
import { useTableSettings } from '@/components/table/use-table-settings';
import { TrainingClassesDocument, type TrainingClassFilter } from '@/graphql/generated';
import { useSessionStore } from '@/stores/session';
import { useOrganizations } from '../organization/useOrganizations';
import ClassFormDialog from './ClassFormDialog.vue';
import { CLASS_STATUS_OPTIONS, TRAINING_KIND_OPTIONS, type ClassFormResult, type TrainingClassFilters } from './types';

const emptyFilters = (): TrainingClassFilters => ({ keyword: '', kind: '', status: '', institutionId: '', occupationCode: '', countyCode: '', startFrom: '', startTo: '' });

/** The filter exactly as the list query and its export send it: trimmed, empty values left out. */
const filterOf = (q: TrainingClassFilters): TrainingClassFilter => compact(q);

export function useTrainingClassList() {
  const router = useRouter();
  const session = useSessionStore();
  const list = useListState<TrainingClassFilters>(emptyFilters);
  const page = usePagedQuery(TrainingClassesDocument, () => ({ filter: filterOf(list.filters()), page: list.page() }), (r) => r.trainingClasses);
  const { exporting, exportCurrent } = useListExport('training-classes', '培训班级', () => filterOf(list.filters()));

  // Institutions and counties the user may choose from: those in the data scope. An institution's
  // own operator has only itself, and gets neither filter.
  const organizations = useOrganizations();
  const institutions = computed<FilterOption[]>(() => organizations.rows.value.filter((o) => o.kind === 'institution').map((o) => ({ value: o.id, label: o.name })));
  const counties = computed<FilterOption[]>(() => organizations.rows.value.filter((o) => o.kind === 'county').map((o) => ({ value: o.divisionCode, label: o.name.replace(/人力资源和社会保障局$/, '') })));
  // The institution picker searches the loaded names as the user types (a county holds hundreds).
  const institutionSearch = useRemoteOptions(async (q) => institutions.value.filter((o) => o.label.includes(q)).slice(0, 50));

  const fields = filterFields<TrainingClassFilters>([
    { kind: 'text', key: 'keyword', label: '关键字', placeholder: '班级名称或编号', maxlength: 50, test: 'keyword' },
    { kind: 'select', key: 'kind', label: '培训类型', options: TRAINING_KIND_OPTIONS, width: 170, test: 'kind-filter' },
    { kind: 'select', key: 'status', label: '班级状态', options: CLASS_STATUS_OPTIONS, width: 150, test: 'status-filter' },
    {
      kind: 'remote',
      key: 'institutionId',
      label: '培训机构',
      options: institutionSearch.options,
      search: (q) => void institutionSearch.search(q),
      loading: institutionSearch.loading,
      width: 220,
      visible: computed(() => institutions.value.length > 1),
    },
    { kind: 'text', key: 'occupationCode', label: '工种编码', placeholder: '如 4-03-02-01', maxlength: 30, width: 150, mono: true },
    { kind: 'select', key: 'countyCode', label: '培训区县', options: counties, width: 150, visible: computed(() => counties.value.length > 1) },
    { kind: 'date', key: 'startFrom', label: '开班日期', placeholder: '起', width: 140, test: 'start-from' },
    { kind: 'date', key: 'startTo', label: '至', placeholder: '止', width: 140, test: 'start-to' },
  ]);

  const table = useTableSettings('TrainingClassList', [
    { key: 'classNo', label: '班级编号' },
    { key: 'name', label: '班级名称', essential: true },
    { key: 'status', label: '班级状态', essential: true },
    { key: 'reviewStatus', label: '审核状态' },
    { key: 'kind', label: '培训类型' },
    { key: 'subject', label: '培训项目' },
    { key: 'institution', label: '培训机构' },
    { key: 'county', label: '培训区县', visible: false },
    { key: 'plannedStart', label: '计划开班' },
    { key: 'plannedEnd', label: '计划结业' },
    { key: 'enrolled', label: '报名人数' },
    { key: 'funding', label: '资金来源', visible: false },
    { key: 'updatedAt', label: '更新时间', visible: false },
  ]);

  // 开班登记 is an institution's own act: its operator, for its own organisation.
  const canRegister = computed(() => can({ allOf: ['training-class:manage'] }));

  async function register() {
    const own = organizations.find(session.me?.orgId);
    const saved = await openDialog<ClassFormResult>(ClassFormDialog, { mode: 'register', defaultCountyCode: own?.divisionCode ?? '' });
    if (!saved) return;
    // The list refreshes in the background (its rows wait for the projections); the new record opens at once.
    void page.refresh()?.catch(() => undefined);
    await router.push({ name: 'TrainingClassRecord', params: { id: saved.id } });
  }
  const openRecord = (id: string) => router.push({ name: 'TrainingClassRecord', params: { id } });

  return { list, page, fields, table, canRegister, exporting, exportCurrent, register, openRecord };
}
