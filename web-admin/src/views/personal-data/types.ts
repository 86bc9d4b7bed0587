/** What the reveal dialog is opened with: which record, which field, how it is called and shown now. */
export interface RevealProps {
  streamId: string;
  /** The record's field name on the server (legalPersonIdNumber, phone, bankAccount, idNumber). */
  field: string;
  label: string;
  masked: string;
}
