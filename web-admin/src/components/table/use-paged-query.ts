// The query behind a server-paged list: rows and total picked from the answer, loading, the error
// in Chinese, and refresh. The rows stay while the next page loads (LIST_QUERY_OPTIONS).
import type { OperationVariables, TypedDocumentNode } from '@apollo/client/core';
import { useQuery } from '@vue/apollo-composable';
import { computed } from 'vue';
import { toConsoleError, type ConsoleError } from '@/api/errors';
import { LIST_QUERY_OPTIONS } from './use-list-state';

export interface ListPage<Row> {
  items: Row[];
  total: number;
}

/** `variables` is read reactively (filters, page, sort); `pageOf` picks the list from the answer. */
export function usePagedQuery<TResult, TVariables extends OperationVariables, Row>(
  document: TypedDocumentNode<TResult, TVariables>,
  variables: () => TVariables,
  pageOf: (result: TResult) => ListPage<Row>,
) {
  const { result, loading, error, refetch } = useQuery(document, variables, LIST_QUERY_OPTIONS);
  const page = computed(() => (result.value ? pageOf(result.value) : undefined));
  return {
    rows: computed<Row[]>(() => page.value?.items ?? []),
    total: computed(() => page.value?.total ?? 0),
    loading,
    loadError: computed(() => (error.value ? toConsoleError(error.value) : undefined)),
    refresh: () => refetch(),
  };
}

/** What ListTable reads of a list's query, whatever its rows. */
export interface PagedQuery {
  rows: { readonly value: object[] };
  total: { readonly value: number };
  loading: { readonly value: boolean };
  loadError: { readonly value: ConsoleError | undefined };
  refresh(): unknown;
}
