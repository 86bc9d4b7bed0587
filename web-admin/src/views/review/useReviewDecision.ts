// Opens the decision dialog for a record under review and, once the server accepted the decision,
// refetches every active query that shows it (inbox, menu badge, records, lists, history, timeline). The
// refetches carry X-Read-After-Position, so they read the decision just written.
import { useApolloClient } from '@vue/apollo-composable';
import { openDialog } from '@/components/dialog/dialog-service';
import {
  InstitutionDocument,
  InstitutionsDocument,
  OccupationDocument,
  OccupationsDocument,
  ReviewHistoryDocument,
  ReviewInboxCountDocument,
  ReviewInboxDocument,
  TeacherDocument,
  TeachersDocument,
  TimelineDocument,
  TraineeDocument,
  TraineesDocument,
} from '@/graphql/generated';
import DecisionDialog from './DecisionDialog.vue';
import type { Decision, DecisionResult } from './types';

export function useReviewDecision() {
  const { resolveClient } = useApolloClient();

  async function refetchAfterWrite() {
    await resolveClient().refetchQueries({
      include: [
        ReviewInboxDocument,
        ReviewInboxCountDocument,
        OccupationDocument,
        OccupationsDocument,
        InstitutionDocument,
        InstitutionsDocument,
        TeacherDocument,
        TeachersDocument,
        TraineeDocument,
        TraineesDocument,
        ReviewHistoryDocument,
        TimelineDocument,
      ],
    });
  }

  async function decide(record: { streamId: string; title: string }, decision: Decision): Promise<DecisionResult | undefined> {
    const result = await openDialog<DecisionResult>(DecisionDialog, { streamId: record.streamId, title: record.title, decision });
    if (result) await refetchAfterWrite();
    return result;
  }

  return { decide, refetchAfterWrite };
}
