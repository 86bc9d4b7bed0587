import type { SchoolTeachersQuery } from '@/graphql/generated';

export type SchoolTeacherRow = SchoolTeachersQuery['schoolTeachers']['items'][number];

export interface SchoolTeacherFilters {
  keyword: string;
  idNumber: string;
  field: string;
  title: string;
  employment: string;
  includeRemoved: boolean;
}

export interface SchoolTeacherFormModel {
  name: string;
  idNumber: string;
  phone: string;
  majorId: string;
  field: string;
  title: string;
  education: string;
  employment: string;
  hiredOn: string;
  note: string;
}
