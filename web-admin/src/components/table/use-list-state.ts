// The state every list page shares (pure-admin's hook pattern): the filter form the user types
// into, and the query the table shows (applied filters + page + size in one object). Search
// applies the form and goes back to page 1; reset clears the form and searches.
import { reactive, type UnwrapRef } from 'vue';

export interface PageState {
  page: number;
  pageSize: number;
}

export function useListState<Filters extends object>(emptyFilters: () => Filters, pageSize = 20) {
  const filterForm = reactive(emptyFilters());
  const query = reactive({ ...emptyFilters(), page: 1, pageSize }) as UnwrapRef<Filters> & PageState;

  return {
    filterForm,
    query,
    /** `{ page, pageSize }` for the server's PageInput. */
    page: () => ({ page: query.page, pageSize: query.pageSize }),
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
export function compact<T extends Record<string, unknown>>(values: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [key, value] of Object.entries(values) as [keyof T, unknown][]) {
    if (value === '' || value === null || value === undefined || value === false) continue;
    if (Array.isArray(value) && value.length === 0) continue;
    out[key] = (typeof value === 'string' ? value.trim() : value) as T[keyof T];
  }
  return out;
}
