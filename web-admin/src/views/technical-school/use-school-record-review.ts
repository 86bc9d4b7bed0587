// The review actions of a technical-school record page (school, major, student) with the refetch
// the shared one does not know of: after a write or a decision, the record's own queries (and its
// list) are asked again, read after the write's position, as the training-class record does.
import { useApolloClient } from '@vue/apollo-composable';
import type { DocumentNode } from 'graphql';
import { useRecordReview, type ReviewableRecord } from '../review/useRecordReview';

export function useSchoolRecordReview(record: () => ReviewableRecord | null, documents: readonly DocumentNode[]) {
  const base = useRecordReview(record);
  const { resolveClient } = useApolloClient();
  async function refetchAfterWrite() {
    await Promise.all([base.refetchAfterWrite(), resolveClient().refetchQueries({ include: [...documents] })]);
  }
  return {
    ...base,
    refetchAfterWrite,
    async submitForReview() {
      await base.submitForReview();
      await refetchAfterWrite();
    },
    async withdrawReview() {
      await base.withdrawReview();
      await refetchAfterWrite();
    },
    async decideOn(decision: Parameters<typeof base.decideOn>[0]) {
      if (await base.decideOn(decision)) await refetchAfterWrite();
      return undefined;
    },
  };
}
