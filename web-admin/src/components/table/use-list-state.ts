// The state every list page shares (pure-admin's hook pattern): the filter form the user types
// into, and the query the table shows (applied filters + page + size in one object), and the
// table's sort. Search applies the form and goes back to page 1; reset clears the form and
// searches; a new sort goes back to page 1 too. The sort is the server's (PageInput sortBy /
// sortOrder): the table's columns are `sortable="custom"`, their `prop` the field's GraphQL name.
import { computed, reactive, type UnwrapRef } from 'vue';
import type { PageInput, SortOrder } from '@/graphql/generated';

export interface PageState {
  page: number;
  pageSize: number;
}

/**
 * useQuery options for a paged list: the rows stay while the next page (or sort) loads. Without it
 * the result empties on each new page, the total drops to 0, and el-pagination, clamping the current
 * page to the one page left, sends the list straight back to page 1.
 */
export const LIST_QUERY_OPTIONS = { keepPreviousResult: true } as const;

/** A field the server's list allows to sort by (its GraphQL name), or none: the list's default order. */
export interface SortState {
  sortBy: string | undefined;
  sortOrder: SortOrder | undefined;
}

/** What el-table's `sort-change` gives: the column's prop and Element's direction (null when cleared). */
export interface TableSortChange {
  prop?: string | null;
  order?: string | null;
}

/** The sort of one server-paged table; `restart` goes back to page 1 (the rows come back in a new order). */
export function useListSort(restart: () => void) {
  const sort = reactive<SortState>({ sortBy: undefined, sortOrder: undefined });
  return {
    sort,
    /** `{ sortBy, sortOrder }` for the server's PageInput, nothing without a sort. */
    sortInput: (): Pick<PageInput, 'sortBy' | 'sortOrder'> => (sort.sortBy ? { sortBy: sort.sortBy, sortOrder: sort.sortOrder ?? 'ASC' } : {}),
    /** For `@sort-change` on the el-table. */
    changeSort({ prop, order }: TableSortChange) {
      const sorted = Boolean(prop) && (order === 'ascending' || order === 'descending');
      Object.assign(sort, sorted ? { sortBy: prop, sortOrder: order === 'descending' ? 'DESC' : 'ASC' } : { sortBy: undefined, sortOrder: undefined });
      restart();
    },
  };
}

/** What the shared list components (ListTable, FilterForm) need of a list's state. */
export interface ListPaging {
  query: PageState;
  /** Whether a filter is applied (lists with a filter form). */
  filtered?: { readonly value: boolean };
  changePage(page: number): void;
  changePageSize(size: number): void;
  changeSort(change: TableSortChange): void;
}

export function useListState<Filters extends object>(emptyFilters: () => Filters, pageSize = 20) {
  const filterForm = reactive(emptyFilters());
  const query = reactive({ ...emptyFilters(), page: 1, pageSize }) as UnwrapRef<Filters> & PageState;
  // Kept beside the query, not in it: the query's other fields are the filter the server gets.
  const { sort, sortInput, changeSort } = useListSort(() => (query.page = 1));
  /** The applied filters, without page and size. */
  const filters = (): UnwrapRef<Filters> => {
    const { page: _page, pageSize: _size, ...applied } = query;
    return applied as UnwrapRef<Filters>;
  };
  /** Whether any filter is applied: the empty table then says nothing matched, not that there is nothing. */
  const filtered = computed(() => Object.keys(compact(filters() as Record<string, unknown>)).length > 0);

  return {
    filterForm,
    query,
    filters,
    filtered,
    sort,
    changeSort,
    /** `{ page, pageSize }` and the sort, for the server's PageInput. */
    page: (): PageInput => ({ page: query.page, pageSize: query.pageSize, ...sortInput() }),
    search() {
      Object.assign(query, { ...filterForm, page: 1 });
    },
    reset() {
      Object.assign(filterForm, emptyFilters());
      Object.assign(query, { ...emptyFilters(), page: 1 });
    },
    changePage(page: number) {
      query.page = page;
    },
    changePageSize(size: number) {
      Object.assign(query, { pageSize: size, page: 1 });
    },
  };
}

/** Filter values as the server wants them: trimmed, empty ones left out. */
export function compact<T extends object>(values: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [key, raw] of Object.entries(values) as [keyof T, unknown][]) {
    // Trimmed first: a filter of spaces is no filter.
    const value = typeof raw === 'string' ? raw.trim() : raw;
    if (value === '' || value === null || value === undefined || value === false) continue;
    if (Array.isArray(value) && value.length === 0) continue;
    out[key] = value as T[keyof T];
  }
  return out;
}
