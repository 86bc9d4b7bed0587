// 院校教师: the teachers of the schools in the user's scope (在职 / 退休; removed ones on request). The
// school adds, changes and removes (an event with its reason); statistics by major, field, title.
import { ElMessage, ElMessageBox } from 'element-plus';
import { useMutation } from '@vue/apollo-composable';
import { computed } from 'vue';
import { toConsoleError } from '@/api/errors';
import { rememberWrite } from '@/api/read-after';
import { can } from '@/auth/permission';
import { openDialog } from '@/components/dialog/dialog-service';
import { filterFields } from '@/components/table/filter-fields';
import { useListExport } from '@/components/table/use-list-export';
import { compact, useListState } from '@/components/table/use-list-state';
import { usePagedQuery } from '@/components/table/use-paged-query';
import { useTableSettings } from '@/components/table/use-table-settings';
import { RemoveSchoolTeacherDocument, SchoolTeachersDocument } from '@/graphql/generated';
import { newCommandId } from '@/utils/format';
import { useRouter } from 'vue-router';
import { useSchoolVocabulary } from '../technical-school/vocabulary';
import SchoolTeacherFormDialog from './SchoolTeacherFormDialog.vue';
import TeacherStatisticsDialog from './TeacherStatisticsDialog.vue';
import type { SchoolTeacherFilters, SchoolTeacherRow } from './types';

export function useSchoolTeacherList() {
  const router = useRouter();
  const vocabulary = useSchoolVocabulary();
  const list = useListState<SchoolTeacherFilters>(() => ({ keyword: '', idNumber: '', field: '', title: '', employment: '', includeRemoved: false }));
  const filterOf = () => compact({ ...list.filters(), idNumber: list.filters().idNumber.toUpperCase(), includeRemoved: list.filters().includeRemoved || undefined });
  const page = usePagedQuery(SchoolTeachersDocument, () => ({ filter: filterOf(), page: list.page() }), (r) => r.schoolTeachers);
  const { exporting, exportCurrent } = useListExport('school-teachers', '院校教师', filterOf);
  const fields = filterFields<SchoolTeacherFilters>([
    { kind: 'text', key: 'keyword', label: '姓名', placeholder: '姓名关键字', maxlength: 30 },
    { kind: 'text', key: 'idNumber', label: '身份证号码', placeholder: '完整18位，精确查找', maxlength: 18, mono: true, width: 200 },
    { kind: 'select', key: 'field', label: '专业领域', options: vocabulary.list('fields'), width: 130 },
    { kind: 'select', key: 'title', label: '职称', options: vocabulary.list('teacherTitles'), width: 150 },
    { kind: 'select', key: 'employment', label: '任职状态', options: vocabulary.list('teacherEmployment'), width: 110 },
    { kind: 'checkbox', key: 'includeRemoved', text: '含已移出名单的', test: 'include-removed' },
  ]);
  const table = useTableSettings('SchoolTeacherList', [
    { key: 'name', label: '姓名' },
    { key: 'idNumber', label: '身份证号码' },
    { key: 'school', label: '院校' },
    { key: 'major', label: '所属专业' },
    { key: 'field', label: '专业领域' },
    { key: 'title', label: '职称' },
    { key: 'education', label: '学历', visible: false },
    { key: 'employment', label: '任职状态' },
    { key: 'hiredOn', label: '入职日期', visible: false },
  ]);
  const canEdit = computed(() => can({ allOf: ['technical-school:edit'] }));
  const { mutate: remove } = useMutation(RemoveSchoolTeacherDocument);

  async function add() {
    if (await openDialog(SchoolTeacherFormDialog, { mode: 'add' })) await page.refresh();
  }
  async function edit(row: SchoolTeacherRow) {
    const saved = await openDialog(SchoolTeacherFormDialog, {
      mode: 'edit',
      id: row.id,
      initial: { name: row.name, majorId: row.majorId ?? '', field: row.field, title: row.title, education: row.education, employment: row.employment, hiredOn: row.hiredOn ?? '', note: row.note },
      masked: { idNumber: row.idNumber, phone: row.phone },
    });
    if (saved) await page.refresh();
  }
  async function removeTeacher(row: SchoolTeacherRow) {
    const answer = await ElMessageBox.prompt(`将“${row.name}”移出本校教师名单（记录保留，可查历史）。请填写原因：`, '移出教师名单', { confirmButtonText: '移出', cancelButtonText: '取消', inputPattern: /\S/, inputErrorMessage: '请填写移出原因' }).catch(() => undefined);
    if (!answer) return;
    try {
      rememberWrite((await remove({ id: row.id, reason: answer.value, commandId: newCommandId() }))?.data?.removeSchoolTeacher);
      ElMessage.success('已移出名单');
      await page.refresh();
    } catch (e) {
      ElMessage.error(toConsoleError(e).message);
    }
  }
  const statistics = () => openDialog(TeacherStatisticsDialog);
  const openRecord = (id: string) => router.push({ name: 'SchoolTeacherRecord', params: { id } });
  return { list, page, fields, table, exporting, exportCurrent, canEdit, add, edit, removeTeacher, statistics, openRecord };
}
