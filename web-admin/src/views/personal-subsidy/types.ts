// The personal subsidy pages' types, derived from the generated GraphQL types.
import type { PersonalSubsidiesQuery, PersonalSubsidyPreviewQuery, PersonalSubsidyQuery } from '@/graphql/generated';

export type PersonalSubsidyListRow = PersonalSubsidiesQuery['personalSubsidies']['items'][number];
export type PersonalSubsidyRecord = NonNullable<PersonalSubsidyQuery['personalSubsidy']>;
export type PersonalSubsidyCalculation = PersonalSubsidyPreviewQuery['personalSubsidyPreview'];

export interface PersonalSubsidyFilters {
  keyword: string;
  kind: string;
  reviewStatus: string;
}

export const PERSONAL_SUBSIDY_KIND_OPTIONS = [
  { value: 'skill_upgrade', label: '技能提升补贴' },
  { value: 'living_allowance', label: '生活费补贴' },
  { value: 'startup', label: '一次性创业补贴' },
] as const;
