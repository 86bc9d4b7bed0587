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

/**
 * Whether a tie gives its institution rights over the person (to see the record, change it,
 * submit it): an approved tie, or the pending tie of the institution that first entered a person
 * nobody has approved yet (its own draft). A tie requested for a person already on record
 * (a duplicate entry) grants nothing until it is approved: knowing an ID number must not open
 * someone else's approved record.
 */
export const grantsRights = (a: Affiliation) => a.status === 'approved' || (a.status === 'pending' && !a.duplicateEntry);

export const rightsHolders = (list: Affiliation[]) => list.filter(grantsRights).map((a) => a.institutionId);

export const holdsRights = (list: Affiliation[], institutionId: string | null) => list.some((a) => a.institutionId === institutionId && grantsRights(a));

/** Someone approved the person once: from then on their details change only by a reviewed request. */
export const everApproved = (list: Affiliation[]) => list.some((a) => a.status === 'approved');

/**
 * The institution whose supervising authorities review changes to the shared person: the first
 * approved tie (normally the institution that entered the person), else the first entrant.
 */
export const homeInstitution = (list: Affiliation[]): string | undefined =>
  list.find((a) => a.status === 'approved')?.institutionId ?? list.find((a) => !a.duplicateEntry)?.institutionId;
