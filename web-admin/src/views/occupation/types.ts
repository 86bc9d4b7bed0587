// The occupation page's types, derived from the generated GraphQL types (never written twice).
import type { OccupationDetailsInput, OccupationQuery, OccupationsQuery } from '@/graphql/generated';

export type OccupationRow = OccupationsQuery['occupations']['items'][number];
export type OccupationRecord = NonNullable<OccupationQuery['occupation']>;
export type OccupationDetails = NonNullable<OccupationRecord['published']>;

/** The list's filters (useListState adds page and size). */
export interface OccupationFilters {
  keyword: string;
  level: string;
  reviewStatus: string;
}

/** The form's model: an `OccupationDetailsInput` whose number may still be empty while typing. */
export type OccupationFormModel = Omit<OccupationDetailsInput, 'hours' | 'scope'> & { hours: number | undefined; scope: string };

/** What the dialog is opened with: a new declaration, or an edit of an existing record. */
export interface OccupationFormProps {
  mode: 'declare' | 'edit';
  id?: string;
  initial?: Partial<OccupationFormModel>;
  /** Whether the user may submit for review at once (review:submit). */
  canSubmit: boolean;
}

/** What the dialog resolves with when it saved. */
export interface OccupationFormResult {
  id: string;
  position: string | null;
  submitted: boolean;
}
