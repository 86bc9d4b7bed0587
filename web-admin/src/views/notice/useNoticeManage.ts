// 通知管理 (publishers): the notices of the publisher's organisation and those below, drafted,
// published or withdrawn; draft, revise, publish and withdraw (with a reason) from here.
import { useMutation } from '@vue/apollo-composable';
import { ElMessage, ElMessageBox } from 'element-plus';
import { useRouter } from 'vue-router';
import { toConsoleError } from '@/api/errors';
import { rememberWrite } from '@/api/read-after';
import { apolloClient } from '@/api/apollo';
import { openDialog } from '@/components/dialog/dialog-service';
import { filterFields } from '@/components/table/filter-fields';
import { compact, useListState } from '@/components/table/use-list-state';
import { usePagedQuery } from '@/components/table/use-paged-query';
import { useTableSettings } from '@/components/table/use-table-settings';
import { NoticeDetailDocument, NoticesDocument, PublishNoticeDocument, WithdrawNoticeDocument } from '@/graphql/generated';
import { newCommandId } from '@/utils/format';
import NoticeFormDialog from './NoticeFormDialog.vue';
import { NOTICE_STATUS_OPTIONS, type NoticeFilters } from './types';

export function useNoticeManage() {
  const router = useRouter();
  const list = useListState<NoticeFilters>(() => ({ keyword: '', status: '' }));
  const page = usePagedQuery(NoticesDocument, () => ({ filter: compact(list.filters()), page: list.page() }), (r) => r.notices);
  const fields = filterFields<NoticeFilters>([
    { kind: 'text', key: 'keyword', label: '标题', placeholder: '标题关键字', maxlength: 50 },
    { kind: 'select', key: 'status', label: '状态', options: NOTICE_STATUS_OPTIONS, width: 120 },
  ]);
  const table = useTableSettings('NoticeManage', [
    { key: 'title', label: '标题' },
    { key: 'kind', label: '类别' },
    { key: 'status', label: '状态' },
    { key: 'author', label: '发布单位' },
    { key: 'targets', label: '接收单位' },
    { key: 'publishedAt', label: '发布时间' },
    { key: 'updatedAt', label: '最近修改' },
  ]);
  const { mutate: publishMutation } = useMutation(PublishNoticeDocument);
  const { mutate: withdrawMutation } = useMutation(WithdrawNoticeDocument);

  async function create() {
    const saved = await openDialog<string>(NoticeFormDialog);
    if (saved) await page.refresh();
  }

  async function edit(id: string) {
    // The body is not in the list: the draft is read in full before the form opens.
    const result = await apolloClient.query({ query: NoticeDetailDocument, variables: { id } }).catch((e: unknown) => ElMessage.error(toConsoleError(e).message));
    const notice = result && 'data' in result ? result.data.notice : null;
    if (!notice) return;
    if (await openDialog<string>(NoticeFormDialog, { notice })) await page.refresh();
  }

  async function publish(id: string) {
    const row = page.rows.value.find((r) => r.id === id);
    const confirmed = await ElMessageBox.confirm(`发布后接收单位即可看到《${row?.title ?? ''}》，且不能再修改。确定发布吗？`, '发布通知', { type: 'warning', confirmButtonText: '发布', cancelButtonText: '取消' }).catch(() => false);
    if (!confirmed) return;
    try {
      rememberWrite((await publishMutation({ id, commandId: newCommandId() }))?.data?.publishNotice);
      ElMessage.success('已发布');
      await page.refresh();
    } catch (e) {
      ElMessage.error(toConsoleError(e).message);
    }
  }

  async function withdraw(id: string) {
    const answer = await ElMessageBox.prompt('撤回后接收单位不再看到该通知。请填写撤回原因：', '撤回通知', {
      confirmButtonText: '撤回',
      cancelButtonText: '取消',
      inputType: 'textarea',
      inputValidator: (value: string) => (value?.trim() ? (value.length <= 200 ? true : '原因不超过200字') : '请填写撤回原因'),
    }).catch(() => undefined);
    if (!answer) return;
    try {
      rememberWrite((await withdrawMutation({ id, reason: answer.value, commandId: newCommandId() }))?.data?.withdrawNotice);
      ElMessage.success('已撤回');
      await page.refresh();
    } catch (e) {
      ElMessage.error(toConsoleError(e).message);
    }
  }

  const open = (id: string) => router.push({ name: 'NoticeDetail', params: { id } });

  return { list, page, fields, table, create, edit, publish, withdraw, open };
}
