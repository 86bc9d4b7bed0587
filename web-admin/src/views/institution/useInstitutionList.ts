// 培训机构: the institutions in the user's data scope, filtered by name or credit code, state,
// nature, supervising authority and licence expiry. Authority operators register new ones.
import { computed } from 'vue';
import { useRouter } from 'vue-router';
import { can } from '@/auth/permission';
import { openDialog } from '@/components/dialog/dialog-service';
import { filterFields } from '@/components/table/filter-fields';
import { useListExport } from '@/components/table/use-list-export';
import { compact, useListState } from '@/components/table/use-list-state';
import { usePagedQuery } from '@/components/table/use-paged-query';
import { useTableSettings } from '@/components/table/use-table-settings';
import { InstitutionsDocument } from '@/graphql/generated';
import { useDict } from '@/utils/dict';
import { organizationTree, useOrganizations } from '../organization/useOrganizations';
import InstitutionFormDialog from './InstitutionFormDialog.vue';
import type { InstitutionFilters, InstitutionFormResult } from './types';

export function useInstitutionList() {
  const router = useRouter();
  const list = useListState<InstitutionFilters>(() => ({ keyword: '', lifecycle: '', nature: '', supervisingAuthorityId: '', validBefore: '' }));
  const filter = () => compact(list.filters());
  const page = usePagedQuery(InstitutionsDocument, () => ({ filter: filter(), page: list.page() }), (r) => r.institutions);
  // Export of the current filter is the server's (GET /export/institutions.xlsx).
  const { exporting, exportCurrent } = useListExport('institutions', '培训机构', filter);

  const organizations = useOrganizations();
  const authorities = computed(() => organizationTree(organizations.rows.value.filter((o) => ['province', 'prefecture', 'county'].includes(o.kind))));
  const fields = filterFields<InstitutionFilters>([
    { kind: 'text', key: 'keyword', label: '关键字', placeholder: '机构名称或信用代码', maxlength: 50 },
    { kind: 'select', key: 'lifecycle', label: '机构状态', options: useDict('institution_lifecycle').options, width: 150 },
    { kind: 'select', key: 'nature', label: '机构性质', options: useDict('institution_nature').options, width: 200 },
    { kind: 'org', key: 'supervisingAuthorityId', label: '主管部门', data: authorities, width: 240 },
    { kind: 'date', key: 'validBefore', label: '有效期早于', placeholder: '如查即将到期', width: 160 },
  ]);
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
    void page.refresh()?.catch(() => undefined);
    await router.push({ name: 'InstitutionRecord', params: { id: saved.id } });
  }
  const openRecord = (id: string) => router.push({ name: 'InstitutionRecord', params: { id } });

  return { list, page, fields, canRegister, table, exporting, exportCurrent, register, openRecord };
}
