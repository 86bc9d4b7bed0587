// 在线用户: the live sessions in the security administrator's scope, and 强退 with a reason (an event
// on the user's stream; the session is refused from its next request on). Nothing refreshes by timer:
// an unattended console must still reach the server's idle timeout.
import { can } from '@/auth/permission';
import { openDialog } from '@/components/dialog/dialog-service';
import { filterFields } from '@/components/table/filter-fields';
import { compact, useListState } from '@/components/table/use-list-state';
import { usePagedQuery } from '@/components/table/use-paged-query';
import { useTableSettings } from '@/components/table/use-table-settings';
import { OnlineSessionsDocument } from '@/graphql/generated';
import { computed } from 'vue';
import { useOrganizations } from '../organization/useOrganizations';
import EndSessionDialog from './EndSessionDialog.vue';
import type { SessionFilters } from './types';

export function useOnlineUsers() {
  const list = useListState<SessionFilters>(() => ({ keyword: '', orgId: '' }));
  const page = usePagedQuery(OnlineSessionsDocument, () => ({ filter: compact(list.filters()), page: list.page() }), (r) => r.onlineSessions);
  const organizations = useOrganizations();
  const fields = filterFields<SessionFilters>([
    { kind: 'text', key: 'keyword', label: '用户', placeholder: '用户名或姓名', maxlength: 50 },
    { kind: 'org', key: 'orgId', label: '所属单位', data: organizations.tree, width: 260, visible: computed(() => can({ allOf: ['organization:read'] })) },
  ]);
  const table = useTableSettings('OnlineUsers', [
    { key: 'username', label: '用户名' },
    { key: 'displayName', label: '姓名' },
    { key: 'org', label: '所属单位' },
    { key: 'ip', label: '登录地址' },
    { key: 'userAgent', label: '浏览器', visible: false },
    { key: 'loginAt', label: '登录时间' },
    { key: 'lastSeenAt', label: '最近活动' },
    { key: 'state', label: '状态' },
  ]);

  // el-table's slot rows are untyped: the template passes ids, the rows are found here.
  async function endSession(id: string) {
    const session = page.rows.value.find((r) => r.id === id);
    if (!session) return;
    const ended = await openDialog<boolean>(EndSessionDialog, { session });
    if (ended) await page.refresh();
  }

  return { list, page, fields, table, endSession };
}
