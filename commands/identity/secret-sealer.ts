import type { PiiCipher } from '../personal-data/pii-cipher';

/** Seals secrets (TOTP seeds) with the configured key before they reach the database. */
export interface SecretSealer {
  seal(plain: string): string;
  open(sealed: string): string;
}

/** The personal-data cipher, under its own context: a sealed seed cannot pass for another field. */
export const sealerFrom = (cipher: PiiCipher, context = 'user-credentials/totp'): SecretSealer => ({
  seal: (plain) => cipher.encrypt(plain, context),
  open: (sealed) => cipher.decrypt(sealed, context),
});
