// The access matrix: for every role, and for records of an organisation outside its scope, every
// list query, every detail query and every mutation either returns only in-scope data or is
// refused, and a refused mutation leaves no event behind. The expected scopes are written out by
// hand here (an oracle independent of the data-scope code under test).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TEST_USERS, startApiHarness, type ApiHarness, type Session, type TestUser } from '../../testing/api-harness';
import { ORGS } from '../../testing/seed';

const ALL = Object.values(ORGS) as string[];
/** Organisations each persona may see. */
const VISIBLE: Record<TestUser, string[]> = {
  nanmingSchool: [ORGS.nanmingSchool],
  yunyanSchool: [ORGS.yunyanSchool],
  nanmingReviewer: [ORGS.nanming, ORGS.nanmingSchool],
  nanmingRegistrar: [ORGS.nanming, ORGS.nanmingSchool],
  yunyanReviewer: [ORGS.yunyan, ORGS.yunyanSchool],
  guiyangReviewer: [ORGS.guiyang, ORGS.nanming, ORGS.yunyan, ORGS.nanmingSchool, ORGS.yunyanSchool],
  zunyiReviewer: [ORGS.zunyi, ORGS.honghuagang],
  provinceSupervisor: ALL,
  systemAdmin: ALL,
  securityAdmin: ALL,
  auditAdmin: ALL,
};

const LISTS: { name: string; query: string; orgsOf: (data: Record<string, unknown>) => (string | null)[] }[] = [
  { name: 'occupations', query: '{ r: occupations(page: { pageSize: 200 }) { items { institutionId } } }', orgsOf: (d) => items(d).map((i) => i.institutionId as string) },
  { name: 'occupationCatalogue', query: '{ r: occupationCatalogue(page: { pageSize: 200 }) { items { institutionId } } }', orgsOf: (d) => items(d).map((i) => i.institutionId as string) },
  { name: 'reviewInbox', query: '{ r: reviewInbox(page: { pageSize: 200 }) { items { authorityId } } }', orgsOf: (d) => items(d).map((i) => i.authorityId as string) },
  { name: 'organizations', query: '{ r: organizations { id } }', orgsOf: (d) => (d.r as { id: string }[]).map((o) => o.id) },
  { name: 'users', query: '{ r: users(page: { pageSize: 200 }) { items { orgId } } }', orgsOf: (d) => items(d).map((i) => i.orgId as string) },
  { name: 'auditEvents', query: '{ r: auditEvents(page: { pageSize: 200 }) { items { actorOrgId } } }', orgsOf: (d) => items(d).map((i) => i.actorOrgId as string | null) },
  { name: 'securityLog', query: '{ r: securityLog(page: { pageSize: 200 }) { items { actorOrgId } } }', orgsOf: (d) => items(d).map((i) => i.actorOrgId as string | null) },
];
function items(d: Record<string, unknown>) {
  return (d.r as { items: Record<string, unknown>[] }).items;
}

const REFUSED = ['FORBIDDEN', 'NOT_FOUND'];

