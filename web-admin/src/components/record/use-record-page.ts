// The state of one record page (RecordShell): the record from its detail query, its title, loading,
// the error, and the open tab. A detail query answers null for a missing record and for one outside
// the user's data scope alike, and the page says the same for both (RECORD_NOT_FOUND).
import type { OperationVariables, TypedDocumentNode } from '@apollo/client/core';
import { useQuery } from '@vue/apollo-composable';
import { computed, ref, type ComputedRef, type Ref } from 'vue';
import { useRoute } from 'vue-router';
import { RECORD_NOT_FOUND, toConsoleError, type ConsoleError } from '@/api/errors';

/** What the shell needs of any record: its stream (review history, timeline, replay) and, under review, its status. */
export interface RecordBase {
  streamId: string;
  reviewStatus?: string;
  reviewStatusLabel?: string | null;
}

export interface RecordPage<T extends RecordBase> {
  record: ComputedRef<T | null>;
  title: ComputedRef<string>;
  loading: Ref<boolean>;
  loadError: ComputedRef<ConsoleError | undefined>;
  refetch: () => unknown;
  /** The open tab: `details`, `history`, `timeline` or a module tab's name. */
  tab: Ref<string>;
}

export function useRecordPage<TResult, TVariables extends OperationVariables, T extends RecordBase>(
  document: TypedDocumentNode<TResult, TVariables>,
  variables: () => TVariables,
  pick: (result: TResult) => T | null | undefined,
  title: (record: T) => string,
): RecordPage<T> {
  const { result, loading, error, refetch } = useQuery(document, variables);
  // A link may open a given tab (?tab=inspections from the inspection list); otherwise 详情.
  const asked = useRoute()?.query.tab;
  const tab = ref(typeof asked === 'string' && /^[a-z-]{1,40}$/.test(asked) ? asked : 'details');
  const record = computed(() => (result.value ? (pick(result.value) ?? null) : null));
  const loadError = computed(() => {
    if (error.value) return toConsoleError(error.value);
    if (!loading.value && result.value && !record.value) return RECORD_NOT_FOUND;
    return undefined;
  });
  return { record, title: computed(() => (record.value ? title(record.value) : '')), loading, loadError, refetch: () => refetch(), tab };
}
