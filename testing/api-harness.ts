// A real API server for tests: a fresh database, the whole platform, Express on a free port, the
// test organisation tree, the built-in roles and one user per test persona. Each user has changed
// the one-time password and, where the role requires it, enrolled TOTP, through the real commands.
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pactum from 'pactum';
import { pino } from 'pino';
import { loadConfig } from '../api/config';
import { createApp } from '../api/http/app';
import { createPlatform, type Platform } from '../api/platform';
import { totpCode } from '../commands/identity/totp';
import { signerFromPrivateKey } from '../commands/ledger/signing';
import { loadPiiKeys } from '../commands/personal-data/pii-cipher';
import { BUILT_IN_ROLES } from '../domain/identity/roles';
import { freePort } from '../scripts/embedded-postgres.mjs';
import { seedBuiltInRoles, seedRequest } from '../scripts/reference-data';
import { lastCommittedPosition } from './caught-up';
import { createTestDatabase, type TestDatabase } from './database';
import { ORGS, activateTestInstitution, seedTestOrganizations, systemRequest } from './seed';
import { waitUntil } from './wait-until';

// pactum gives up on a request after 3 s by default; a PDF or an export rendered while the two cores
// run other suites can take longer, and a test must fail on a wrong answer, not on a slow machine.
pactum.request.setDefaultTimeout(30_000);

export const TEST_USERS = {
  nanmingSchool: { orgId: ORGS.nanmingSchool, roles: ['institution_operator'] },
  yunyanSchool: { orgId: ORGS.yunyanSchool, roles: ['institution_operator'] },
  nanmingReviewer: { orgId: ORGS.nanming, roles: ['reviewer'] },
  nanmingRegistrar: { orgId: ORGS.nanming, roles: ['authority_operator'] },
  yunyanReviewer: { orgId: ORGS.yunyan, roles: ['reviewer'] },
  guiyangReviewer: { orgId: ORGS.guiyang, roles: ['reviewer'] },
  zunyiReviewer: { orgId: ORGS.zunyi, roles: ['reviewer'] },
  provinceSupervisor: { orgId: ORGS.province, roles: ['supervisor'] },
  systemAdmin: { orgId: ORGS.province, roles: ['system_admin'] },
  securityAdmin: { orgId: ORGS.province, roles: ['security_admin'] },
  auditAdmin: { orgId: ORGS.province, roles: ['audit_admin'] },
} as const;
export type TestUser = keyof typeof TEST_USERS;

export interface Session {
  cookie: string;
  csrf: string;
}

type GraphQLBody<T> = { data?: T; errors?: { message: string; extensions: { code: string; fields?: { field: string; message: string }[] } & Record<string, unknown> }[] };

