// The personal subsidies list's state and actions: filters, rows, export, and the dialog where an
// institution or an authority's counter takes a person's application. index.vue only renders.
import { computed } from 'vue';
import { useRouter } from 'vue-router';
import { can } from '@/auth/permission';
import { openDialog } from '@/components/dialog/dialog-service';
import { filterFields } from '@/components/table/filter-fields';
import { useListExport } from '@/components/table/use-list-export';
import { compact, useListState } from '@/components/table/use-list-state';
import { usePagedQuery } from '@/components/table/use-paged-query';
import { useTableSettings, type ColumnOption } from '@/components/table/use-table-settings';
import { PersonalSubsidiesDocument } from '@/graphql/generated';
import { useDict } from '@/utils/dict';
import ApplyDialog from './ApplyDialog.vue';
import { PERSONAL_SUBSIDY_KIND_OPTIONS, type PersonalSubsidyFilters } from './types';

export const PERSONAL_SUBSIDY_COLUMNS: readonly ColumnOption[] = [
  { key: 'person', label: '姓名' },
  { key: 'idNumber', label: '身份证号' },
  { key: 'kind', label: '补贴类型' },
  { key: 'className', label: '培训班' },
  { key: 'applicant', label: '受理单位' },
  { key: 'appliedOn', label: '申请日期' },
  { key: 'amount', label: '补贴金额' },
  { key: 'status', label: '审核状态' },
  { key: 'notice', label: '公示与支付' },
];

export function usePersonalSubsidyList() {
  const router = useRouter();
  const list = useListState<PersonalSubsidyFilters>(() => ({ keyword: '', kind: '', reviewStatus: '' }));
  const page = usePagedQuery(PersonalSubsidiesDocument, () => ({ filter: compact(list.filters()), page: list.page() }), (r) => r.personalSubsidies);
  const { exporting, exportCurrent } = useListExport('personal-subsidies', '个人补贴', () => compact(list.filters()));
  const fields = filterFields<PersonalSubsidyFilters>([
    { kind: 'text', key: 'keyword', label: '关键字', placeholder: '姓名或培训班名称', maxlength: 40 },
    { kind: 'select', key: 'kind', label: '补贴类型', options: [...PERSONAL_SUBSIDY_KIND_OPTIONS], width: 160 },
    { kind: 'select', key: 'reviewStatus', label: '审核状态', options: useDict('review_status').options, width: 140 },
  ]);
  const table = useTableSettings('PersonalSubsidyList', PERSONAL_SUBSIDY_COLUMNS);
  const canApply = computed(() => can({ allOf: ['subsidy:apply'] }));
  const openRecord = (id: string) => router.push({ name: 'PersonalSubsidyRecord', params: { id } });

  async function apply() {
    const id = await openDialog<string>(ApplyDialog, { canSubmit: can({ allOf: ['review:submit'] }) });
    if (!id) return;
    void page.refresh()?.catch(() => undefined);
    await openRecord(id);
  }

  return { list, page, fields, exporting, exportCurrent, table, canApply, apply, openRecord };
}
