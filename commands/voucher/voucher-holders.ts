// What the voucher commands need from the read side (implemented in projections/voucher, wired in
// api/voucher/module.ts): which holders to visit for the daily expiry. The decision itself is made
// on each holder's stream, so a lagging read model can only delay an expiry by a day, never make
// a wrong one (and use at enrolment refuses a voucher past its last day regardless).
export interface VoucherHolders {
  /** People holding an unused voucher whose last day is before `today` (China date). */
  withActiveVouchersEndingBefore(today: string): Promise<string[]>;
}
