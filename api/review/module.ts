// 审核: the one review workflow's surfaces (inbox, decisions, history); each reviewed module
// declares its own part (`review` in its manifest).
import { REVIEW_EVENT_LABELS, REVIEW_FIELD_LABELS } from '../../domain/review/labels';
import { reviewHistoryProjection, reviewTasksProjection } from '../../projections/review/review-tables';
import { defineModule } from '../module';
import { INBOX_SORT, reviewResolvers, reviewTypeDefs } from './review-graphql';

export const reviewModule = defineModule({
  name: 'review',
  label: '审核',
  eventLabels: REVIEW_EVENT_LABELS,
  fieldLabels: REVIEW_FIELD_LABELS,
  projections: [reviewTasksProjection, reviewHistoryProjection],
  // The inbox is what waits at the user's own organisation.
  lists: [{ query: 'reviewInbox', paged: true, sort: INBOX_SORT, owners: { selection: 'authorityId', of: (t) => [t.authorityId as string] } }],
  graphql: [{ typeDefs: reviewTypeDefs, resolvers: reviewResolvers }],
  permissions: ['review:read', 'review:submit', 'review:decide'],
});
