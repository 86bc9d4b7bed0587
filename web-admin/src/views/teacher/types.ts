// The teacher pages' types, derived from the generated GraphQL types.
import type { TeacherInput, TeacherQuery, TeachersQuery } from '@/graphql/generated';

export type TeacherRow = TeachersQuery['teachers']['items'][number];
export type TeacherRecord = NonNullable<TeacherQuery['teacher']>;

export interface TeacherFilters {
  keyword: string;
  idNumber: string;
  level: string;
  tier: string;
  /** '' all, 'yes' certified, 'no' not yet. */
  qualified: '' | 'yes' | 'no';
  includeRevoked: boolean;
}

export interface TrainingHistoryModel {
  from: string;
  to: string;
  content: string;
  organiser: string;
}

export type TeacherFormModel = Omit<Required<TeacherInput>, 'idNumber' | 'trainingQualification' | 'trainingHistory'> & {
  /** Empty in an edit: unchanged. */
  idNumber: string;
  trainingQualification: string;
  trainingHistory: TrainingHistoryModel[];
};

export interface TeacherFormProps {
  mode: 'declare' | 'edit';
  id?: string;
  initial?: Partial<TeacherFormModel>;
  /** The masked ID number of the record being edited. */
  maskedIdNumber?: string;
  canSubmit: boolean;
}

export interface TeacherFormResult {
  id: string;
}

export type TeacherManageMode = 'certify' | 'tier' | 'revoke';

/**
 * The teacher levels and pool tiers the server accepts (domain/teacher/teacher-input.ts). The
 * server offers no dictionary for them (rows carry `levelLabel` and `tierLabel`, which the pages
 * show); these lists only feed the filter and form selects.
 */
export const TEACHER_LEVEL_OPTIONS = [
  { value: 'junior', label: '初级' },
  { value: 'intermediate', label: '中级' },
  { value: 'senior', label: '高级' },
] as const;

export const POOL_TIER_OPTIONS = [
  { value: 'county', label: '区县级师资库' },
  { value: 'city', label: '市州级师资库' },
  { value: 'province', label: '省级师资库' },
] as const;
