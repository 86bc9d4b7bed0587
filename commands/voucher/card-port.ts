// Loading a training voucher onto the holder's electronic social-security card (电子社保卡): a port
// with two adapters. The embedded one (a fresh clone, `npm start` without SSCARD_VOUCHER_URL) keeps
// nothing outside this system and answers with a reference derived from the voucher id, so the
// console shows the voucher as loaded locally and says so (`embedded`); the HTTP one speaks
// CONTRACT.md to the card platform and was tested only against testing/sscard-voucher-standin.ts.
import { createHash } from 'node:crypto';

export interface CardVoucherLoad {
  /** The idempotency key at the card platform: a repeated load of one voucher loads it once. */
  voucherId: string;
  voucherNo: string;
  /** Clear ID number and name: the card platform finds the card by them (sent only to it). */
  idNumber: string;
  name: string;
  kind: 'face_value' | 'discount';
  faceValueFen: number | null;
  discountPercent: number | null;
  validFrom: string;
  validUntil: string;
  issuerName: string;
}

/** The card platform refused the load for a reason a person can act on (no card, card frozen ...). */
export class CardLoadRefused extends Error {
  constructor(readonly reasonCode: string, message: string) {
    super(message);
    this.name = 'CardLoadRefused';
  }
}

/** Withdrawing a cancelled or expired voucher from the card (撤销): the voucher id is the idempotency key. */
export interface CardVoucherWithdrawal {
  voucherId: string;
  voucherNo: string;
  idNumber: string;
  name: string;
  /** 作废 or 过期, and why: the card platform shows it to the holder. */
  reason: string;
}

export interface SocialSecurityCardVouchers {
  /** Which adapter answers: 'embedded' (no card platform connected) or 'http'. */
  readonly kind: 'embedded' | 'http';
  /** Loads the voucher onto the card; answers the platform's reference. Throws CardLoadRefused, or any other error when the platform could not be asked. */
  load(voucher: CardVoucherLoad): Promise<{ cardRef: string }>;
  /**
   * Withdraws the voucher from the card; answers the platform's reference, or null when the card
   * held nothing to withdraw (never loaded). A repeat answers as the first. Throws CardLoadRefused
   * for a reason a person can act on, or any other error when the platform could not be asked.
   */
  withdraw(voucher: CardVoucherWithdrawal): Promise<{ withdrawalRef: string | null }>;
}

export function embeddedCardVouchers(): SocialSecurityCardVouchers {
  return {
    kind: 'embedded',
    load: async (voucher) => ({ cardRef: `local-${createHash('sha256').update(voucher.voucherId).digest('hex').slice(0, 16)}` }),
    // Nothing left the system on load, so nothing is withdrawn elsewhere; the reference says it was local.
    withdraw: async (voucher) => ({ withdrawalRef: `local-withdrawn-${createHash('sha256').update(voucher.voucherId).digest('hex').slice(0, 16)}` }),
  };
}
