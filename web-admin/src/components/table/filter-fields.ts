// The fields of a list's filter form (FilterForm.vue), described rather than written out: each is
// one control bound to the list state's filter form under `key`. Options, tree data and visibility
// may be refs (dictionaries and organisations arrive after the page).
import type { MaybeRef } from 'vue';

export interface FilterOption {
  value: string;
  label: string;
}

/** An organisation (or any node) of a tree picker: `id` is the value, `name` the label. */
export interface FilterTreeNode {
  id: string;
  name: string;
  children?: FilterTreeNode[];
}

interface FieldBase<K extends string> {
  key: K;
  label?: string;
  /** Control width in px; the control's own when not given. */
  width?: number;
  /** The control's data-test. */
  test?: string;
  /** A filter the user may not use (no permission to list its choices) is left out. */
  visible?: MaybeRef<boolean>;
}

export type FilterField<K extends string = string> =
  /** Typed text; its `name` attribute is the key. */
  | (FieldBase<K> & { kind: 'text'; placeholder?: string; maxlength?: number; mono?: boolean })
  /** One of `options`; `allowCreate` also takes what the user types. */
  | (FieldBase<K> & { kind: 'select'; options: MaybeRef<readonly FilterOption[]>; allowCreate?: boolean })
  /**
   * One of the choices a search finds as the user types (operators, records by name): `search`
   * asks the server and fills `options`; the value is the chosen option's, never typed in.
   */
  | (FieldBase<K> & { kind: 'remote'; options: MaybeRef<readonly FilterOption[]>; search(q: string): void; loading?: MaybeRef<boolean>; placeholder?: string })
  /** An organisation from the tree given (OrgTreeSelect). */
  | (FieldBase<K> & { kind: 'org'; data: MaybeRef<FilterTreeNode[]> })
  /** A day, as YYYY-MM-DD. */
  | (FieldBase<K> & { kind: 'date'; placeholder?: string })
  /** A [from, to] pair of Dates. */
  | (FieldBase<K> & { kind: 'datetimerange' })
  | (FieldBase<K> & { kind: 'checkbox'; text: string });

/** Types a page's field list against its filter object's keys. */
export const filterFields = <F extends object>(fields: readonly FilterField<keyof F & string>[]) => fields;
