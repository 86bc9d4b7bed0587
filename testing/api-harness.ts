// A real API server for tests: a fresh database, the whole platform, Express on a free port,
// the test organisation tree and one user per role.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pactum from 'pactum';
import { pino } from 'pino';
import { loadConfig } from '../api/config';
import { createApp } from '../api/http/app';
import { createPlatform, type Platform } from '../api/platform';
import type { Role } from '../domain/identity/roles';
import { createTestDatabase, type TestDatabase } from './database';
import { ORGS, seedTestOrganizations, systemRequest } from './seed';

export const TEST_USERS = {
  nanmingSchool: { orgId: ORGS.nanmingSchool, roles: ['institution_operator'] as Role[] },
  yunyanSchool: { orgId: ORGS.yunyanSchool, roles: ['institution_operator'] as Role[] },
  nanmingReviewer: { orgId: ORGS.nanming, roles: ['reviewer'] as Role[] },
  yunyanReviewer: { orgId: ORGS.yunyan, roles: ['reviewer'] as Role[] },
  guiyangReviewer: { orgId: ORGS.guiyang, roles: ['reviewer'] as Role[] },
  zunyiReviewer: { orgId: ORGS.zunyi, roles: ['reviewer'] as Role[] },
  provinceAuditor: { orgId: ORGS.province, roles: ['auditor'] as Role[] },
} as const;
export type TestUser = keyof typeof TEST_USERS;

export interface Session {
  cookie: string;
  csrf: string;
}

export interface ApiHarness {
  url: string;
  platform: Platform;
  passwords: Record<TestUser, string>;
  userIds: Record<TestUser, string>;
  login(user: TestUser): Promise<Session>;
  /** POST /graphql as a logged-in user; returns the parsed body. */
  graphql<T = Record<string, unknown>>(session: Session, query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<{ data?: T; errors?: { message: string; extensions: { code: string; fields?: { field: string; message: string }[] } }[] }>;
  close(): Promise<void>;
}

export async function startApiHarness(): Promise<ApiHarness> {
  const db: TestDatabase = await createTestDatabase();
  const platform = await createPlatform({ databaseUrl: db.url });
  const config = { ...loadConfig({}), port: 0 };
  const { app, stop } = await createApp(platform, config, pino({ level: 'silent' }));
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  await seedTestOrganizations(platform.store);
  const passwords = {} as Record<TestUser, string>;
  const userIds = {} as Record<TestUser, string>;
  let last = 0n;
  for (const [name, spec] of Object.entries(TEST_USERS) as [TestUser, (typeof TEST_USERS)[TestUser]][]) {
    passwords[name] = `Pw-${randomBytes(9).toString('base64url')}`;
    userIds[name] = randomUUID();
    const result = await platform.commands.users.create(
      userIds[name],
      { username: name.toLowerCase(), displayName: name, orgId: spec.orgId, roles: [...spec.roles] },
      passwords[name],
      systemRequest(),
    );
    last = result.position ?? last;
  }
  if (!(await platform.runner.waitFor(last, undefined, 15_000))) throw new Error('projections did not catch up');

  const login = async (user: TestUser): Promise<Session> => {
    const response = await pactum.spec().post(`${url}/auth/login`).withJson({ username: user.toLowerCase(), password: passwords[user] }).expectStatus(200).toss();
    const cookies = ([] as string[]).concat(response.headers['set-cookie'] ?? []);
    const cookie = cookies.map((c) => c.split(';')[0]).join('; ');
    return { cookie, csrf: (response.json as { data: { csrfToken: string } }).data.csrfToken };
  };

  return {
    url,
    platform,
    passwords,
    userIds,
    login,
    async graphql(session, query, variables = {}, headers = {}) {
      const response = await pactum
        .spec()
        .post(`${url}/graphql`)
        .withHeaders({ cookie: session.cookie, 'x-csrf-token': session.csrf, ...headers })
        .withJson({ query, variables })
        .toss();
      return response.json;
    },
    async close() {
      await new Promise((r) => server.close(r));
      await stop();
      await platform.close();
      await db.drop();
    },
  };
}
