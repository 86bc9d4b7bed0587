import type { EmploymentsQuery, GraduateTalentsQuery } from '@/graphql/generated';

export type EmploymentRow = EmploymentsQuery['employments']['items'][number];
export type TalentRow = GraduateTalentsQuery['graduateTalents']['items'][number];

export interface EmploymentFilters {
  keyword: string;
  destination: string;
  graduationYear: string;
}

export interface TalentFilters {
  keyword: string;
  idNumber: string;
  graduationYear: string;
  recorded: string;
}

export interface CertificateModel {
  occupation: string;
  level: string;
  number: string;
  issuedOn: string;
}

/** The form as typed: the monthly pay in yuan (sent as fen text, converted by string arithmetic). */
export interface EmploymentFormModel {
  destination: string;
  employer: string;
  position: string;
  employedOn: string;
  monthlyPayYuan: string;
  furtherStudySchool: string;
  certificates: CertificateModel[];
  note: string;
}
