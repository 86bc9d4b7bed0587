// Where the national system's interface is, from the environment (NATIONAL_REGISTRY_URL, _APP_ID,
// _APP_SECRET, _TIMEOUT_MS). Without them the exchange is file-based only, and an attempt to send
// over HTTP says so (未接入) rather than pretend.
import { createSecretKey } from 'node:crypto';
import type { NationalRegistryEndpoint } from './http-national-registry';

export function loadNationalRegistryEndpoint(env: NodeJS.ProcessEnv = process.env): NationalRegistryEndpoint | undefined {
  const prefix = 'NATIONAL_REGISTRY';
  const baseUrl = env[`${prefix}_URL`];
  const appId = env[`${prefix}_APP_ID`];
  const secret = env[`${prefix}_APP_SECRET`];
  if (!baseUrl && !appId && !secret) return undefined;
  if (!baseUrl || !appId || !secret) throw new Error(`${prefix}_URL, ${prefix}_APP_ID and ${prefix}_APP_SECRET go together: set all three or none`);
  const url = new URL(baseUrl);
  // Clear ID numbers travel in these requests: plain http only to this machine (the stand-in).
  if (url.protocol !== 'https:' && !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) throw new Error(`${prefix}_URL must use https`);
  const timeout = env[`${prefix}_TIMEOUT_MS`];
  const timeoutMs = timeout ? Number(timeout) : 30_000;
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) throw new Error(`${prefix}_TIMEOUT_MS must be a positive integer, got "${timeout}"`);
  return { baseUrl, appId, appSecret: createSecretKey(Buffer.from(secret, 'utf8')), timeoutMs };
}
