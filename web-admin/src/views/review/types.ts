import type { ReviewInboxQuery } from '@/graphql/generated';

export type Decision = 'approve' | 'return' | 'reject';

/** What the decision dialog resolves with after the server accepted the decision. */
export interface DecisionResult {
  decision: Decision;
  position: string | null;
}

export type ReviewTaskRow = ReviewInboxQuery['reviewInbox']['items'][number];
