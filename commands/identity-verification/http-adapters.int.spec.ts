// The real HTTP adapters over real HTTP against the stand-in built from CONTRACT.md: what they send
// (signed, and accepted by the stand-in's checks) and how each answer and failure comes back.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createSecretKey } from 'node:crypto';
import { startIdentityVerificationStandin, type IdentityVerificationStandin } from '../../testing/identity-verification-standin';
import { httpRealPersonVerifier, httpSocialSecurityCardPhotoSource, type ServiceEndpoint } from './http-adapters';
import { ExternalServiceError } from './identity-verification';

const APP_ID = 'gz-skills-test';
const SECRET = 'standin-secret-for-tests';
const CARD_PHOTO = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 0xff, 0xd9]);
const LIVE_MATCH = Buffer.from('live photo of the holder');

let standin: IdentityVerificationStandin;
let endpoint: ServiceEndpoint;

beforeAll(async () => {
  standin = await startIdentityVerificationStandin({
    appId: APP_ID,
    appSecret: SECRET,
    people: {
      '520102199001011234': { name: '张三', cardPhoto: CARD_PHOTO },
      '520102198505052345': { name: '李四' },
    },
    judge: (_id, photo) => (photo.equals(LIVE_MATCH) ? { result: 'PASS', similarity: 91.5 } : photo.length < 4 ? 'unusable' : { result: 'FAIL', similarity: 12 }),
  });
  endpoint = { baseUrl: standin.url, appId: APP_ID, appSecret: createSecretKey(Buffer.from(SECRET)), timeoutMs: 2_000 };
});

afterAll(() => standin.close());

const failureOf = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ExternalServiceError);
  return error as ExternalServiceError;
};

describe('社保卡照片 adapter', () => {
  const source = () => httpSocialSecurityCardPhotoSource(endpoint);

  it('returns the card photo, having sent a request the service accepts as signed', async () => {
    const found = await source().fetchPhoto({ idNumber: '520102199001011234', name: '张三' });
    expect(found?.photo.equals(CARD_PHOTO)).toBe(true);
    expect(found?.cardIssuedAt).toBe('2019-05-01');
    const sent = standin.requests.at(-1)!;
    expect(sent).toMatchObject({ path: '/sscard/v1/photo/query', answered: 200, body: { idNumber: '520102199001011234', name: '张三' } });
    expect(sent.headers['x-app-id']).toBe(APP_ID);
  });

  it('answers no photo for an unknown person and for a card without a photo', async () => {
    await expect(source().fetchPhoto({ idNumber: '520102199912319999', name: '王五' })).resolves.toBeUndefined();
    await expect(source().fetchPhoto({ idNumber: '520102198505052345', name: '李四' })).resolves.toBeUndefined();
  });

  it('reports a wrong secret as refused, a 500 as unavailable, a body that is no envelope as a protocol error', async () => {
    const wrongSecret = httpSocialSecurityCardPhotoSource({ ...endpoint, appSecret: createSecretKey(Buffer.from('not the secret')) });
    const refused = await failureOf(wrongSecret.fetchPhoto({ idNumber: '520102199001011234', name: '张三' }));
    expect(refused.failure).toBe('rejected');
    expect(refused.message).toBe('社保卡照片服务拒绝了请求，请联系系统管理员检查接入配置');
    expect(standin.requests.at(-1)!.answered).toBe(401);

    standin.fault = 'server-error';
    try {
      expect((await failureOf(source().fetchPhoto({ idNumber: '520102199001011234', name: '张三' }))).failure).toBe('unavailable');
      standin.fault = 'not-json';
      expect((await failureOf(source().fetchPhoto({ idNumber: '520102199001011234', name: '张三' }))).failure).toBe('protocol');
    } finally {
      standin.fault = 'none';
    }
  });

  it('gives up on a service that does not answer, as a timeout', async () => {
    standin.fault = 'hang';
    try {
      const quick = httpSocialSecurityCardPhotoSource({ ...endpoint, timeoutMs: 200 });
      const error = await failureOf(quick.fetchPhoto({ idNumber: '520102199001011234', name: '张三' }));
      expect(error.failure).toBe('timeout');
      expect(error.message).toBe('社保卡照片服务响应超时，请稍后重试');
    } finally {
      standin.fault = 'none';
    }
  });

  it('reports a service that cannot be reached as unavailable', async () => {
    const nowhere = httpSocialSecurityCardPhotoSource({ ...endpoint, baseUrl: 'http://127.0.0.1:1' });
    expect((await failureOf(nowhere.fetchPhoto({ idNumber: '520102199001011234', name: '张三' }))).failure).toBe('unavailable');
  });
});

describe('公安实人认证 adapter', () => {
  const verifier = () => httpRealPersonVerifier(endpoint);
  const person = { idNumber: '520102199001011234', name: '张三' };

  it('answers a match with the similarity on 0..1 and the transaction id, having sent the photo as base64', async () => {
    const check = await verifier().verify(person, LIVE_MATCH);
    expect(check).toEqual({ outcome: 'match', similarity: 0.915, transactionId: expect.stringMatching(/^ctid-/) });
    expect(standin.requests.at(-1)!.body).toMatchObject({ ...person, photo: LIVE_MATCH.toString('base64'), scene: 'training-attendance' });
  });

  it('answers no match, no record and an unusable photo as outcomes', async () => {
    await expect(verifier().verify(person, Buffer.from('somebody else entirely'))).resolves.toMatchObject({ outcome: 'no-match', similarity: 0.12 });
    await expect(verifier().verify({ idNumber: '520102199001011234', name: '张四' }, LIVE_MATCH)).resolves.toMatchObject({ outcome: 'no-record', message: '身份证号与姓名不匹配或无此人' });
    await expect(verifier().verify(person, Buffer.from([1]))).resolves.toMatchObject({ outcome: 'photo-unusable' });
  });

  it('reports a 500 as unavailable and a silent service as a timeout', async () => {
    standin.fault = 'server-error';
    try {
      const error = await failureOf(verifier().verify(person, LIVE_MATCH));
      expect([error.failure, error.message]).toEqual(['unavailable', '公安实人认证服务暂不可用，请稍后重试']);
      standin.fault = 'hang';
      expect((await failureOf(httpRealPersonVerifier({ ...endpoint, timeoutMs: 200 }).verify(person, LIVE_MATCH))).failure).toBe('timeout');
    } finally {
      standin.fault = 'none';
    }
  });
});
