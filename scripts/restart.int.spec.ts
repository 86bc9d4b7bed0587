// A restart keeps the keys to the data (issue 10 §6). The platform is started as `npm start` starts
// it, with no key configured: the keys come from loadPlatformKeys on a data folder, the same call
// scripts/start.ts makes. It enters a trainee, enrols a reviewer's second factor (its seed is sealed
// with the personal-data key) and records a ledger digest the auditor keeps; it stops, starts again
// on the same database and data folder, and then must find the trainee by ID number, join a second
// entry of the same person to the same record, let the reviewer log in with the second factor,
// reveal the ID number through the audited path, and verify the kept digest with the published key.
// The first start, on a database that has never run, must log no error (issue 10 §8).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pactum from 'pactum';
import { pino } from 'pino';
import { loadConfig } from '../api/config';
import { createApp } from '../api/http/app';
import { createPlatform, type Platform } from '../api/platform';
import { totpCode } from '../commands/identity/totp';
import { startLedgerJob } from '../commands/ledger/ledger-job';
import type { DigestExport } from '../commands/ledger/formats';
import { verifyDigest } from '../commands/ledger/verify';
import { personalDataViewsStreamId } from '../domain/personal-data/personal-data-viewed';
import { createTestDatabase, type TestDatabase } from '../testing/database';
import { sessionFrom, type Session } from '../testing/api-harness';
import { ORGS, activateTestInstitution, seedTestOrganizations, systemRequest } from '../testing/seed';
import { freePort } from './embedded-postgres.mjs';
import { LOCAL_KEYS_FILE, loadPlatformKeys } from './platform-keys';
import { seedBuiltInRoles, seedRequest } from './reference-data';

const ID_NUMBER = '520102199805061224';
const person = { name: '欧阳娜娜', idNumber: ID_NUMBER, personCategory: 'rural_migrant', phone: '13800138000', bankAccount: '' };
const ENTER = 'mutation($i: TraineeInput!) { enterTrainee(input: $i) { id streamId position } }';
const PASSWORD = 'Restart-Test-2026';

interface Running {
  url: string;
  platform: Platform;
  recordDigest: () => Promise<unknown>;
  /** Log lines at level error or above. */
  errors: string[];
  /** What the key loading said. */
  said: string[];
  stop: () => Promise<void>;
}

/** What scripts/start.ts does with no key configured, minus the embedded server and the demo data. */
async function start(databaseUrl: string, dataDir: string): Promise<Running> {
  const errors: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void (JSON.parse(line).level >= 50 && errors.push(line)) });
  const said: string[] = [];
  const keys = loadPlatformKeys({ env: {}, dataDir, say: (message) => said.push(message) });
  const platform = await createPlatform({ databaseUrl, piiKeys: keys.piiKeys, ledgerSigner: keys.ledgerSigner, logger, filesDir: path.join(dataDir, 'files') });
  const ledgerJob = startLedgerJob({ store: platform.store, knex: platform.knex, signer: keys.ledgerSigner, logger });
  const port = await freePort();
  const { app, stop } = await createApp(platform, loadConfig({ PORT: String(port) }), logger);
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(port, '127.0.0.1', () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    platform,
    recordDigest: () => ledgerJob.recordDigest(),
    errors,
    said,
    async stop() {
      await ledgerJob.stop();
      await new Promise((r) => server.close(r));
      server.closeAllConnections();
      await stop();
      await platform.close();
    },
  };
}

async function login(url: string, username: string, totpSecret?: string): Promise<Session> {
  const first = await pactum.spec().post(`${url}/auth/login`).withJson({ username, password: PASSWORD }).toss();
  const body = first.json as { data?: { secondFactorRequired?: boolean; challenge?: string } };
  if (!body.data?.secondFactorRequired) return sessionFrom(first);
  if (!totpSecret) throw new Error(`${username} needs a second factor`);
  // The enrolment used the previous 30-second step; each code works once.
  const second = await pactum.spec().post(`${url}/auth/login/second-factor`).withJson({ challenge: body.data.challenge, code: totpCode(totpSecret) }).toss();
  return sessionFrom(second);
}

async function graphql<T>(url: string, session: Session, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const response = await pactum.spec().post(`${url}/graphql`).withHeaders({ cookie: session.cookie, 'x-csrf-token': session.csrf, ...headers }).withJson({ query, variables }).toss();
  return response.json as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
}

