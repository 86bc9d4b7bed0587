// 培训师资: the teachers engaged by institutions in the user's scope. A full ID number finds one
// person exactly (the server looks it up by its blind index); revoked teachers are left out unless
// asked for. Export writes the current filter to .xlsx in the browser: the server's
// GET /export/<list>.xlsx has no teacher list yet (switch to it once `teachers.xlsx` exists there).
import { useApolloClient, useQuery } from '@vue/apollo-composable';
import { ElMessage } from 'element-plus';
import { computed, ref } from 'vue';
import { useRouter } from 'vue-router';
import { toConsoleError } from '@/api/errors';
import { can } from '@/auth/permission';
import { openDialog } from '@/components/dialog/dialog-service';
import { useListState } from '@/components/table/use-list-state';
import { useTableSettings } from '@/components/table/use-table-settings';
import { TeachersDocument, type TeacherFilter } from '@/graphql/generated';
import { useDict } from '@/utils/dict';
import { collectPages, dateStamp, exportXlsx, EXPORT_ROW_LIMIT, type ExportColumn } from '@/utils/export-xlsx';
import { formatTime } from '@/utils/format';
import { useImportKinds } from '../import/useImportKinds';
import TeacherFormDialog from './TeacherFormDialog.vue';
import { POOL_TIER_OPTIONS, TEACHER_LEVEL_OPTIONS, type TeacherFilters, type TeacherFormResult, type TeacherRow } from './types';

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

export const institutionNames = (engagements: readonly { institutionName: string | null; institutionId: string }[]) => engagements.map((e) => e.institutionName ?? e.institutionId).join('、');

export function useTeacherList() {
  const router = useRouter();
  const { resolveClient } = useApolloClient();
  const list = useListState<TeacherFilters>(emptyFilters);
  const { result, loading, error, refetch } = useQuery(TeachersDocument, () => ({ filter: filterOf(list.query), page: list.page() }));
  const rows = computed(() => result.value?.teachers.items ?? []);
  const total = computed(() => result.value?.teachers.total ?? 0);
  const loadError = computed(() => (error.value ? toConsoleError(error.value) : undefined));
  const filtered = computed(() => Object.keys(filterOf(list.query)).length > 0);
  const sexes = useDict('sex');
  const canDeclare = computed(() => can({ allOf: ['teacher:declare'] }));
  const importKinds = useImportKinds();
  const canImport = computed(() => can({ allOf: ['import:run', 'teacher:declare'] }) && importKinds.offers('teacher'));
  const exporting = ref(false);

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

  const exportColumns: readonly ExportColumn<TeacherRow>[] = [
    { header: '姓名', value: (r) => r.name, width: 12 },
    { header: '身份证号码', value: (r) => r.idNumber, width: 22 },
    { header: '性别', value: (r) => sexes.label(r.sex), width: 6 },
    { header: '出生日期', value: (r) => r.birthDate, width: 12 },
    { header: '师资等级', value: (r) => r.levelLabel, width: 10 },
    { header: '任课专业', value: (r) => r.subjects.join('、'), width: 30 },
    { header: '专兼职', value: (r) => (r.fullTime ? '专职' : '兼职'), width: 8 },
    { header: '培训资格', value: (r) => r.trainingQualification, width: 20 },
    { header: '任教年限', value: (r) => r.yearsTeaching, width: 10 },
    { header: '上岗资格证书编号', value: (r) => r.qualificationCertificateNo, width: 22 },
    { header: '认定日期', value: (r) => r.qualificationCertifiedOn, width: 12 },
    { header: '师资库', value: (r) => r.tierLabel, width: 14 },
    { header: '审核状态', value: (r) => r.reviewStatusLabel, width: 10 },
    { header: '聘用机构', value: (r) => r.engagements.map((e) => `${e.institutionName ?? e.institutionId}（${e.statusLabel}）`).join('；'), width: 40 },
    { header: '撤销原因', value: (r) => r.revokedReason, width: 24 },
    { header: '更新时间', value: (r) => formatTime(r.updatedAt), width: 20 },
  ];

  async function exportCurrent() {
    exporting.value = true;
    try {
      const filter = filterOf(list.query);
      const { rows: all, total: count } = await collectPages(async (page, pageSize) => {
        const answer = await resolveClient().query({ query: TeachersDocument, variables: { filter, page: { page, pageSize } }, fetchPolicy: 'network-only' });
        return answer.data.teachers;
      });
      if (all.length === 0) {
        ElMessage.info('当前筛选条件下没有可导出的记录');
        return;
      }
      await exportXlsx(`培训师资_${dateStamp()}.xlsx`, exportColumns, all);
      ElMessage.success(count > EXPORT_ROW_LIMIT ? `已导出前 ${EXPORT_ROW_LIMIT} 条（共 ${count} 条），请缩小筛选范围` : `已导出 ${all.length} 条记录`);
    } catch (e) {
      ElMessage.error(`导出失败：${toConsoleError(e).message}`);
    } finally {
      exporting.value = false;
    }
  }

  async function declare() {
    const saved = await openDialog<TeacherFormResult>(TeacherFormDialog, { mode: 'declare', canSubmit: can({ allOf: ['review:submit'] }) });
    if (!saved) return;
    await refetch();
    await router.push({ name: 'TeacherRecord', params: { id: saved.id } });
  }
  const openRecord = (id: string) => router.push({ name: 'TeacherRecord', params: { id } });
  const openImport = () => router.push({ name: 'ImportPage', query: { kind: 'teacher' } });

  return {
    ...list,
    rows,
    total,
    loading,
    loadError,
    filtered,
    sexes,
    levels: TEACHER_LEVEL_OPTIONS,
    tiers: POOL_TIER_OPTIONS,
    canDeclare,
    canImport,
    exporting,
    table,
    refresh: () => refetch(),
    declare,
    openRecord,
    openImport,
    exportCurrent,
    institutionNames,
  };
}
