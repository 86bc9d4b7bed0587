import type { AidStandardsQuery, SchoolAidQuery, SchoolAidsQuery } from '@/graphql/generated';

export type SchoolAidRow = SchoolAidsQuery['schoolAids']['items'][number];
export type SchoolAidRecord = NonNullable<SchoolAidQuery['schoolAid']>;
export type AidStandardRow = AidStandardsQuery['aidStandards'][number];

export interface SchoolAidFilters {
  keyword: string;
  kind: string;
  schoolYear: string;
  status: string;
  reviewStatus: string;
}
