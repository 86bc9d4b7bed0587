import type { MajorQuery, MajorsQuery } from '@/graphql/generated';

export type MajorRow = MajorsQuery['majors']['items'][number];
export type MajorRecord = NonNullable<MajorQuery['major']>;

export interface MajorFilters {
  keyword: string;
  field: string;
  reviewStatus: string;
  approvedOnly: boolean;
}

export interface MajorFormModel {
  code: string;
  name: string;
  field: string;
  classTypes: string[];
  durationYears: number;
  enrolmentPlan: number;
  description: string;
}
