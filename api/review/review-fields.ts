import { REVIEW_LEVEL_LABELS, REVIEW_STATUS_LABELS, currentLevel, type ReviewState } from '../../domain/review/review';

export const reviewFieldTypeDefs = /* GraphQL */ `
    reviewStatus: String!
    reviewStatusLabel: String!
    "待审核的级别（审核中时）"
    reviewLevel: String
    reviewLevelLabel: String
    "该级别的审核机构（审核中时）：只有它的审核员能通过或退回"
    reviewAuthorityId: ID
`;

/** The review fields every reviewable record shows, from its review state. */
export function reviewFields(review: ReviewState) {
  const level = currentLevel(review) ?? null;
  return {
    reviewStatus: review.status,
    reviewStatusLabel: REVIEW_STATUS_LABELS[review.status],
    reviewLevel: level,
    reviewLevelLabel: level ? REVIEW_LEVEL_LABELS[level] : null,
    reviewAuthorityId: level && review.status === 'pending' ? (review.authorities[level] ?? null) : null,
  };
}
