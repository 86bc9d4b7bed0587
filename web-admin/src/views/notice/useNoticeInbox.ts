// 通知公告 (every user): the published notices that reach the user's organisation, newest first,
// unread ones marked; opening one records the read receipt (NoticeDetail).
import { useRouter } from 'vue-router';
import { filterFields } from '@/components/table/filter-fields';
import { useListState } from '@/components/table/use-list-state';
import { usePagedQuery } from '@/components/table/use-paged-query';
import { useTableSettings } from '@/components/table/use-table-settings';
import { MyNoticesDocument } from '@/graphql/generated';
import type { InboxFilters } from './types';

export function useNoticeInbox() {
  const router = useRouter();
  const list = useListState<InboxFilters>(() => ({ keyword: '', unreadOnly: '' }));
  const page = usePagedQuery(
    MyNoticesDocument,
    () => {
      const { sortBy: _sortBy, sortOrder: _sortOrder, ...paging } = list.page();
      const f = list.filters();
      return { filter: { ...(f.keyword ? { keyword: f.keyword } : {}), ...(f.unreadOnly === 'yes' ? { unreadOnly: true } : {}) }, page: paging };
    },
    (r) => r.myNotices,
  );
  const fields = filterFields<InboxFilters>([
    { kind: 'text', key: 'keyword', label: '标题', placeholder: '标题关键字', maxlength: 50 },
    { kind: 'select', key: 'unreadOnly', label: '阅读状态', options: [{ value: 'yes', label: '仅未读' }], width: 120 },
  ]);
  const table = useTableSettings('NoticeInbox', [
    { key: 'title', label: '标题' },
    { key: 'kind', label: '类别' },
    { key: 'author', label: '发布单位' },
    { key: 'publishedAt', label: '发布时间' },
    { key: 'read', label: '阅读状态' },
  ]);
  const open = (id: string) => router.push({ name: 'NoticeDetail', params: { id } });
  return { list, page, fields, table, open };
}
