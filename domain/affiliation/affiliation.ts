// A person's ties to institutions (a trainee's enrolments, a teacher's engagements): one person,
// several institutions, each tie reviewed. The trainee and teacher modules share this one model.

export type AffiliationStatus = 'pending' | 'approved' | 'rejected';
export const AFFILIATION_STATUS_LABELS: Record<AffiliationStatus, string> = { pending: '待审核', approved: '已审核', rejected: '未通过' };

export interface Affiliation {
  institutionId: string;
  status: AffiliationStatus;
  /** Entered by this institution after another had entered the same person. */
  duplicateEntry: boolean;
}

/** An institution's tie, added as pending (replacing a rejected one). */
export const addAffiliation = (list: Affiliation[], institutionId: string, duplicateEntry: boolean): Affiliation[] => [
  ...list.filter((a) => a.institutionId !== institutionId),
  { institutionId, status: 'pending', duplicateEntry },
];

export const setAffiliationStatus = (list: Affiliation[], institutionId: string, status: AffiliationStatus): Affiliation[] =>
  list.map((a) => (a.institutionId === institutionId ? { ...a, status } : a));

export const pendingAffiliations = (list: Affiliation[]) => list.filter((a) => a.status === 'pending');

/** Whether an institution is tied to the person (pending or approved). */
export const isAffiliated = (list: Affiliation[], institutionId: string | null) => list.some((a) => a.institutionId === institutionId && a.status !== 'rejected');
