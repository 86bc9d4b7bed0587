// What the server can import (importKinds: label, template, columns), asked once per session and
// served from Apollo's cache after that. The lists use it to show their 导入 button only for a kind
// the server offers; the import page to fill its kind selector.
import { useQuery } from '@vue/apollo-composable';
import { computed } from 'vue';
import { toConsoleError } from '@/api/errors';
import { can } from '@/auth/permission';
import { ImportKindsDocument } from '@/graphql/generated';

export function useImportKinds() {
  const allowed = computed(() => can({ allOf: ['import:run'] }));
  const { result, loading, error, refetch } = useQuery(ImportKindsDocument, null, () => ({ enabled: allowed.value, fetchPolicy: 'cache-first' as const }));
  const kinds = computed(() => result.value?.importKinds ?? []);
  const loadError = computed(() => (error.value ? toConsoleError(error.value) : undefined));
  const offers = (kind: string) => kinds.value.some((k) => k.kind === kind);
  return { kinds, loading, loadError, refetch, offers };
}