describe('access matrix: every role against records in and out of its scope', () => {
  let api: ApiHarness;
  const sessions = {} as Record<TestUser, Session>;
  let foreignId: string;
  let foreignStream: string;
  let foreignUserId: string;

  beforeAll(async () => {
    api = await startApiHarness();
    for (const user of Object.keys(TEST_USERS) as TestUser[]) sessions[user] = await api.login(user);
    // One record in each of two counties of Guiyang, both waiting at their county.
    const declare = 'mutation($n: String!) { declareOccupation(details: { code: "4-03-02-01", name: $n, level: "4", hours: 120 }, submit: true) { id streamId position } }';
    await api.graphql(sessions.nanmingSchool, declare, { n: '南明中式烹调师' });
    const foreign = await api.graphql<{ declareOccupation: { id: string; streamId: string; position: string } }>(sessions.yunyanSchool, declare, { n: '云岩中式烹调师' });
    foreignId = foreign.data!.declareOccupation.id;
    foreignStream = foreign.data!.declareOccupation.streamId;
    foreignUserId = api.userIds.yunyanReviewer;
    await api.platform.runner.waitFor(BigInt(foreign.data!.declareOccupation.position));
  });
  afterAll(async () => api.close());

  for (const persona of Object.keys(TEST_USERS) as TestUser[]) {
    describe(persona, () => {
      it('sees only organisations in its scope in every list, or is refused', async () => {
        for (const list of LISTS) {
          const body = await api.graphql(sessions[persona], list.query);
          if (body.errors) {
            expect([list.name, body.errors[0]!.extensions.code]).toEqual([list.name, 'FORBIDDEN']);
            continue;
          }
          const orgs = list.orgsOf(body.data as Record<string, unknown>);
          // System actions (seeding) carry no organisation; only the province may see them.
          const outside = orgs.filter((o) => (o === null ? VISIBLE[persona] !== ALL : !VISIBLE[persona].includes(o)));
          expect([list.name, outside]).toEqual([list.name, []]);
        }
      });

      it('opens the other county\'s record in detail only when it is in scope', async () => {
        const inScope = VISIBLE[persona].includes(ORGS.yunyanSchool);
        const details = [
          `{ r: occupation(id: "${foreignId}") { id } }`,
          `{ r: reviewHistory(streamId: "${foreignStream}") { action } }`,
          `{ r: timeline(streamId: "${foreignStream}") { chainValid } }`,
          `{ r: recordState(streamId: "${foreignStream}") { revision } }`,
          `{ r: timeline(streamId: "user-${foreignUserId}") { chainValid } }`,
        ];
        for (const query of details) {
          const body = await api.graphql(sessions[persona], query);
          const targetOrg = query.includes('user-') ? ORGS.yunyan : ORGS.yunyanSchool;
          if (!body.errors) expect([query, VISIBLE[persona].includes(targetOrg)]).toEqual([query, true]);
          else expect([query, REFUSED.includes(body.errors[0]!.extensions.code)]).toEqual([query, true]);
          if (!inScope && !query.includes('user-')) expect([query, body.errors?.[0]?.extensions.code]).toEqual([query, 'FORBIDDEN']);
        }
      });

      it('cannot change the other county\'s records or anyone outside its remit, and a refusal leaves no event', async () => {
        const may = (what: string) =>
          (persona === 'yunyanSchool' && ['edit', 'withdraw'].includes(what)) || (persona === 'yunyanReviewer' && ['approve', 'return', 'reject'].includes(what));
        const mutations: [string, string][] = [
          ['edit', `mutation { r: editOccupation(id: "${foreignId}", details: { code: "4-03-02-01", name: "改名", level: "4", hours: 130 }) { revision } }`],
          ['submit', `mutation { r: submitForReview(streamId: "${foreignStream}") { revision } }`],
          ['approve', `mutation { r: approveReview(streamId: "${foreignStream}", opinion: "同意") { revision } }`],
          ['return', `mutation { r: returnReview(streamId: "${foreignStream}", reason: "退回") { revision } }`],
          ['reject', `mutation { r: rejectReview(streamId: "${foreignStream}", reason: "不同意") { revision } }`],
          ['withdraw', `mutation { r: withdrawReview(streamId: "${foreignStream}") { revision } }`],
        ];
        const before = (await api.platform.store.readStream(foreignStream)).length;
        for (const [what, mutation] of mutations) {
          if (may(what)) continue;
          const body = await api.graphql(sessions[persona], mutation);
          expect([what, body.errors?.[0]?.extensions.code]).toEqual([what, expect.stringMatching(/^(FORBIDDEN|NOT_FOUND|RULE_VIOLATION)$/)]);
        }
        expect((await api.platform.store.readStream(foreignStream)).length).toBe(before);

        const adminMutations: [string, string, TestUser[]][] = [
          ['createUser', `mutation { r: createUser(input: { username: "m.${persona.toLowerCase()}", displayName: "x", orgId: "${ORGS.yunyan}", roles: ["reviewer"] }) { oneTimePassword } }`, ['systemAdmin']],
          ['resetUserPassword', `mutation { r: resetUserPassword(userId: "${foreignUserId}") { oneTimePassword } }`, ['systemAdmin']],
          ['changeUserRoles', `mutation { r: changeUserRoles(userId: "${foreignUserId}", roles: ["reviewer"]) { revision } }`, ['securityAdmin']],
          ['resetUserTotp', `mutation { r: resetUserTotp(userId: "${foreignUserId}") { revision } }`, ['securityAdmin']],
          ['defineRole', 'mutation { r: defineRole(name: "matrix_role", input: { label: "测试", duty: "business", permissions: ["occupation:read"], dataScope: "org", requiresSecondFactor: false }) { revision } }', ['securityAdmin']],
          ['setSecurityPolicy', 'mutation { r: setSecurityPolicy(input: { minLength: 8, minCharacterClasses: 3, maxAgeDays: 90, historySize: 5, maxFailedAttempts: 5, lockMinutes: 30, idleMinutes: 30 }) { revision } }', ['securityAdmin']],
        ];
        const userEvents = (await api.platform.store.readStream(`user-${foreignUserId}`)).length;
        for (const [what, mutation, allowed] of adminMutations) {
          if (allowed.includes(persona)) continue;
          const body = await api.graphql(sessions[persona], mutation);
          expect([what, body.errors?.[0]?.extensions.code]).toEqual([what, 'FORBIDDEN']);
        }
        expect((await api.platform.store.readStream(`user-${foreignUserId}`)).length).toBe(userEvents);
      });
    });
  }
});
