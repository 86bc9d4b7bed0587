// 培训机构: the institutions in the user's data scope, filtered by name or credit code, state,
// nature, supervising authority and licence expiry. Authority operators register new ones.
import { useQuery } from '@vue/apollo-composable';
import { computed } from 'vue';
import { useRouter } from 'vue-router';
import { toConsoleError } from '@/api/errors';
import { can } from '@/auth/permission';
import { openDialog } from '@/components/dialog/dialog-service';
import { useListExport } from '@/components/table/use-list-export';
import { compact, LIST_QUERY_OPTIONS, useListState } from '@/components/table/use-list-state';
import { useTableSettings } from '@/components/table/use-table-settings';
import { InstitutionsDocument } from '@/graphql/generated';
import { useDict } from '@/utils/dict';
import { organizationTree, useOrganizations } from '../organization/useOrganizations';
import InstitutionFormDialog from './InstitutionFormDialog.vue';
import type { InstitutionFilters, InstitutionFormResult } from './types';

export function useInstitutionList() {
  const router = useRouter();
  const list = useListState<InstitutionFilters>(() => ({ keyword: '', lifecycle: '', nature: '', supervisingAuthorityId: '', validBefore: '' }));
  const filter = () => compact({ ...list.query, page: undefined, pageSize: undefined });
  const { result, loading, error, refetch } = useQuery(InstitutionsDocument, () => ({ filter: filter(), page: list.page() }), LIST_QUERY_OPTIONS);
  // Export of the current filter is the server's (GET /export/institutions.xlsx).
  const { exporting, exportCurrent } = useListExport('institutions', '培训机构', filter);
  const rows = computed(() => result.value?.institutions.items ?? []);
  const total = computed(() => result.value?.institutions.total ?? 0);
  const loadError = computed(() => (error.value ? toConsoleError(error.value) : undefined));
  const filtered = computed(() => Boolean(list.query.keyword || list.query.lifecycle || list.query.nature || list.query.supervisingAuthorityId || list.query.validBefore));

  const lifecycles = useDict('institution_lifecycle').options;
  const natures = useDict('institution_nature').options;
  const organizations = useOrganizations();
  const authorities = computed(() => organizationTree(organizations.rows.value.filter((o) => ['province', 'prefecture', 'county'].includes(o.kind))));
  const canRegister = computed(() => can({ allOf: ['institution:register'] }));

  const table = useTableSettings('InstitutionList', [
    { key: 'name', label: '机构名称' },
    { key: 'creditCode', label: '统一社会信用代码' },
    { key: 'nature', label: '机构性质' },
    { key: 'authority', label: '主管部门' },
    { key: 'lifecycle', label: '机构状态' },
    { key: 'review', label: '审核状态' },
    { key: 'designated', label: '定点' },
    { key: 'validUntil', label: '有效期至' },
    { key: 'updatedAt', label: '更新时间', visible: false },
  ]);

  async function register() {
    const saved = await openDialog<InstitutionFormResult>(InstitutionFormDialog, { mode: 'register', canSubmit: can({ allOf: ['review:submit'] }) });
    if (!saved) return;
    // The list refreshes in the background (its rows wait for the projections); the new record opens at once.
    void refetch()?.catch(() => undefined);
    await router.push({ name: 'InstitutionRecord', params: { id: saved.id } });
  }
  const openRecord = (id: string) => router.push({ name: 'InstitutionRecord', params: { id } });

  return { ...list, rows, total, loading, loadError, filtered, lifecycles, natures, authorities, canRegister, table, exporting, exportCurrent, refresh: () => refetch(), register, openRecord };
}
