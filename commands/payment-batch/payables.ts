// The read side the payment batch starts from (implemented in projections/subsidy-application/payables.ts,
// wired in api/platform-directories.ts).
export interface PayableApplications {
  /** Ids of the fund's applications that look payable on `today` (China date); each is checked again on its stream. */
  payableApplications(fundId: string, today: string): Promise<string[]>;
}
