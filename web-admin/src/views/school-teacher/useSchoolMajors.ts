// The approved majors of the user's school, for picking a teacher's or a student's major.
import { useQuery } from '@vue/apollo-composable';
import { computed } from 'vue';
import { MajorsDocument } from '@/graphql/generated';

export function useSchoolMajors() {
  const { result } = useQuery(MajorsDocument, () => ({ filter: { approvedOnly: true }, page: { pageSize: 200 } }), { fetchPolicy: 'cache-and-network' });
  return computed(() => (result.value?.majors.items ?? []).map((m) => ({ value: m.id, label: `${m.name}（${m.code}）` })));
}
