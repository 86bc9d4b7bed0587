// 定时任务: every job the platform schedules, with its schedule, state, next and last run; run now,
// pause (with a reason) and resume, each recorded by the server as an event; the run history of a
// job in a dialog. Refreshed by hand and after each action, never by a timer.
import { useMutation, useQuery } from '@vue/apollo-composable';
import { ElMessage, ElMessageBox } from 'element-plus';
import { computed } from 'vue';
import { toConsoleError } from '@/api/errors';
import { rememberWrite } from '@/api/read-after';
import { openDialog } from '@/components/dialog/dialog-service';
import { PauseJobDocument, ResumeJobDocument, RunJobNowDocument, ScheduledJobsDocument } from '@/graphql/generated';
import { newCommandId } from '@/utils/format';
import JobRunsDialog from './JobRunsDialog.vue';

export function useJobs() {
  const { result, loading, error, refetch } = useQuery(ScheduledJobsDocument, null, { fetchPolicy: 'network-only' });
  const jobs = computed(() => result.value?.scheduledJobs ?? []);
  const loadError = computed(() => (error.value ? toConsoleError(error.value) : undefined));
  const { mutate: runNow } = useMutation(RunJobNowDocument);
  const { mutate: pause } = useMutation(PauseJobDocument);
  const { mutate: resume } = useMutation(ResumeJobDocument);
  const labelOf = (name: string) => jobs.value.find((j) => j.name === name)?.label ?? name;

  async function act(send: () => Promise<unknown>, done: string) {
    try {
      rememberWrite((await send()) as never);
      ElMessage.success(done);
    } catch (e) {
      ElMessage.error(toConsoleError(e).message);
    }
    await refetch();
  }

  async function runJob(name: string) {
    const confirmed = await ElMessageBox.confirm(`立即执行“${labelOf(name)}”一次？执行记录和操作人将被记录。`, '立即执行', { confirmButtonText: '执行', cancelButtonText: '取消' }).catch(() => false);
    if (confirmed) await act(async () => (await runNow({ job: name, commandId: newCommandId() }))?.data?.runJobNow, '已开始执行');
  }

  async function pauseJob(name: string) {
    const answer = await ElMessageBox.prompt(`暂停后“${labelOf(name)}”不再按计划运行，直到恢复。请填写暂停原因：`, '暂停任务', {
      confirmButtonText: '暂停',
      cancelButtonText: '取消',
      inputValidator: (value: string) => (value?.trim() ? (value.length <= 200 ? true : '原因不超过200字') : '请填写暂停原因'),
    }).catch(() => undefined);
    if (answer) await act(async () => (await pause({ job: name, reason: answer.value, commandId: newCommandId() }))?.data?.pauseJob, '已暂停');
  }

  const resumeJob = (name: string) => act(async () => (await resume({ job: name, commandId: newCommandId() }))?.data?.resumeJob, '已恢复');

  const showRuns = (name: string) => openDialog(JobRunsDialog, { job: name, label: labelOf(name) });

  return { jobs, loading, loadError, refresh: () => refetch(), runJob, pauseJob, resumeJob, showRuns };
}
