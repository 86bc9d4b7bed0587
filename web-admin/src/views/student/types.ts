import type { StudentQuery, StudentsQuery } from '@/graphql/generated';

export type StudentRow = StudentsQuery['students']['items'][number];
export type StudentRecord = NonNullable<StudentQuery['student']>;

export interface StudentFilters {
  keyword: string;
  idNumber: string;
  status: string;
  reviewStatus: string;
  classType: string;
  povertyOnly: boolean;
  incomingTransfersOnly: boolean;
  /** 毕结业查询: how the student left, and the year. */
  leftAs: string;
  leftYear: string;
}

export interface RegistrationModel {
  name: string;
  idNumber: string;
  phone: string;
  householdType: string;
  povertyRegistered: boolean;
  education: string;
  previousSchool: string;
  address: string;
  /** 人员类别 (person_category code); '' for none. */
  personCategory: string;
  majorId: string;
  classType: string;
  studyMode: string;
  cohortYear: number;
  enrolledOn: string;
  studentNumber: string;
}