export interface ApiHarness {
  url: string;
  platform: Platform;
  passwords: Record<TestUser, string>;
  userIds: Record<TestUser, string>;
  totpSecrets: Partial<Record<TestUser, string>>;
  /** Logs in with password and, when enrolled, a fresh TOTP code. */
  login(user: TestUser): Promise<Session>;
  /** A TOTP code for the user that has not been used yet. */
  nextTotp(user: TestUser): Promise<string>;
  /** POST /graphql as a logged-in user; returns the parsed body. */
  graphql<T = Record<string, unknown>>(session: Session, query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLBody<T>>;
  /**
   * Waits (up to 30 s, then fails) until every projection has reached what has been written so far,
   * and returns the read-after header for it: what another user does next sees those writes. A
   * bounded wait on the condition itself: the API's own read-after wait gives up after 5 s, which
   * a loaded test machine can exceed.
   */
  settled(): Promise<Record<string, string>>;
  close(): Promise<void>;
}

export const sessionFrom = (response: { statusCode?: number; headers: Record<string, unknown>; json: unknown }): Session => {
  const csrf = (response.json as { data?: { csrfToken?: string } } | undefined)?.data?.csrfToken;
  if (!csrf) throw new Error(`no session in the login answer (HTTP ${response.statusCode}): ${JSON.stringify(response.json)}`);
  const cookies = ([] as string[]).concat((response.headers['set-cookie'] as string[] | undefined) ?? []);
  return { cookie: cookies.map((c) => c.split(';')[0]).join('; '), csrf };
};

/**
 * A fresh login captcha and its answer, read from the server's table as only a test may: the image
 * is for people, and the answer never leaves the server otherwise.
 */
export async function solveCaptcha(url: string, platform: Pick<Platform, 'knex'>): Promise<{ captchaId: string; captchaCode: string }> {
  const issued = await pactum.spec().post(`${url}/auth/captcha`).expectStatus(200).toss();
  const { captchaId } = (issued.json as { data: { captchaId: string } }).data;
  const row = (await platform.knex('login_captchas').where({ id: captchaId }).first('answer')) as { answer: string };
  return { captchaId, captchaCode: row.answer };
}

/** `env` gives extra configuration (as environment variables) once the server's address is known. */
export async function startApiHarness(options: { env?: (url: string) => Record<string, string>; piiEnv?: NodeJS.ProcessEnv } = {}): Promise<ApiHarness> {
  const db: TestDatabase = await createTestDatabase();
  // Each harness its own file store (a test that sets DATA_DIR looks into it): blobs are shared by
  // content hash, and each harness has its own keys, so a blob another run stored under its key
  // would be unreadable here.
  const ownDir = process.env.DATA_DIR ? undefined : mkdtempSync(path.join(tmpdir(), 'gz-files-'));
  const filesDir = ownDir ?? path.join(path.resolve(process.env.DATA_DIR!), 'files');
  const platform = await createPlatform({ databaseUrl: db.url, filesDir, piiKeys: loadPiiKeys(options.piiEnv ?? {}, () => undefined), ledgerSigner: signerFromPrivateKey(generateKeyPairSync('ed25519').privateKey, { keyId: 'test-ledger-key' }) });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const { app, stop } = await createApp(platform, loadConfig({ PORT: String(port), ...options.env?.(url) }), pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }));
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(port, '127.0.0.1', () => resolve(s));
  });

  const seeded = [await seedTestOrganizations(platform.store), await seedBuiltInRoles(platform), (await platform.commands.dictionaries.seed(seedRequest)) ?? 0n].reduce((a, b) => (a > b ? a : b));
  if (!(await platform.runner.waitFor(seeded, undefined, 15_000))) throw new Error('projections did not catch up');
  // The two test schools become effective institutions the way production makes them.
  await activateTestInstitution(platform, ORGS.nanmingSchool, '贵阳市南明区阳光职业技能培训学校', ORGS.nanming, ORGS.guiyang);
  await activateTestInstitution(platform, ORGS.yunyanSchool, '贵阳市云岩区金桥职业培训学校', ORGS.yunyan, ORGS.guiyang);

  const passwords = {} as Record<TestUser, string>;
  const userIds = {} as Record<TestUser, string>;
  const totpSecrets: Partial<Record<TestUser, string>> = {};
  const lastStep = new Map<TestUser, number>();
  const users = platform.commands.users;
  let last = 0n;
  for (const [name, spec] of Object.entries(TEST_USERS) as [TestUser, (typeof TEST_USERS)[TestUser]][]) {
    const oneTime = `Once-${randomBytes(9).toString('base64url')}1a`;
    passwords[name] = `Pw-${randomBytes(9).toString('base64url')}9Z`;
    userIds[name] = randomUUID();
    await users.create(userIds[name], { username: name.toLowerCase(), displayName: name, orgId: spec.orgId, roles: [...spec.roles] }, oneTime, systemRequest());
    const changed = await users.changeOwnPassword(userIds[name], oneTime, passwords[name], systemRequest());
    last = changed.position ?? last;
    if (BUILT_IN_ROLES.some((r) => r.requiresSecondFactor && (spec.roles as readonly string[]).includes(r.name))) {
      const enrollment = await users.beginTotpEnrollment(userIds[name]);
      const step = Math.floor(Date.now() / 30_000);
      const enrolled = await users.confirmTotpEnrollment(userIds[name], totpCode(enrollment.secret), systemRequest());
      totpSecrets[name] = enrollment.secret;
      lastStep.set(name, step);
      last = enrolled.position ?? last;
    }
  }
  if (!(await platform.runner.waitFor(last, undefined, 15_000))) throw new Error('projections did not catch up');

  // Each TOTP code works once; the server accepts the previous, current and next 30-second step.
  const nextTotp = async (user: TestUser) => {
    const secret = totpSecrets[user];
    if (!secret) throw new Error(`${user} has no TOTP`);
    const unusedStep = (now: number) => Math.max(now - 1, (lastStep.get(user) ?? now - 2) + 1);
    // When every step the server accepts now has been used, the clock opens the next within one step.
    const now = await waitUntil(
      () => Math.floor(Date.now() / 30_000),
      (current) => unusedStep(current) <= current + 1,
      { what: `a TOTP step ${user} has not used yet`, timeoutMs: 35_000, intervalMs: 250 },
    );
    const step = unusedStep(now);
    lastStep.set(user, step);
    return totpCode(secret, step * 30_000 + 1000);
  };

  const login = async (user: TestUser): Promise<Session> => {
    const credentials = { username: user.toLowerCase(), password: passwords[user] };
    let first = await pactum.spec().post(`${url}/auth/login`).withJson(credentials).toss();
    // After failed logins from this address (tests fail on purpose) the login asks for the captcha.
    if ((first.json as { errors?: { extensions: { code: string } }[] }).errors?.[0]?.extensions.code === 'CAPTCHA_REQUIRED') {
      first = await pactum.spec().post(`${url}/auth/login`).withJson({ ...credentials, ...(await solveCaptcha(url, platform)) }).toss();
    }
    if (first.statusCode !== 200) throw new Error(`${user} could not log in (HTTP ${first.statusCode}): ${JSON.stringify(first.json)}`);
    const body = first.json as { data: { secondFactorRequired?: boolean; challenge?: string } };
    if (!body.data.secondFactorRequired) return sessionFrom(first);
    const second = await pactum.spec().post(`${url}/auth/login/second-factor`).withJson({ challenge: body.data.challenge, code: await nextTotp(user) }).expectStatus(200).toss();
    return sessionFrom(second);
  };

  return {
    url,
    platform,
    passwords,
    userIds,
    totpSecrets,
    login,
    nextTotp,
    async graphql(session, query, variables = {}, headers = {}) {
      const response = await pactum.spec().post(`${url}/graphql`).withHeaders({ cookie: session.cookie, 'x-csrf-token': session.csrf, ...headers }).withJson({ query, variables }).toss();
      return response.json;
    },
    async settled() {
      const head = await lastCommittedPosition(platform);
      if (!(await platform.runner.waitFor(head, undefined, 30_000))) throw new Error(`projections did not reach position ${head} within 30 s`);
      return { 'x-read-after-position': head.toString() };
    },
    async close() {
      await new Promise((r) => server.close(r));
      await stop();
      await platform.close();
      await db.drop();
      if (ownDir) rmSync(ownDir, { recursive: true, force: true });
    },
  };
}
