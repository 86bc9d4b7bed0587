// 用户管理: the users in the administrator's scope. The system administrator creates users (with
// business roles only) and resets passwords; the security administrator assigns roles and resets
// second factors (三员分立: the server refuses each to the other).
import { useMutation, useQuery } from '@vue/apollo-composable';
import { ElMessage, ElMessageBox } from 'element-plus';
import { computed } from 'vue';
import { toConsoleError } from '@/api/errors';
import { rememberWrite } from '@/api/read-after';
import { can } from '@/auth/permission';
import { openDialog } from '@/components/dialog/dialog-service';
import { filterFields } from '@/components/table/filter-fields';
import { compact, useListState } from '@/components/table/use-list-state';
import { usePagedQuery } from '@/components/table/use-paged-query';
import { useTableSettings } from '@/components/table/use-table-settings';
import { ResetUserPasswordDocument, ResetUserTotpDocument, RolesDocument, UsersDocument } from '@/graphql/generated';
import { newCommandId } from '@/utils/format';
import { useOrganizations } from '../../organization/useOrganizations';
import OneTimePasswordDialog from './OneTimePasswordDialog.vue';
import type { UserFilters, UserRow } from './types';
import UserFormDialog from './UserFormDialog.vue';
import UserRolesDialog from './UserRolesDialog.vue';

export function useUserList() {
  const list = useListState<UserFilters>(() => ({ keyword: '', orgId: '' }));
  const page = usePagedQuery(UsersDocument, () => ({ filter: compact(list.filters()), page: list.page() }), (r) => r.users);
  const { rows, refresh: refetch } = page;

  const { result: rolesResult } = useQuery(RolesDocument, null, () => ({ fetchPolicy: 'cache-first' as const }));
  const roles = computed(() => rolesResult.value?.roles ?? []);
  const roleLabel = (name: string) => roles.value.find((r) => r.name === name)?.label ?? name;
  const organizations = useOrganizations();
  const canPickOrg = computed(() => can({ allOf: ['organization:read'] }));
  const fields = filterFields<UserFilters>([
    { kind: 'text', key: 'keyword', label: '关键字', placeholder: '用户名或姓名', maxlength: 50 },
    { kind: 'org', key: 'orgId', label: '所属单位', data: organizations.tree, width: 260, visible: canPickOrg },
  ]);

  const canCreate = computed(() => can({ allOf: ['user:manage'] }));
  const canAssignRoles = computed(() => can({ allOf: ['role:manage'] }));
  const table = useTableSettings('UserList', [
    { key: 'username', label: '用户名' },
    { key: 'displayName', label: '姓名' },
    { key: 'org', label: '所属单位' },
    { key: 'roles', label: '角色' },
    { key: 'totp', label: '双因素认证' },
    { key: 'state', label: '状态' },
    { key: 'lastLoginAt', label: '最近登录' },
    { key: 'createdAt', label: '创建时间', visible: false },
  ]);

  const { mutate: resetPassword } = useMutation(ResetUserPasswordDocument);
  const { mutate: resetTotp } = useMutation(ResetUserTotpDocument);

  async function create() {
    // The system administrator gives business roles only: admin duties are the security administrator's to grant.
    const grantable = roles.value.filter((r) => r.duty === 'business');
    const saved = await openDialog<{ created: { oneTimePassword: string }; model: { username: string; displayName: string } }>(UserFormDialog, { roles: grantable });
    if (!saved) return;
    await refetch();
    await openDialog(OneTimePasswordDialog, { title: '用户已创建', username: saved.model.username, displayName: saved.model.displayName, password: saved.created.oneTimePassword });
  }

  // el-table's slot rows are untyped: the template passes ids, the rows are found here.
  const rowOf = (id: string) => rows.value.find((r) => r.id === id);

  async function resetPasswordOf(id: string) {
    const user = rowOf(id);
    if (!user) return;
    const confirmed = await ElMessageBox.confirm(`将为“${user.displayName}”生成新的一次性密码，其现有会话立即失效。确定重置吗？`, '重置密码', {
      type: 'warning',
      confirmButtonText: '重置',
      cancelButtonText: '取消',
    }).catch(() => false);
    if (!confirmed) return;
    try {
      const answer = (await resetPassword({ userId: user.id, commandId: newCommandId() }))?.data?.resetUserPassword;
      rememberWrite(answer?.result);
      await refetch();
      if (answer) await openDialog(OneTimePasswordDialog, { title: '密码已重置', username: user.username, displayName: user.displayName, password: answer.oneTimePassword });
    } catch (e) {
      ElMessage.error(toConsoleError(e).message);
    }
  }

  async function assignRoles(id: string) {
    const user = rowOf(id);
    if (!user) return;
    const changed = await openDialog<boolean>(UserRolesDialog, { user, roles: roles.value });
    if (changed) await refetch();
  }

  async function resetTotpOf(id: string) {
    const user = rowOf(id);
    if (!user) return;
    const confirmed = await ElMessageBox.confirm(`将解除“${user.displayName}”已绑定的身份验证器，其现有会话立即失效，下次登录须重新绑定。确定重置吗？`, '重置双因素认证', {
      type: 'warning',
      confirmButtonText: '重置',
      cancelButtonText: '取消',
    }).catch(() => false);
    if (!confirmed) return;
    try {
      rememberWrite((await resetTotp({ userId: user.id, commandId: newCommandId() }))?.data?.resetUserTotp);
      ElMessage.success('已重置双因素认证');
      await refetch();
    } catch (e) {
      ElMessage.error(toConsoleError(e).message);
    }
  }

  const lockedNow = (lockedUntil: UserRow['lockedUntil']) => Boolean(lockedUntil && new Date(lockedUntil).getTime() > Date.now());

  return {
    list,
    page,
    fields,
    table,
    canCreate,
    canAssignRoles,
    roleLabel,
    create,
    resetPasswordOf,
    assignRoles,
    resetTotpOf,
    lockedNow,
  };
}
