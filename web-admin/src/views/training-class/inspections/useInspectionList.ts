// 检查与整改: the inspections of the classes in the user's scope, by rectification status. An
// authority works through the replies awaiting its review (已回复待审核); an institution through the
// rectifications it owes (待整改回复). Each row opens the class's 检查记录 tab, where the reply and
// its review are made.
import { computed } from 'vue';
import { useRouter } from 'vue-router';
import { can } from '@/auth/permission';
import { filterFields, type FilterOption } from '@/components/table/filter-fields';
import { compact, useListState } from '@/components/table/use-list-state';
import { usePagedQuery } from '@/components/table/use-paged-query';
import { useTableSettings } from '@/components/table/use-table-settings';
import { ClassInspectionsDocument } from '@/graphql/generated';
import { useOrganizations } from '../../organization/useOrganizations';
import { RECTIFICATION_STATUS_OPTIONS } from '../types';

interface InspectionFilters {
  status: string;
  institutionId: string;
}

/** What the user most likely came for: replies to review (authorities) or rectifications owed (institutions). */
export const defaultInspectionStatus = () => (can({ allOf: ['training-class:inspect'] }) ? 'replied' : 'awaiting_reply');

export function useInspectionList() {
  const router = useRouter();
  const list = useListState<InspectionFilters>(() => ({ status: defaultInspectionStatus(), institutionId: '' }));
  const page = usePagedQuery(ClassInspectionsDocument, () => ({ filter: compact(list.filters()), page: list.page() }), (r) => r.classInspections);

  const organizations = useOrganizations();
  const institutions = computed<FilterOption[]>(() => organizations.rows.value.filter((o) => o.kind === 'institution').map((o) => ({ value: o.id, label: o.name })));
  const fields = filterFields<InspectionFilters>([
    { kind: 'select', key: 'status', label: '整改状态', options: RECTIFICATION_STATUS_OPTIONS, width: 160, test: 'inspection-status' },
    { kind: 'select', key: 'institutionId', label: '培训机构', options: institutions, width: 240, visible: computed(() => institutions.value.length > 1) },
  ]);
  const table = useTableSettings('ClassInspectionList', [
    { key: 'classNo', label: '班级编号' },
    { key: 'className', label: '班级名称', essential: true },
    { key: 'institution', label: '培训机构' },
    { key: 'mode', label: '检查方式' },
    { key: 'inspectedOn', label: '检查日期' },
    { key: 'rectifyBy', label: '整改期限' },
    { key: 'status', label: '整改状态', essential: true },
    { key: 'findings', label: '发现问题' },
  ]);

  const openClass = (classId: string) => router.push({ name: 'TrainingClassRecord', params: { id: classId }, query: { tab: 'inspections' } });
  return { list, page, fields, table, openClass };
}
