// The institution pages' types, derived from the generated GraphQL types.
import type { InstitutionInput, InstitutionQuery, InstitutionsQuery } from '@/graphql/generated';

export type InstitutionRow = InstitutionsQuery['institutions']['items'][number];
export type InstitutionRecord = NonNullable<InstitutionQuery['institution']>;
export type InstitutionDetails = NonNullable<InstitutionRecord['effective']>;

export interface InstitutionFilters {
  keyword: string;
  lifecycle: string;
  nature: string;
  supervisingAuthorityId: string;
  validBefore: string;
}

/** The form's model: an InstitutionInput whose numbers may be empty while typing. */
export type InstitutionFormModel = Omit<InstitutionInput, 'scale' | 'floorArea' | 'categoryTags' | 'documents' | 'occupationScope'> & {
  scale: number | undefined;
  floorArea: number | undefined;
  categoryTags: string[];
  occupationScope: { code: string; name: string }[];
  documents: { fileId: string; name: string; kind: string }[];
};

export interface InstitutionFormProps {
  mode: 'register' | 'edit';
  id?: string;
  initial?: Partial<InstitutionFormModel>;
  /** Masked values of the personal data in force, shown as hints when editing (they must be entered again). */
  masked?: { legalPersonIdNumber: string; phone: string; bankAccount: string };
  canSubmit: boolean;
}

export interface InstitutionFormResult {
  id: string;
  submitted: boolean;
}
