// The funds the daily reconciliation goes through (implemented in projections/fund/fund-list.ts,
// wired in api/platform-directories.ts).
export interface FundList {
  fundIds(): Promise<string[]>;
}
