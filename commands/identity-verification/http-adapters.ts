// HTTP adapters of the identity-verification ports, speaking the contract of CONTRACT.md (our
// assumption of what the services publish): signed JSON requests with Node's fetch, a timeout on
// every call, each failure mapped to one ExternalServiceError kind. Tested against the stand-in in
// testing/identity-verification-standin.ts; not run against the live services.
import { createHash, createHmac, randomBytes, type KeyObject } from 'node:crypto';
import {
  ExternalServiceError,
  type PersonIdentity,
  type RealPersonCheck,
  type RealPersonVerifier,
  type SocialSecurityCardPhoto,
  type SocialSecurityCardPhotoSource,
} from './identity-verification';

export interface ServiceEndpoint {
  /** e.g. https://sscard.example.gov.cn/api (no trailing slash needed). */
  baseUrl: string;
  appId: string;
  /** The app secret as a KeyObject, so a logged configuration shows no key material. */
  appSecret: KeyObject;
  /** Give up after this long (default 10 s): a capture's matching is retried later, a person's enrolment is asked again. */
  timeoutMs?: number;
}

interface Envelope<T> {
  code: string;
  message: string;
  requestId?: string;
  data?: T;
}

/** The request signature of CONTRACT.md, exported for the stand-in to check with the same definition. */
export function signature(secret: KeyObject, appId: string, timestamp: string, nonce: string, path: string, body: string): string {
  const bodyHash = createHash('sm3').update(body, 'utf8').digest('hex');
  return createHmac('sm3', secret).update([appId, timestamp, nonce, path, bodyHash].join('\n')).digest('hex');
}

/** By name, not class: the abort arrives as a DOMException, which is no `Error` of another realm (jest's VM). */
const isTimeout = (error: unknown) => {
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'TimeoutError' || name === 'AbortError';
};

async function call<T>(service: string, endpoint: ServiceEndpoint, path: string, payload: object, businessCodes: readonly string[]): Promise<Envelope<T>> {
  const body = JSON.stringify(payload);
  const timestamp = String(Date.now());
  const nonce = randomBytes(16).toString('hex');
  const url = `${endpoint.baseUrl.replace(/\/+$/, '')}${path}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'x-app-id': endpoint.appId,
        'x-timestamp': timestamp,
        'x-nonce': nonce,
        'x-signature': signature(endpoint.appSecret, endpoint.appId, timestamp, nonce, new URL(url).pathname, body),
      },
      body,
      signal: AbortSignal.timeout(endpoint.timeoutMs ?? 10_000),
    });
  } catch (error) {
    if (isTimeout(error)) throw new ExternalServiceError(service, 'timeout', `no answer from ${path} within ${endpoint.timeoutMs ?? 10_000} ms`);
    throw new ExternalServiceError(service, 'unavailable', `${path}: ${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)}`);
  }
  let envelope: Envelope<T> | undefined;
  try {
    const parsed = (await response.json()) as unknown;
    if (parsed && typeof parsed === 'object' && typeof (parsed as Envelope<T>).code === 'string') envelope = parsed as Envelope<T>;
  } catch (error) {
    if (isTimeout(error)) throw new ExternalServiceError(service, 'timeout', `${path}: body not received in time`);
    // Not JSON: judged by the status below.
  }
  const code = envelope?.code ?? '-';
  if (response.status === 429 || response.status >= 500) throw new ExternalServiceError(service, 'unavailable', `${path}: HTTP ${response.status}, code ${code}`);
  if (response.status === 400 || response.status === 401 || response.status === 403) throw new ExternalServiceError(service, 'rejected', `${path}: HTTP ${response.status}, code ${code} ${envelope?.message ?? ''}`.trim());
  if (response.status !== 200 || !envelope) throw new ExternalServiceError(service, 'protocol', `${path}: HTTP ${response.status} without the envelope`);
  if (envelope.code !== '0000' && !businessCodes.includes(envelope.code)) throw new ExternalServiceError(service, 'protocol', `${path}: unknown code ${envelope.code}`);
  return envelope;
}

const SSCARD = '社保卡照片服务';
const REAL_PERSON = '公安实人认证服务';

export function httpSocialSecurityCardPhotoSource(endpoint: ServiceEndpoint): SocialSecurityCardPhotoSource {
  return {
    async fetchPhoto(person: PersonIdentity): Promise<SocialSecurityCardPhoto | undefined> {
      const answer = await call<{ photo?: unknown; photoFormat?: unknown; cardIssuedAt?: unknown }>(SSCARD, endpoint, '/sscard/v1/photo/query', { idNumber: person.idNumber, name: person.name }, ['2001', '2002']);
      if (answer.code !== '0000') return undefined;
      const data = answer.data;
      if (typeof data?.photo !== 'string' || !data.photo) throw new ExternalServiceError(SSCARD, 'protocol', 'success without a photo');
      const photo = Buffer.from(data.photo, 'base64');
      return { photo, ...(typeof data.cardIssuedAt === 'string' ? { cardIssuedAt: data.cardIssuedAt } : {}), requestId: answer.requestId ?? '' };
    },
  };
}

export function httpRealPersonVerifier(endpoint: ServiceEndpoint): RealPersonVerifier {
  return {
    async verify(person: PersonIdentity, photo: Uint8Array): Promise<RealPersonCheck> {
      const answer = await call<{ result?: unknown; similarity?: unknown; transactionId?: unknown }>(
        REAL_PERSON,
        endpoint,
        '/ctid/v1/real-person/verify',
        { idNumber: person.idNumber, name: person.name, photo: Buffer.from(photo).toString('base64'), scene: 'training-attendance' },
        ['3001', '3002'],
      );
      if (answer.code === '3001') return { outcome: 'no-record', message: answer.message, requestId: answer.requestId ?? '' };
      if (answer.code === '3002') return { outcome: 'photo-unusable', message: answer.message, requestId: answer.requestId ?? '' };
      const data = answer.data;
      const similarity = data?.similarity;
      if ((data?.result !== 'PASS' && data?.result !== 'FAIL') || typeof similarity !== 'number' || similarity < 0 || similarity > 100 || typeof data.transactionId !== 'string') {
        throw new ExternalServiceError(REAL_PERSON, 'protocol', 'success without result, similarity and transaction id');
      }
      return { outcome: data.result === 'PASS' ? 'match' : 'no-match', similarity: similarity / 100, transactionId: data.transactionId };
    },
  };
}
