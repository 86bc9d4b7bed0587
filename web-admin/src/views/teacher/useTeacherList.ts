// 培训师资: the teachers engaged by institutions in the user's scope. A full ID number finds one
// person exactly (the server looks it up by its blind index); revoked teachers are left out unless
// asked for. Export of the current filter is the server's (GET /export/teachers.xlsx).
import { computed } from 'vue';
import { useRouter } from 'vue-router';
import { can } from '@/auth/permission';
import { openDialog } from '@/components/dialog/dialog-service';
import { filterFields } from '@/components/table/filter-fields';
import { useListExport } from '@/components/table/use-list-export';
import { useListState } from '@/components/table/use-list-state';
import { usePagedQuery } from '@/components/table/use-paged-query';
import { useTableSettings } from '@/components/table/use-table-settings';
import { TeachersDocument, type TeacherFilter } from '@/graphql/generated';
import { useDict } from '@/utils/dict';
import { useImportKinds } from '../import/useImportKinds';
import TeacherFormDialog from './TeacherFormDialog.vue';
import { POOL_TIER_OPTIONS, TEACHER_LEVEL_OPTIONS, type TeacherFilters, type TeacherFormResult } from './types';

const emptyFilters = (): TeacherFilters => ({ keyword: '', idNumber: '', level: '', tier: '', qualified: '', includeRevoked: false });

/** The filter as the server wants it; `qualified: false` (not yet certified) is a filter of its own. */
function filterOf(q: TeacherFilters): TeacherFilter {
  return {
    ...(q.keyword.trim() ? { keyword: q.keyword.trim() } : {}),
    ...(q.idNumber.trim() ? { idNumber: q.idNumber.trim().toUpperCase() } : {}),
    ...(q.level ? { level: q.level } : {}),
    ...(q.tier ? { tier: q.tier } : {}),
    ...(q.qualified ? { qualified: q.qualified === 'yes' } : {}),
    ...(q.includeRevoked ? { includeRevoked: true } : {}),
  };
}

const FIELDS = filterFields<TeacherFilters>([
  { kind: 'text', key: 'keyword', label: '姓名', placeholder: '姓名关键字', maxlength: 30 },
  { kind: 'text', key: 'idNumber', label: '身份证号码', placeholder: '完整18位，精确查找', maxlength: 18, mono: true, width: 210 },
  { kind: 'select', key: 'level', label: '师资等级', options: TEACHER_LEVEL_OPTIONS, width: 110 },
  { kind: 'select', key: 'tier', label: '师资库', options: POOL_TIER_OPTIONS, width: 150 },
  { kind: 'select', key: 'qualified', label: '上岗资格', options: [{ value: 'yes', label: '已认定' }, { value: 'no', label: '未认定' }], width: 110 },
  { kind: 'checkbox', key: 'includeRevoked', text: '含已撤销', test: 'include-revoked' },
]);

export function useTeacherList() {
  const router = useRouter();
  const list = useListState<TeacherFilters>(emptyFilters);
  const page = usePagedQuery(TeachersDocument, () => ({ filter: filterOf(list.query), page: list.page() }), (r) => r.teachers);
  const sexes = useDict('sex');
  const canDeclare = computed(() => can({ allOf: ['teacher:declare'] }));
  const importKinds = useImportKinds();
  // The teacher import declares and submits each row: it needs what declaring and submitting need.
  const canImport = computed(() => can({ allOf: ['import:run', 'teacher:declare', 'review:submit'] }) && importKinds.offers('teacher'));
  const { exporting, exportCurrent } = useListExport('teachers', '培训师资', () => filterOf(list.query));

  const table = useTableSettings('TeacherList', [
    { key: 'name', label: '姓名' },
    { key: 'idNumber', label: '身份证号码' },
    { key: 'sex', label: '性别' },
    { key: 'level', label: '师资等级' },
    { key: 'subjects', label: '任课专业' },
    { key: 'fullTime', label: '专兼职' },
    { key: 'qualification', label: '上岗资格' },
    { key: 'tier', label: '师资库' },
    { key: 'status', label: '审核状态' },
    { key: 'institutions', label: '聘用机构' },
    { key: 'birthDate', label: '出生日期', visible: false },
    { key: 'yearsTeaching', label: '任教年限', visible: false },
    { key: 'updatedAt', label: '更新时间', visible: false },
  ]);

  async function declare() {
    const saved = await openDialog<TeacherFormResult>(TeacherFormDialog, { mode: 'declare', canSubmit: can({ allOf: ['review:submit'] }) });
    if (!saved) return;
    // The list refreshes in the background (its rows wait for the projections); the new record opens at once.
    void page.refresh()?.catch(() => undefined);
    await router.push({ name: 'TeacherRecord', params: { id: saved.id } });
  }
  const openRecord = (id: string) => router.push({ name: 'TeacherRecord', params: { id } });
  const openImport = () => router.push({ name: 'ImportPage', query: { kind: 'teacher' } });

  return { list, page, fields: FIELDS, sexes, canDeclare, canImport, exporting, table, declare, openRecord, openImport, exportCurrent };
}
