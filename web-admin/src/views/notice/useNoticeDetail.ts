// One notice: its body (sandboxed, NoticeBody), attachments and who sent it to whom. A recipient's
// first opening records the read receipt; a publisher also sees the receipts.
import { useMutation, useQuery } from '@vue/apollo-composable';
import { computed, reactive, watch } from 'vue';
import { toConsoleError } from '@/api/errors';
import { rememberWrite } from '@/api/read-after';
import { can } from '@/auth/permission';
import { LIST_QUERY_OPTIONS } from '@/components/table/use-list-state';
import { MarkNoticeReadDocument, NoticeDetailDocument, NoticeReceiptsDocument, UnreadNoticeCountDocument } from '@/graphql/generated';
import { newCommandId } from '@/utils/format';

export function useNoticeDetail(id: () => string) {
  const detail = useQuery(NoticeDetailDocument, () => ({ id: id() }), { fetchPolicy: 'network-only' });
  const notice = computed(() => detail.result.value?.notice ?? null);
  const loadError = computed(() => (detail.error.value ? toConsoleError(detail.error.value) : undefined));
  const missing = computed(() => !detail.loading.value && !loadError.value && detail.result.value !== undefined && !notice.value);

  const receiptsPage = reactive({ page: 1, pageSize: 20 });
  const showReceipts = computed(() => notice.value?.status !== 'draft' && can({ allOf: ['notice:publish'] }));
  const receipts = useQuery(NoticeReceiptsDocument, () => ({ id: id(), page: { ...receiptsPage } }), () => ({ ...LIST_QUERY_OPTIONS, enabled: showReceipts.value }));
  // Out of the publisher's scope (a notice from above): no receipts to show, and no error either.
  const receiptData = computed(() => (receipts.error.value ? undefined : receipts.result.value?.noticeReceipts));

  const { mutate: markRead } = useMutation(MarkNoticeReadDocument, { refetchQueries: [{ query: UnreadNoticeCountDocument }] });
  // The receipt is sent once per opening of an unread notice the user received.
  watch(notice, async (current) => {
    if (!current || current.readAt || current.status !== 'published') return;
    try {
      rememberWrite((await markRead({ id: current.id, commandId: newCommandId() }))?.data?.markNoticeRead);
    } catch {
      // Not a recipient (a publisher reading its own notice): nothing to record.
    }
  });

  return { notice, loading: detail.loading, loadError, missing, retry: () => detail.refetch(), showReceipts, receiptData, receiptsPage, receiptsLoading: receipts.loading };
}
