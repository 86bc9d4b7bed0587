// The trainee pages' types, derived from the generated GraphQL types.
import type { TraineeInput, TraineeQuery, TraineesQuery } from '@/graphql/generated';

export type TraineeRow = TraineesQuery['trainees']['items'][number];
export type TraineeRecord = NonNullable<TraineeQuery['trainee']>;

export interface TraineeFilters {
  keyword: string;
  idNumber: string;
  personCategory: string;
  reviewStatus: string;
  duplicateOnly: boolean;
}

export type TraineeFormModel = Required<Omit<TraineeInput, 'bankAccount'>> & { bankAccount: string };

export interface TraineeFormProps {
  mode: 'enter' | 'edit';
  id?: string;
  initial?: Partial<TraineeFormModel>;
  masked?: { idNumber: string; phone: string; bankAccount: string | null };
  canSubmit: boolean;
}

export interface TraineeFormResult {
  id: string;
}
