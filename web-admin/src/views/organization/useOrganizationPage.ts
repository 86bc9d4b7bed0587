// 组织机构: the organisations in the administrator's scope as a tree (province, prefectures,
// counties, institutions), searchable, with the users of the one selected.
import { useQuery } from '@vue/apollo-composable';
import { computed, ref } from 'vue';
import { toConsoleError } from '@/api/errors';
import { can } from '@/auth/permission';
import { UsersDocument } from '@/graphql/generated';
import { useOrganizations, type OrganizationNode } from './useOrganizations';

export function useOrganizationPage() {
  const organizations = useOrganizations();
  const keyword = ref('');
  const selected = ref<OrganizationNode | null>(null);
  const loadError = computed(() => (organizations.error.value ? toConsoleError(organizations.error.value) : undefined));
  const counts = computed(() => {
    const byKind = new Map<string, { label: string; count: number }>();
    for (const o of organizations.rows.value) {
      const entry = byKind.get(o.kind) ?? { label: o.kindLabel, count: 0 };
      entry.count += 1;
      byKind.set(o.kind, entry);
    }
    return [...byKind.entries()].map(([kind, v]) => ({ kind, ...v }));
  });

  const canSeeUsers = computed(() => can({ anyOf: ['user:manage', 'role:manage'] }));
  const { result, loading: usersLoading } = useQuery(
    UsersDocument,
    () => ({ filter: { orgId: selected.value?.id }, page: { page: 1, pageSize: 50 } }),
    () => ({ enabled: Boolean(selected.value) && canSeeUsers.value }),
  );
  const users = computed(() => (selected.value ? (result.value?.users.items ?? []) : []));
  const userTotal = computed(() => result.value?.users.total ?? 0);

  /** el-tree's filter: a node shows when its name or division code contains the keyword. */
  const filterNode = (value: string, data: Record<string, unknown>) => !value || String(data.name).includes(value) || String(data.divisionCode).includes(value);
  const select = (node: OrganizationNode) => (selected.value = node);

  return { organizations, keyword, selected, loadError, counts, canSeeUsers, users, userTotal, usersLoading, filterNode, select };
}
