// 学籍管理: the students of the schools in the user's scope (a school: its own, and the students a
// transfer to it waits for). A school registers students (one by one, or by .xlsx import) within its
// authority's period; 条件导出 exports the current filter, 全部导出 every field of everyone in scope.
import { ElMessage } from 'element-plus';
import { computed, ref } from 'vue';
import { useRouter } from 'vue-router';
import { toConsoleError } from '@/api/errors';
import { can } from '@/auth/permission';
import { openDialog } from '@/components/dialog/dialog-service';
import { filterFields } from '@/components/table/filter-fields';
import { useListExport } from '@/components/table/use-list-export';
import { compact, useListState } from '@/components/table/use-list-state';
import { usePagedQuery } from '@/components/table/use-paged-query';
import { useTableSettings } from '@/components/table/use-table-settings';
import { StudentsDocument } from '@/graphql/generated';
import { useDict } from '@/utils/dict';
import { downloadFile } from '@/utils/download';
import { useImportKinds } from '../import/useImportKinds';
import { useSchoolVocabulary } from '../technical-school/vocabulary';
import DuplicateCheckDialog from './DuplicateCheckDialog.vue';
import StudentFormDialog from './StudentFormDialog.vue';
import StudentStatisticsDialog from './StudentStatisticsDialog.vue';
import type { StudentFilters } from './types';

/** 毕结业查询: how a student left (the server's leftAs filter). */
const LEFT_AS = [
  { value: 'graduated', label: '毕业' },
  { value: 'completed', label: '结业' },
  { value: 'withdrawn', label: '退学' },
  { value: 'cancelled', label: '注销' },
];

export function useStudentList() {
  const router = useRouter();
  const vocabulary = useSchoolVocabulary();
  const list = useListState<StudentFilters>(() => ({ keyword: '', idNumber: '', status: '', reviewStatus: '', classType: '', povertyOnly: false, incomingTransfersOnly: false, leftAs: '', leftYear: '' }));
  const filterOf = () => {
    const f = list.filters();
    return compact({ keyword: f.keyword, idNumber: f.idNumber.toUpperCase(), status: f.status, reviewStatus: f.reviewStatus, classType: f.classType, povertyRegistered: f.povertyOnly || undefined, incomingTransfersOnly: f.incomingTransfersOnly || undefined, leftAs: f.leftAs, leftYear: /^\d{4}$/.test(f.leftYear) ? Number(f.leftYear) : undefined });
  };
  const page = usePagedQuery(StudentsDocument, () => ({ filter: filterOf(), page: list.page() }), (r) => r.students);
  const { exporting, exportCurrent } = useListExport('students', '学籍', filterOf);
  const exportingAll = ref(false);
  async function exportAll() {
    exportingAll.value = true;
    try {
      await downloadFile('/export/students-all.xlsx', '学籍（全部）.xlsx');
      ElMessage.success('导出完成');
    } catch (e) {
      ElMessage.error(`导出失败：${toConsoleError(e).message}`);
    } finally {
      exportingAll.value = false;
    }
  }
  const fields = filterFields<StudentFilters>([
    { kind: 'text', key: 'keyword', label: '姓名', placeholder: '姓名关键字', maxlength: 30 },
    { kind: 'text', key: 'idNumber', label: '身份证号码', placeholder: '完整18位，精确查找', maxlength: 18, mono: true, width: 200 },
    { kind: 'select', key: 'status', label: '学籍状态', options: vocabulary.list('studentStatuses'), width: 120, test: 'student-status-filter' },
    { kind: 'select', key: 'reviewStatus', label: '审批状态', options: useDict('review_status').options, width: 120 },
    { kind: 'select', key: 'classType', label: '班级类型', options: vocabulary.list('classTypes'), width: 130 },
    { kind: 'select', key: 'leftAs', label: '毕结业', options: LEFT_AS, width: 120, test: 'left-as-filter' },
    { kind: 'text', key: 'leftYear', label: '离校年份', placeholder: '如 2026', maxlength: 4, width: 100 },
    { kind: 'checkbox', key: 'povertyOnly', text: '只看建档立卡', test: 'poverty-only' },
    { kind: 'checkbox', key: 'incomingTransfersOnly', text: '只看待本校接收的转学', test: 'incoming-only' },
  ]);
  const table = useTableSettings('StudentList', [
    { key: 'name', label: '姓名' },
    { key: 'idNumber', label: '身份证号码' },
    { key: 'school', label: '院校' },
    { key: 'major', label: '专业' },
    { key: 'classType', label: '班级类型' },
    { key: 'cohortYear', label: '年级' },
    { key: 'status', label: '学籍状态' },
    { key: 'review', label: '审批状态' },
    { key: 'updatedAt', label: '更新时间', visible: false },
  ]);
  const canRegister = computed(() => can({ allOf: ['student:register'] }));
  const importKinds = useImportKinds();
  const canImport = computed(() => can({ allOf: ['import:run', 'student:register', 'review:submit'] }) && importKinds.offers('student'));

  async function register() {
    const saved = await openDialog<{ id: string }>(StudentFormDialog, { mode: 'register', canSubmit: can({ allOf: ['review:submit'] }) });
    if (!saved) return;
    void page.refresh()?.catch(() => undefined);
    await router.push({ name: 'StudentRecord', params: { id: saved.id } });
  }
  const duplicateCheck = () => openDialog(DuplicateCheckDialog);
  const statistics = () => openDialog(StudentStatisticsDialog);
  const openImport = () => router.push({ name: 'ImportPage', query: { kind: 'student' } });
  const openRecord = (id: string) => router.push({ name: 'StudentRecord', params: { id } });
  return { list, page, fields, table, exporting, exportCurrent, exportingAll, exportAll, canRegister, canImport, register, duplicateCheck, statistics, openImport, openRecord };
}
