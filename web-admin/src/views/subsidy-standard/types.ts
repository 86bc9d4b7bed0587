// The standards page's types, derived from the generated GraphQL types.
import type { SubsidyStandardsQuery } from '@/graphql/generated';

export type StandardRow = SubsidyStandardsQuery['subsidyStandards']['items'][number];

export interface StandardFilters {
  subject: string;
  reviewStatus: string;
  keyword: string;
}

export const SUBJECT_OPTIONS = [
  { value: 'training', label: '机构培训补贴' },
  { value: 'living_allowance', label: '生活费补贴' },
  { value: 'skill_upgrade', label: '技能提升补贴' },
  { value: 'startup', label: '一次性创业补贴' },
] as const;

export const TRAINING_KIND_OPTIONS = [
  { value: 'employment', label: '就业技能培训' },
  { value: 'upskilling', label: '岗位技能提升培训' },
  { value: 'apprenticeship', label: '新型学徒制' },
  { value: 'work_for_training', label: '以工代训' },
  { value: 'entrepreneurship', label: '创业培训' },
] as const;

export const UNIT_OPTIONS = [
  { value: 'per_person', label: '元/人' },
  { value: 'per_day', label: '元/人·天' },
] as const;