describe('a restart on the same data folder with no keys configured', () => {
  let db: TestDatabase;
  let dataDir: string;
  let second: Running | undefined;
  /** What the first start said about its keys and logged as errors (it is stopped by then). */
  let firstSaid: string[] = [];
  let firstErrors: string[] = [];
  let trainee: { id: string; streamId: string };
  let keptDigest: DigestExport;
  let reviewerSecret: string;

  beforeAll(async () => {
    // Not migrated: the first start meets the database as `npm start` does on a new data folder.
    db = await createTestDatabase({ migrate: false });
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'gz-restart-'));

    const first = await start(db.url, dataDir);
    const { platform } = first;
    const seeded = [await seedTestOrganizations(platform.store), await seedBuiltInRoles(platform), (await platform.commands.dictionaries.seed(seedRequest)) ?? 0n].reduce((a, b) => (a > b ? a : b));
    expect(await platform.runner.waitFor(seeded, undefined, 30_000)).toBe(true);
    await activateTestInstitution(platform, ORGS.nanmingSchool, '贵阳市南明区阳光职业技能培训学校', ORGS.nanming, ORGS.guiyang);
    await activateTestInstitution(platform, ORGS.yunyanSchool, '贵阳市云岩区金桥职业培训学校', ORGS.yunyan, ORGS.guiyang);
    const users = platform.commands.users;
    for (const [id, username, orgId, role] of [
      ['u-nanming-school', 'nanming_school', ORGS.nanmingSchool, 'institution_operator'],
      ['u-yunyan-school', 'yunyan_school', ORGS.yunyanSchool, 'institution_operator'],
      ['u-nanming-registrar', 'nanming_registrar', ORGS.nanming, 'authority_operator'],
    ] as const) {
      await users.create(id, { username, displayName: username, orgId, roles: [role] }, 'Once-Only-Pw-1a', systemRequest());
      await users.changeOwnPassword(id, 'Once-Only-Pw-1a', PASSWORD, systemRequest());
    }
    // The registrar's TOTP seed is stored sealed with the personal-data key.
    const enrollment = await users.beginTotpEnrollment('u-nanming-registrar');
    reviewerSecret = enrollment.secret;
    const enrolled = await users.confirmTotpEnrollment('u-nanming-registrar', totpCode(reviewerSecret, Date.now() - 30_000), systemRequest());
    expect(await platform.runner.waitFor(enrolled.position!, undefined, 30_000)).toBe(true);

    const school = await login(first.url, 'nanming_school');
    const entered = await graphql<{ enterTrainee: { id: string; streamId: string; position: string } }>(first.url, school, ENTER, { i: person });
    expect(entered.errors).toBeUndefined();
    trainee = entered.data!.enterTrainee;
    expect(await platform.runner.waitFor(BigInt(entered.data!.enterTrainee.position), undefined, 30_000)).toBe(true);

    // The auditor keeps a signed digest outside the system.
    await first.recordDigest();
    keptDigest = await platform.ledger.exportDigest((await platform.ledger.latestDigest())!);
    await first.stop();
    [firstSaid, firstErrors] = [first.said, first.errors];

    second = await start(db.url, dataDir);
  }, 180_000);

  afterAll(async () => {
    await second?.stop();
    await db?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('the first start, on a database that never ran, logs no error', () => {
    expect(firstErrors).toEqual([]);
  });

  it('the first start generated the keys once, owner-only, and said so; the restart said it used them', () => {
    const file = path.join(dataDir, LOCAL_KEYS_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toMatch(/^PII_ENCRYPTION_KEY=[0-9a-f]{32}$/m);
    expect(firstSaid.join('\n')).toContain(`已生成密钥并保存在 ${file}`);
    expect(second!.said.join('\n')).toContain(`使用 ${file} 中保存的密钥`);
  });

  it('finds the trainee by ID number, and a second entry of the same person joins the record', async () => {
    const school = await login(second!.url, 'nanming_school');
    const found = await graphql<{ trainees: { total: number; items: { id: string; idNumber: string }[] } }>(
      second!.url,
      school,
      'query($n: String!) { trainees(filter: { idNumber: $n }) { total items { id idNumber } } }',
      { n: ID_NUMBER },
    );
    expect(found.data!.trainees).toEqual({ total: 1, items: [{ id: trainee.id, idNumber: '520102********1224' }] });
    const other = await login(second!.url, 'yunyan_school');
    const again = await graphql<{ enterTrainee: { id: string } }>(second!.url, other, ENTER, { i: person });
    expect(again.errors).toBeUndefined();
    expect(again.data!.enterTrainee.id).toBe(trainee.id);
  });

  it('a reviewer logs in with the second factor enrolled before, and reveals the ID number, audited', async () => {
    const registrar = await login(second!.url, 'nanming_registrar', reviewerSecret);
    const revealed = await graphql<{ revealPersonalData: string }>(second!.url, registrar, 'mutation($s: String!) { revealPersonalData(streamId: $s, field: "idNumber", reason: "重启后核对身份") }', { s: trainee.streamId });
    expect(revealed.errors).toBeUndefined();
    expect(revealed.data!.revealPersonalData).toBe(ID_NUMBER);
    const views = await second!.platform.store.readStream(personalDataViewsStreamId(trainee.streamId));
    expect(views.map((e) => e.type)).toEqual(['PersonalDataViewed']);
  });

  it('a digest kept before the restart verifies with the key the platform publishes after it', async () => {
    // The restart's own events (logins, the view) make a new digest, signed by this process.
    await second!.recordDigest();
    expect((await second!.platform.ledger.latestDigest())!.treeSize).toBeGreaterThan(BigInt(keptDigest.treeSize));
    const published = await pactum.spec().get(`${second!.url}/ledger/public-key`).expectStatus(200).toss();
    expect(verifyDigest(keptDigest, String(published.body))).toMatchObject({ valid: true });
  });
});
