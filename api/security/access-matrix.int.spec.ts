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
          const visible = VISIBLE[persona].includes(targetOrg);
          if (!body.errors) expect([query, visible || (body.data as { r: unknown }).r === null]).toEqual([query, true]);
          else expect([query, REFUSED.includes(body.errors[0]!.extensions.code)]).toEqual([query, true]);
          if (!inScope && !query.includes('user-')) {
            // Outside the scope an existing record answers exactly as a missing one does.
            const missing = await api.graphql(sessions[persona], query.replaceAll(foreignId, '00000000-0000-4000-8000-000000000000'));
            expect([query, body.data, body.errors]).toEqual([query, missing.data, missing.errors]);
          }
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
        const inScope = VISIBLE[persona].includes(ORGS.yunyanSchool);
        for (const [what, mutation] of mutations) {
          if (may(what)) continue;
          const error = (await api.graphql(sessions[persona], mutation)).errors?.[0];
          if (inScope) expect([what, error?.extensions.code]).toEqual([what, expect.stringMatching(/^(FORBIDDEN|RULE_VIOLATION)$/)]);
          // Out of scope: refused for a missing permission, or as missing; never with the record's state.
          else expect([what, error?.extensions.code === 'NOT_FOUND' ? error.message : error?.message.startsWith('您没有')]).toEqual([what, error?.extensions.code === 'NOT_FOUND' ? '记录不存在或不在您的数据权限范围内' : true]);
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

  describe('a pending or rejected link to an approved person grants nothing beyond the link', () => {
    const missing = { message: '记录不存在或不在您的数据权限范围内', extensions: { code: 'NOT_FOUND' } };
    const head = () => api.settled();
    const cases = [
      {
        module: 'trainee',
        enter: 'mutation($i: TraineeInput!) { r: enterTrainee(input: $i, submit: true) { id streamId } }',
        input: { name: '龙晓梅', idNumber: '520102199001011221', personCategory: 'graduate', phone: '13800138001' },
        detail: 'query($id: ID!) { r: trainee(id: $id) { name } }',
        list: '{ r: trainees(filter: { idNumber: "520102199001011221" }) { total } }',
        update: 'mutation($id: ID!) { r: updateTrainee(id: $id, input: { name: "冒名顶替", personCategory: "graduate" }) { revision } }',
      },
      {
        module: 'teacher',
        enter: 'mutation($i: TeacherInput!) { r: declareTeacher(input: $i, submit: true) { id streamId } }',
        input: { name: '吴刚', idNumber: '520102198001011235', fullTime: true, subjects: ['电工'], level: 'senior', trainingQualification: '', yearsTeaching: 10, trainingHistory: [] },
        detail: 'query($id: ID!) { r: teacher(id: $id) { name } }',
        list: '{ r: teachers(filter: { idNumber: "520102198001011235" }) { total } }',
        update: 'mutation($id: ID!) { r: updateTeacher(id: $id, input: { name: "冒名顶替", fullTime: true, subjects: ["电工"], level: "senior", trainingQualification: "", yearsTeaching: 40, trainingHistory: [] }) { revision } }',
      },
    ];
    for (const c of cases) {
      it(`${c.module}: another county's institution cannot read or rewrite an approved person by knowing the ID number`, async () => {
        const home = await api.graphql<{ r: { id: string; streamId: string } }>(sessions.nanmingSchool, c.enter, { i: c.input });
        expect(home.errors).toBeUndefined();
        const { id, streamId } = home.data!.r;
        expect((await api.graphql(sessions.nanmingReviewer, `mutation { approveReview(streamId: "${streamId}", opinion: "同意") { revision } }`, {}, await head())).errors).toBeUndefined();
        const linked = await api.graphql<{ r: { id: string } }>(sessions.yunyanSchool, c.enter, { i: c.input });
        expect(linked.data!.r.id).toBe(id);

        const refusesEverything = async (state: string) => {
          const after = await head();
          const before = (await api.platform.store.readStream(streamId)).length;
          const as = sessions.yunyanSchool;
          expect([state, (await api.graphql(as, c.detail, { id }, after)).data]).toEqual([state, { r: null }]);
          expect([state, (await api.graphql(as, c.list, {}, after)).data]).toEqual([state, { r: { total: 0 } }]);
          expect([state, (await api.graphql(as, `{ r: search(q: "${c.input.name}") { total } }`, {}, after)).data]).toEqual([state, { r: { total: 0 } }]);
          for (const query of [`{ r: timeline(streamId: "${streamId}") { chainValid } }`, `{ r: reviewHistory(streamId: "${streamId}") { action } }`, `{ r: recordState(streamId: "${streamId}") { revision } }`]) {
            expect([state, query, (await api.graphql(as, query, {}, after)).errors?.[0]]).toEqual([state, query, expect.objectContaining(missing)]);
          }
          expect([state, (await api.graphql(as, c.update, { id }, after)).errors?.[0]]).toEqual([state, expect.objectContaining(missing)]);
          expect([state, (await api.platform.store.readStream(streamId)).length]).toEqual([state, before]);
        };
        await refusesEverything('pending');
        // The reviewer of the pending link opens the record to decide it, and rejects it.
        expect((await api.graphql(sessions.yunyanReviewer, c.detail, { id }, await head())).data).toEqual({ r: { name: c.input.name } });
        expect((await api.graphql(sessions.yunyanReviewer, `mutation { rejectReview(streamId: "${streamId}", reason: "非本机构学员") { revision } }`, {}, await head())).errors).toBeUndefined();
        await refusesEverything('rejected');
        // The home institution still holds the approved person, and finds it (the searches above could have).
        expect((await api.graphql(sessions.nanmingSchool, c.detail, { id }, await head())).data).toEqual({ r: { name: c.input.name } });
        expect((await api.graphql(sessions.nanmingSchool, `{ r: search(q: "${c.input.name}") { total } }`, {}, await head())).data).toEqual({ r: { total: 1 } });
      });
    }
  });
});
