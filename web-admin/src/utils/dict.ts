// Dictionaries (code -> label) through one cached composable, after RuoYi-Vue3's dict.js: the
// server's `dictionaries` query (fixed code lists of the domain and the ones an administrator
// extends, such as person_category) is asked once per session and served from Apollo's cache after
// that. Labels come from the server only; the console adds nothing but a tag colour per value.
import { provideApolloClient, useQuery, type UseQueryReturn } from '@vue/apollo-composable';
import { computed, effectScope } from 'vue';
import { apolloClient } from '@/api/apollo';
import { DictionariesDocument, type DictionariesQuery, type DictionariesQueryVariables } from '@/graphql/generated';

/** The server's dictionary names (api/dictionary/dictionary-graphql.ts). */
export type DictName =
  | 'skill_level'
  | 'review_status'
  | 'review_level'
  | 'institution_nature'
  | 'institution_category'
  | 'institution_lifecycle'
  | 'annual_review_outcome'
  | 'document_kind'
  | 'enrolment_status'
  | 'data_scope'
  | 'duty'
  | 'sex'
  | 'person_category';

export type TagType = 'primary' | 'success' | 'warning' | 'danger' | 'info';

/**
 * Presentation only: the colour of a coded value's tag. `review_action` is the action of a review
 * step, whose label the step itself carries.
 */
const TAG_TYPES: Partial<Record<DictName | 'review_action', Record<string, TagType>>> = {
  review_status: { draft: 'info', pending: 'warning', approved: 'success', returned: 'danger', rejected: 'danger', withdrawn: 'info' },
  review_action: { submitted: 'primary', approved: 'success', returned: 'warning', rejected: 'danger', withdrawn: 'info' },
  institution_lifecycle: { draft: 'info', active: 'success', suspended: 'warning', revoked: 'danger' },
  enrolment_status: { pending: 'warning', approved: 'success', rejected: 'danger' },
  annual_review_outcome: { passed: 'success', rectify: 'warning', failed: 'danger' },
};

export const tagTypeOf = (dict: DictName | 'review_action', value: string | null | undefined): TagType => (value ? (TAG_TYPES[dict]?.[value] ?? 'info') : 'info');

export interface DictOption {
  value: string;
  label: string;
  active: boolean;
}

/**
 * The one query behind every dictionary: created on first use, outside any component (a tag in
 * every table cell would otherwise watch a query of its own), and kept for the page's lifetime.
 * Dictionaries are the same for every user, so a logout does not drop them.
 */
let shared: UseQueryReturn<DictionariesQuery, DictionariesQueryVariables> | undefined;
export function useDictionaries() {
  shared ??= effectScope(true).run(() => provideApolloClient(apolloClient)(() => useQuery(DictionariesDocument, null, { fetchPolicy: 'cache-first' })))!;
  return shared;
}

/**
 * One dictionary: `options` are the selectable (active) entries for filters and forms, `label`
 * names any value, retired ones included, so old records keep their words.
 */
export function useDict(name: DictName) {
  const { result, loading, refetch } = useDictionaries();
  const all = computed<readonly DictOption[]>(() => result.value?.dictionaries.find((d) => d.name === name)?.options ?? []);
  const byValue = computed(() => new Map(all.value.map((o) => [o.value, o])));
  const options = computed(() => all.value.filter((o) => o.active));
  return {
    options,
    all,
    loading,
    refetch,
    label: (value: string | null | undefined): string => (value ? (byValue.value.get(value)?.label ?? value) : ''),
  };
}
