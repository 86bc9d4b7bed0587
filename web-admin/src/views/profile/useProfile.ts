// 个人中心: who the user is (profile, organisation, roles, data scope), their second factor (enrol, or
// reset with password and code), their live sessions (end another one) and their own login history.
import { useMutation, useQuery } from '@vue/apollo-composable';
import { ElMessage, ElMessageBox } from 'element-plus';
import { computed, reactive } from 'vue';
import { toConsoleError } from '@/api/errors';
import { rememberWrite } from '@/api/read-after';
import { openDialog } from '@/components/dialog/dialog-service';
import { LIST_QUERY_OPTIONS } from '@/components/table/use-list-state';
import { EndMySessionDocument, MyLoginHistoryDocument, MySessionsDocument } from '@/graphql/generated';
import { useSessionStore } from '@/stores/session';
import { newCommandId } from '@/utils/format';
import ResetTotpDialog from './ResetTotpDialog.vue';

export function useProfile() {
  const session = useSessionStore();
  const me = computed(() => session.me);

  const sessions = useQuery(MySessionsDocument, null, { fetchPolicy: 'network-only' });
  const mySessions = computed(() => sessions.result.value?.mySessions ?? []);
  const sessionsError = computed(() => (sessions.error.value ? toConsoleError(sessions.error.value) : undefined));

  const historyPage = reactive({ page: 1, pageSize: 10 });
  const history = useQuery(MyLoginHistoryDocument, () => ({ page: { ...historyPage } }), LIST_QUERY_OPTIONS);
  const historyRows = computed(() => history.result.value?.myLoginHistory.items ?? []);
  const historyTotal = computed(() => history.result.value?.myLoginHistory.total ?? 0);
  const historyError = computed(() => (history.error.value ? toConsoleError(history.error.value) : undefined));

  const { mutate: endMine } = useMutation(EndMySessionDocument);

  async function endSession(id: string) {
    const target = mySessions.value.find((s) => s.id === id);
    if (!target) return;
    const confirmed = await ElMessageBox.confirm(`将结束从 ${target.ip ?? '未知地址'} 登录的会话，该处须重新登录。确定吗？`, '结束会话', {
      type: 'warning',
      confirmButtonText: '结束会话',
      cancelButtonText: '取消',
    }).catch(() => false);
    if (!confirmed) return;
    try {
      rememberWrite((await endMine({ sessionId: id, commandId: newCommandId() }))?.data?.endMySession);
      ElMessage.success('已结束该会话');
      await Promise.all([sessions.refetch(), history.refetch()]);
    } catch (e) {
      ElMessage.error(toConsoleError(e).message);
    }
  }

  async function resetTotp() {
    const done = await openDialog<boolean>(ResetTotpDialog);
    // Where the roles require a second factor the session is now restricted: the layout leads to enrolment.
    if (done) await session.loadMe();
  }

  return {
    me,
    mySessions,
    sessionsLoading: sessions.loading,
    sessionsError,
    historyPage,
    historyRows,
    historyTotal,
    historyLoading: history.loading,
    historyError,
    endSession,
    resetTotp,
    refreshSessions: () => sessions.refetch(),
  };
}
