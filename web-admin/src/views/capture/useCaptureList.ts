// 考勤抓拍: the captures in the user's data scope (an institution its own, an authority those of
// the institutions below it), newest first, filtered by class (searched by name or number; the
// class record opens this page with ?classId=), status, kind and match result. A row opens in
// detail, its photo through the audited view.
import { useApolloClient } from '@vue/apollo-composable';
import { watch } from 'vue';
import { useRoute } from 'vue-router';
import { openDialog } from '@/components/dialog/dialog-service';
import { filterFields } from '@/components/table/filter-fields';
import { compact, useListState } from '@/components/table/use-list-state';
import { usePagedQuery } from '@/components/table/use-paged-query';
import { useRemoteOptions } from '@/components/table/use-remote-options';
import { useTableSettings } from '@/components/table/use-table-settings';
import { CapturesDocument, TrainingClassesDocument, type CaptureRowFragment } from '@/graphql/generated';
import CaptureDetailDialog from './CaptureDetailDialog.vue';
import { CAPTURE_KIND_OPTIONS, CAPTURE_STATUS_OPTIONS, MATCH_OUTCOME_OPTIONS } from './types';

export interface CaptureFilters {
  classId: string;
  status: string;
  kind: string;
  outcome: string;
}

const emptyFilters = (): CaptureFilters => ({ classId: '', status: '', kind: '', outcome: '' });

export function useCaptureList() {
  const route = useRoute();
  const { resolveClient } = useApolloClient();
  const list = useListState<CaptureFilters>(emptyFilters);
  const variables = () => {
    const { classId, ...filter } = compact(list.filters());
    return { classId: classId ?? null, filter, page: list.page() };
  };
  const page = usePagedQuery(CapturesDocument, variables, (r) => r.classCaptures);

  // Classes the user may see, found by name or number as the user types.
  const classSearch = useRemoteOptions(async (q) => {
    const { data } = await resolveClient().query({ query: TrainingClassesDocument, variables: { filter: { keyword: q }, page: { page: 1, pageSize: 20 } } });
    return data.trainingClasses.items.map((c) => ({ value: c.id, label: `${c.name}（${c.classNo}）` }));
  });
  // The class record links here with its class chosen.
  watch(
    () => route.query.classId,
    (classId) => {
      if (typeof classId !== 'string' || !classId) return;
      const label = typeof route.query.className === 'string' ? route.query.className : classId;
      classSearch.remember({ value: classId, label });
      list.filterForm.classId = classId;
      list.search();
    },
    { immediate: true },
  );

  const fields = filterFields<CaptureFilters>([
    { kind: 'remote', key: 'classId', label: '培训班级', options: classSearch.options, search: (q) => void classSearch.search(q), loading: classSearch.loading, placeholder: '班级名称或编号', width: 260, test: 'class-filter' },
    { kind: 'select', key: 'status', label: '状态', options: CAPTURE_STATUS_OPTIONS, width: 120, test: 'status-filter' },
    { kind: 'select', key: 'kind', label: '抓拍类型', options: CAPTURE_KIND_OPTIONS, width: 130, test: 'kind-filter' },
    { kind: 'select', key: 'outcome', label: '比对结果', options: MATCH_OUTCOME_OPTIONS, width: 150, test: 'outcome-filter' },
  ]);

  const table = useTableSettings('CaptureList', [
    { key: 'deviceTime', label: '拍摄时间', essential: true },
    { key: 'person', label: '人员', essential: true },
    { key: 'kind', label: '抓拍类型' },
    { key: 'class', label: '培训班级' },
    { key: 'institution', label: '培训机构', visible: false },
    { key: 'outcome', label: '比对结果', essential: true },
    { key: 'timing', label: '时段' },
    { key: 'distance', label: '距培训地点' },
    { key: 'serverTime', label: '受理时间', visible: false },
    { key: 'device', label: '设备', visible: false },
  ]);

  const openCapture = (capture: CaptureRowFragment) => openDialog(CaptureDetailDialog, { capture });

  return { list, page, fields, table, openCapture };
}
