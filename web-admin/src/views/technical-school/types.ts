import type { SchoolWindowsQuery, TechnicalSchoolQuery, TechnicalSchoolsQuery } from '@/graphql/generated';

export type TechnicalSchoolRow = TechnicalSchoolsQuery['technicalSchools']['items'][number];
export type TechnicalSchoolRecord = NonNullable<TechnicalSchoolQuery['technicalSchool']>;
export type SchoolWindowRow = SchoolWindowsQuery['schoolWindows'][number];

export interface TechnicalSchoolFilters {
  keyword: string;
  level: string;
  nature: string;
  reviewStatus: string;
}

export interface SchoolInfoModel {
  name: string;
  level: string;
  nature: string;
  address: string;
  principal: string;
  contactPerson: string;
  contactPhone: string;
  approvalNumber: string;
  establishedYear: number | null;
  description: string;
}

export const emptySchoolInfo = (): SchoolInfoModel => ({ name: '', level: '', nature: '', address: '', principal: '', contactPerson: '', contactPhone: '', approvalNumber: '', establishedYear: null, description: '' });
