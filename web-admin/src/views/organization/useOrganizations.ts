// The organisations in the user's scope (province, prefectures, counties, institutions), asked once
// and cached: names for ids, the tree for pickers and the organisation page. Needs
// organization:read; without it every id is shown as itself.
import { useQuery } from '@vue/apollo-composable';
import { computed } from 'vue';
import { can } from '@/auth/permission';
import { OrganizationsDocument, type OrganizationsQuery } from '@/graphql/generated';

export type OrganizationRow = OrganizationsQuery['organizations'][number];
export interface OrganizationNode extends OrganizationRow {
  children: OrganizationNode[];
}

/** Rows ordered by depth as the server sends them, assembled into a tree (roots: rows whose parent is out of scope). */
export function organizationTree(rows: readonly OrganizationRow[]): OrganizationNode[] {
  const nodes = new Map<string, OrganizationNode>(rows.map((r) => [r.id, { ...r, children: [] }]));
  const roots: OrganizationNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId ? nodes.get(node.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

export function useOrganizations() {
  const enabled = computed(() => can({ allOf: ['organization:read'] }));
  const { result, loading, error, refetch } = useQuery(OrganizationsDocument, null, () => ({ enabled: enabled.value, fetchPolicy: 'cache-first' as const }));
  const rows = computed(() => result.value?.organizations ?? []);
  const byId = computed(() => new Map(rows.value.map((o) => [o.id, o])));
  const tree = computed(() => organizationTree(rows.value));
  return {
    rows,
    tree,
    loading,
    error,
    refetch,
    orgName: (id: string | null | undefined): string => (id ? (byId.value.get(id)?.name ?? id) : '—'),
    find: (id: string | null | undefined) => (id ? byId.value.get(id) : undefined),
  };
}
