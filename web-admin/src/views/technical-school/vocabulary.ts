// The technical-school modules' code lists (办学层次, 专业大类, 班级类型, 职称, 异动类型 ...) from the
// server's schoolVocabulary query, asked once and served from Apollo's cache: options for selects
// and filters, and labels for codes. Labels live on the server only.
import { useQuery } from '@vue/apollo-composable';
import { computed } from 'vue';
import { SchoolVocabularyDocument, type SchoolVocabularyQuery } from '@/graphql/generated';

export type VocabularyName = Exclude<keyof SchoolVocabularyQuery['schoolVocabulary'], '__typename'>;

export function useSchoolVocabulary() {
  const { result } = useQuery(SchoolVocabularyDocument, null, { fetchPolicy: 'cache-first' });
  const list = (name: VocabularyName) => computed(() => (result.value?.schoolVocabulary[name] ?? []).map((e) => ({ value: e.value, label: e.label })));
  const label = (name: VocabularyName, value: string | null | undefined) => (value ? (result.value?.schoolVocabulary[name].find((e) => e.value === value)?.label ?? value) : '—');
  return { list, label };
}
