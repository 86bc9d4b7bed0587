// 角色与权限: every role with its duty, data scope, second-factor rule and permissions. The
// security administrator defines and changes roles; the system administrator may look.
import { useQuery } from '@vue/apollo-composable';
import { computed } from 'vue';
import { toConsoleError } from '@/api/errors';
import { can } from '@/auth/permission';
import { openDialog } from '@/components/dialog/dialog-service';
import { useTableSettings } from '@/components/table/use-table-settings';
import { PermissionCatalogueDocument, RolesDocument, type RolesQuery } from '@/graphql/generated';
import RoleFormDialog from './RoleFormDialog.vue';

type RoleRow = RolesQuery['roles'][number];

export function useRoleList() {
  const { result, loading, error, refetch } = useQuery(RolesDocument);
  const rows = computed(() => result.value?.roles ?? []);
  const loadError = computed(() => (error.value ? toConsoleError(error.value) : undefined));
  const { result: catalogue } = useQuery(PermissionCatalogueDocument, null, () => ({ fetchPolicy: 'cache-first' as const }));
  const permissionLabel = (name: string) => catalogue.value?.permissionCatalogue.find((p) => p.name === name)?.label ?? name;
  const canManage = computed(() => can({ allOf: ['role:manage'] }));
  const table = useTableSettings('RoleList', [
    { key: 'name', label: '角色编码' },
    { key: 'label', label: '角色名称' },
    { key: 'duty', label: '职责' },
    { key: 'dataScope', label: '数据范围' },
    { key: 'secondFactor', label: '双因素认证' },
    { key: 'permissions', label: '权限' },
  ]);

  async function edit(name?: string) {
    const role: RoleRow | undefined = name ? rows.value.find((r) => r.name === name) : undefined;
    const saved = await openDialog<boolean>(RoleFormDialog, role ? { role } : {});
    if (saved) await refetch();
  }

  return { rows, loading, loadError, table, canManage, permissionLabel, refresh: () => refetch(), create: () => edit(), edit };
}
