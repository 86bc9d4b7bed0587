// RFC 6238 TOTP through `otpauth`: 6 digits, 30-second steps, SHA-1 (what every authenticator app
// reads from a QR code), one step of clock drift either way.
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';

const ISSUER = '贵州省职业能力实名制系统';

const totpFor = (secret: string, label: string) => new TOTP({ issuer: ISSUER, label, algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) });

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export async function totpEnrollment(secret: string, username: string) {
  const uri = totpFor(secret, username).toString();
  return { secret, uri, qrSvg: await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 }) };
}

/** The time step the code belongs to, or undefined when it matches none within the drift window. */
export function matchTotp(secret: string, code: string, now = Date.now()): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  const delta = totpFor(secret, 'check').validate({ token: code, timestamp: now, window: 1 });
  if (delta === null) return undefined;
  return Math.floor(now / 30_000) + delta;
}

/** For tests and enrolment checks: the code of a secret at a time. */
export const totpCode = (secret: string, now = Date.now()) => totpFor(secret, 'check').generate({ timestamp: now });
