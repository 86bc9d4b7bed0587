// 批量导入: pick a kind (the lists' 导入 buttons preselect it with ?kind=), download its template,
// upload the filled .xlsx (POST /files?purpose=import) and start the import (startImport). The jobs
// come from the server (imports), so a reload still shows a running job with its progress; the
// page asks again every second while one runs, and stops when none does or the user leaves.
import { useMutation } from '@vue/apollo-composable';
import { ElMessage } from 'element-plus';
import { computed, ref, watch } from 'vue';
import { toConsoleError, type ConsoleError } from '@/api/errors';
import { rememberWrite } from '@/api/read-after';
import { openDialog } from '@/components/dialog/dialog-service';
import { useListState } from '@/components/table/use-list-state';
import { usePagedQuery } from '@/components/table/use-paged-query';
import { useTableSettings } from '@/components/table/use-table-settings';
import { ImportJobsDocument, StartImportDocument } from '@/graphql/generated';
import { downloadFile } from '@/utils/download';
import { newCommandId } from '@/utils/format';
import { uploadFile } from '@/utils/upload';
import ImportJobDialog from './ImportJobDialog.vue';
import { downloadReport, fileProblem, isRunning } from './jobs';
import { useImportKinds } from './useImportKinds';
import { usePolling } from './usePolling';

export function useImportPage(initialKind: string | undefined) {
  const importKinds = useImportKinds();
  const kind = ref(initialKind ?? '');
  const selected = computed(() => importKinds.kinds.value.find((k) => k.kind === kind.value));
  /** A kind asked for in ?kind= that the server does not offer. */
  const unknownKind = ref<string>();
  watch(
    importKinds.kinds,
    (kinds) => {
      if (kinds.length === 0) return;
      if (kind.value && !kinds.some((k) => k.kind === kind.value)) {
        unknownKind.value = kind.value;
        kind.value = '';
      }
      if (!kind.value && kinds.length === 1) kind.value = kinds[0]!.kind;
    },
    { immediate: true },
  );

  // --- the jobs -------------------------------------------------------------------------------
  // The user's own jobs, newest first: no filter, ten to a page.
  const list = useListState(() => ({}), 10);
  const page = usePagedQuery(ImportJobsDocument, () => ({ page: list.page() }), (r) => r.imports);
  const { rows: jobs, refresh } = page;
  const running = computed(() => jobs.value.some((j) => isRunning(j.status)));
  const polling = usePolling({
    active: () => running.value,
    signature: () => jobs.value.map((j) => `${j.id}:${j.status}:${j.progress}:${j.processed}`).join(','),
    fetch: refresh,
  });

  const table = useTableSettings('ImportPage', [
    { key: 'fileName', label: '文件' },
    { key: 'kind', label: '数据类型' },
    { key: 'status', label: '状态' },
    { key: 'progress', label: '进度' },
    { key: 'rows', label: '数据行' },
    { key: 'validRows', label: '正确行' },
    { key: 'badRows', label: '错误行' },
    { key: 'imported', label: '新建' },
    { key: 'linked', label: '关联已有' },
    { key: 'skipped', label: '跳过' },
    { key: 'startedAt', label: '开始时间' },
    { key: 'finishedAt', label: '完成时间', visible: false },
  ]);

  // --- the file and the start -----------------------------------------------------------------
  const file = ref<File>();
  const failure = ref<ConsoleError>();
  const phase = ref<'idle' | 'uploading' | 'starting'>('idle');
  /** The file once uploaded, with the command id that names its job: a retried start reuses both. */
  let sent: { file: File; kind: string; fileId: string; commandId: string } | undefined;
  const lastStartedId = ref<string>();

  function choose(picked: File | undefined) {
    failure.value = undefined;
    if (!picked) {
      file.value = undefined;
      return;
    }
    const problem = fileProblem(picked);
    if (problem) {
      file.value = undefined;
      failure.value = { code: 'BAD_USER_INPUT', message: problem, fields: [] };
      return;
    }
    file.value = picked;
  }

  const { mutate: start } = useMutation(StartImportDocument);
  async function startImport() {
    failure.value = undefined;
    if (!selected.value) {
      failure.value = { code: 'BAD_USER_INPUT', message: '请先选择导入的数据类型', fields: [] };
      return;
    }
    if (!file.value) {
      failure.value = { code: 'BAD_USER_INPUT', message: '请先选择要导入的 .xlsx 文件', fields: [] };
      return;
    }
    try {
      if (!sent || sent.file !== file.value || sent.kind !== selected.value.kind) {
        phase.value = 'uploading';
        const stored = await uploadFile(file.value, 'import');
        sent = { file: file.value, kind: selected.value.kind, fileId: stored.fileId, commandId: newCommandId() };
      }
      phase.value = 'starting';
      const answer = (await start({ kind: sent.kind, fileId: sent.fileId, commandId: sent.commandId }))?.data?.startImport;
      rememberWrite(answer);
      lastStartedId.value = answer?.id;
      // The job's state is in its row (a small file may already be 已完成): the message claims none.
      ElMessage.success('文件已上传，导入任务已开始，进度见下方“导入任务”列表');
      file.value = undefined;
      sent = undefined;
      polling.resume();
      // The new job is the first of page 1 (newest first, unless the user sorted the table otherwise).
      if (list.query.page !== 1) list.changePage(1);
      else await refresh();
    } catch (error) {
      failure.value = toConsoleError(error);
      // A refused file (wrong header, no rows) will be refused again: the next attempt uploads afresh.
      if (failure.value.code === 'BAD_USER_INPUT') sent = undefined;
    } finally {
      phase.value = 'idle';
    }
  }

  async function downloadTemplate() {
    const k = selected.value;
    if (!k) return;
    try {
      await downloadFile(k.templateUrl, `${k.label}导入模板.xlsx`);
    } catch (e) {
      ElMessage.error(`下载模板失败：${toConsoleError(e).message}`);
    }
  }

  const openJob = (id: string) => openDialog(ImportJobDialog, { id });

  return {
    kinds: importKinds.kinds,
    kindsLoading: importKinds.loading,
    kindsError: importKinds.loadError,
    kind,
    selected,
    unknownKind,
    file,
    failure,
    phase,
    choose,
    startImport,
    downloadTemplate,
    list,
    page,
    running,
    stalled: polling.stalled,
    resumePolling: polling.resume,
    lastStartedId,
    table,
    downloadReport,
    openJob,
  };
}
