// 免学费与助学金: the applications of the schools in the user's scope. A school applies for its
// students within its authority's period; the amount is the server's, from the approved standard
// and the student's status (the console never computes it).
import { computed } from 'vue';
import { useRouter } from 'vue-router';
import { can } from '@/auth/permission';
import { openDialog } from '@/components/dialog/dialog-service';
import { filterFields } from '@/components/table/filter-fields';
import { compact, useListState } from '@/components/table/use-list-state';
import { usePagedQuery } from '@/components/table/use-paged-query';
import { useTableSettings } from '@/components/table/use-table-settings';
import { SchoolAidsDocument } from '@/graphql/generated';
import { useDict } from '@/utils/dict';
import { useSchoolVocabulary } from '../technical-school/vocabulary';
import AidTotalsDialog from './AidTotalsDialog.vue';
import ApplyAidDialog from './ApplyAidDialog.vue';
import type { SchoolAidFilters } from './types';

const STATUSES = [
  { value: 'applied', label: '已申请' },
  { value: 'approved', label: '已批准' },
  { value: 'rejected', label: '不予通过' },
  { value: 'cancelled', label: '已撤销' },
];

export function useSchoolAidList() {
  const router = useRouter();
  const vocabulary = useSchoolVocabulary();
  const list = useListState<SchoolAidFilters>(() => ({ keyword: '', kind: '', schoolYear: '', status: '', reviewStatus: '' }));
  const filterOf = () => {
    const f = list.filters();
    return compact({ keyword: f.keyword, kind: f.kind, schoolYear: /^\d{4}$/.test(f.schoolYear) ? Number(f.schoolYear) : undefined, status: f.status, reviewStatus: f.reviewStatus });
  };
  const page = usePagedQuery(SchoolAidsDocument, () => ({ filter: filterOf(), page: list.page() }), (r) => r.schoolAids);
  const fields = filterFields<SchoolAidFilters>([
    { kind: 'text', key: 'keyword', label: '学生姓名', placeholder: '姓名关键字', maxlength: 30 },
    { kind: 'select', key: 'kind', label: '资助类型', options: vocabulary.list('aidKinds'), width: 130 },
    { kind: 'text', key: 'schoolYear', label: '学年', placeholder: '如 2026', maxlength: 4, width: 100 },
    { kind: 'select', key: 'status', label: '申请状态', options: STATUSES, width: 120 },
    { kind: 'select', key: 'reviewStatus', label: '审核状态', options: useDict('review_status').options, width: 120 },
  ]);
  const table = useTableSettings('SchoolAidList', [
    { key: 'student', label: '学生' },
    { key: 'school', label: '院校' },
    { key: 'kind', label: '资助类型' },
    { key: 'schoolYear', label: '学年' },
    { key: 'tier', label: '档次' },
    { key: 'amount', label: '核定金额' },
    { key: 'status', label: '申请状态' },
    { key: 'review', label: '审核状态' },
    { key: 'updatedAt', label: '更新时间', visible: false },
  ]);
  const canApply = computed(() => can({ allOf: ['student:register'] }));

  async function apply() {
    const saved = await openDialog<{ id: string }>(ApplyAidDialog, { canSubmit: can({ allOf: ['review:submit'] }) });
    if (!saved) return;
    void page.refresh()?.catch(() => undefined);
    await router.push({ name: 'SchoolAidRecord', params: { id: saved.id } });
  }
  const totals = () => openDialog(AidTotalsDialog);
  const openRecord = (id: string) => router.push({ name: 'SchoolAidRecord', params: { id } });
  return { list, page, fields, table, canApply, apply, totals, openRecord };
}
