// The training-funding pages' types, derived from the generated GraphQL types.
import type { TrainingFundingApplicationQuery, TrainingFundingApplicationsQuery, TrainingFundingPreviewQuery } from '@/graphql/generated';

export type FundingRow = TrainingFundingApplicationsQuery['trainingFundingApplications']['items'][number];
export type FundingRecord = NonNullable<TrainingFundingApplicationQuery['trainingFundingApplication']>;
export type FundingCalculation = TrainingFundingPreviewQuery['trainingFundingPreview'];

export interface FundingFilters {
  keyword: string;
  reviewStatus: string;
}
