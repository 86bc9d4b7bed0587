// Where the two identity services are, from the environment like every other setting. A service
// without its URL, app id and secret is not connected: its port is absent and callers say so
// (未接入) rather than pretend. Secrets become KeyObjects at once, so a logged config shows none.
import { createSecretKey } from 'node:crypto';
import type { ServiceEndpoint } from './http-adapters';

export interface IdentityVerificationEndpoints {
  socialSecurityCardPhoto?: ServiceEndpoint;
  realPersonCheck?: ServiceEndpoint;
}

function endpoint(env: NodeJS.ProcessEnv, prefix: string): ServiceEndpoint | undefined {
  const baseUrl = env[`${prefix}_URL`];
  const appId = env[`${prefix}_APP_ID`];
  const secret = env[`${prefix}_APP_SECRET`];
  if (!baseUrl && !appId && !secret) return undefined;
  if (!baseUrl || !appId || !secret) throw new Error(`${prefix}_URL, ${prefix}_APP_ID and ${prefix}_APP_SECRET go together: set all three or none`);
  const url = new URL(baseUrl);
  // Personal data and photos travel in these requests: plain http only to this machine (stand-ins).
  if (url.protocol !== 'https:' && !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) throw new Error(`${prefix}_URL must use https`);
  const timeout = env[`${prefix}_TIMEOUT_MS`];
  const timeoutMs = timeout ? Number(timeout) : 10_000;
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) throw new Error(`${prefix}_TIMEOUT_MS must be a positive integer, got "${timeout}"`);
  return { baseUrl, appId, appSecret: createSecretKey(Buffer.from(secret, 'utf8')), timeoutMs };
}

export function loadIdentityVerificationEndpoints(env: NodeJS.ProcessEnv = process.env): IdentityVerificationEndpoints {
  const socialSecurityCardPhoto = endpoint(env, 'SSCARD_PHOTO');
  const realPersonCheck = endpoint(env, 'REAL_PERSON_CHECK');
  return { ...(socialSecurityCardPhoto ? { socialSecurityCardPhoto } : {}), ...(realPersonCheck ? { realPersonCheck } : {}) };
}
