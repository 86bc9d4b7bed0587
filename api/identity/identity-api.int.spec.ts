// Authentication and administration over real HTTP: first-login password change, the second
// factor, lockout, idle timeout, the policy, and the separation of the three administrators.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pactum from 'pactum';
import { totpCode } from '../../commands/identity/totp';
import { ORGS } from '../../testing/seed';
import { sessionFrom, solveCaptcha, startApiHarness, type ApiHarness, type Session } from '../../testing/api-harness';

const CREATE_USER = `mutation($input: UserInput!) { createUser(input: $input) { oneTimePassword result { id position } } }`;
const CHANGE_PASSWORD = `mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) { revision } }`;

describe('identity and access (GraphQL and /auth over real HTTP)', () => {
  let api: ApiHarness;
  let sysadmin: Session;
  let secadmin: Session;
  let auditadmin: Session;

  beforeAll(async () => {
    api = await startApiHarness();
    [sysadmin, secadmin, auditadmin] = await Promise.all([api.login('systemAdmin'), api.login('securityAdmin'), api.login('auditAdmin')]);
  });
  afterAll(async () => api.close());

  // After two failures the login asks for the image captcha (api/auth/captcha.ts): solved as a person
  // would, as soon as an answer says the next attempt needs one (logins are rate-limited per address).
  let captchaNext = false;
  const loginRaw = async (username: string, password: string) => {
    const answer = await pactum.spec().post(`${api.url}/auth/login`).withJson({ username, password, ...(captchaNext ? await solveCaptcha(api.url, api.platform) : {}) }).toss();
    captchaNext = (answer.json as { errors?: { extensions: { captchaRequired?: boolean } }[] }).errors?.[0]?.extensions.captchaRequired === true;
    return answer;
  };
  const userEvents = async (userId: string) => (await api.platform.store.readStream(`user-${userId}`)).map((e) => e.type);

  async function newUser(username: string, roles: string[], orgId: string = ORGS.nanming) {
    const body = await api.graphql<{ createUser: { oneTimePassword: string; result: { id: string; position: string } } }>(sysadmin, CREATE_USER, { input: { username, displayName: username, orgId, roles } });
    expect(body.errors).toBeUndefined();
    // Login finds the user in the read model: wait for it, as a new user would wait for the e-mail.
    expect(await api.platform.runner.waitFor(BigInt(body.data!.createUser.result.position), undefined, 15_000)).toBe(true);
    return { id: body.data!.createUser.result.id, password: body.data!.createUser.oneTimePassword };
  }

  describe('first login', () => {
    it('forces a password change before anything else, under the policy, without reusing the one-time password', async () => {
      const user = await newUser('operator.first', ['institution_operator'], ORGS.nanmingSchool);
      const response = await loginRaw('operator.first', user.password);
      expect(response.statusCode).toBe(200);
      expect((response.json as { data: { restriction: string } }).data.restriction).toBe('change_password');
      const session = sessionFrom(response);

      const blocked = await api.graphql(session, '{ occupations { total } }');
      expect(blocked.errors![0]).toMatchObject({ message: '请先修改密码（首次登录或密码已过期）', extensions: { code: 'FORBIDDEN' } });
      const me = await api.graphql<{ me: { restriction: string } }>(session, '{ me { restriction } }');
      expect(me.data!.me.restriction).toBe('change_password');

      const weak = await api.graphql(session, CHANGE_PASSWORD, { c: user.password, n: 'abcdefgh' });
      expect(weak.errors![0]!.extensions.code).toBe('BAD_USER_INPUT');
      expect(weak.errors![0]!.extensions.fields).toEqual([{ field: 'newPassword', message: '密码须包含小写字母、大写字母、数字、特殊字符中的至少3类' }]);
      const reused = await api.graphql(session, CHANGE_PASSWORD, { c: user.password, n: user.password });
      expect(reused.errors![0]!.extensions.fields).toEqual([{ field: 'newPassword', message: '不能使用最近5次用过的密码' }]);
      const wrongCurrent = await api.graphql(session, CHANGE_PASSWORD, { c: 'Wrong-pass1', n: 'Better-Pass-42' });
      expect(wrongCurrent.errors![0]!.extensions.fields).toEqual([{ field: 'currentPassword', message: '当前密码不正确' }]);

      expect((await api.graphql(session, CHANGE_PASSWORD, { c: user.password, n: 'Better-Pass-42' })).errors).toBeUndefined();
      const after = await api.graphql<{ occupations: { total: number } }>(session, '{ occupations { total } }');
      expect(after.errors).toBeUndefined();
      expect(await userEvents(user.id)).toEqual(['UserCreated', 'UserPasswordSet', 'UserLoggedIn', 'UserPasswordSet']);
    });
  });

  describe('second factor', () => {
    it('makes a reviewer enrol TOTP, then asks for a code at every login, and refuses a wrong or replayed code', async () => {
      const user = await newUser('reviewer.totp', ['reviewer']);
      let session = sessionFrom(await loginRaw('reviewer.totp', user.password));
      await api.graphql(session, CHANGE_PASSWORD, { c: user.password, n: 'Reviewer-Pass-7' });
      const me = await api.graphql<{ me: { restriction: string } }>(session, '{ me { restriction } }');
      expect(me.data!.me.restriction).toBe('enroll_totp');
      expect((await api.graphql(session, '{ reviewInboxCount }')).errors![0]!.message).toBe('请先绑定双因素认证（动态验证码）');

      const enrollment = await api.graphql<{ beginTotpEnrollment: { secret: string; uri: string; qrSvg: string } }>(session, 'mutation { beginTotpEnrollment { secret uri qrSvg } }');
      const { secret, uri, qrSvg } = enrollment.data!.beginTotpEnrollment;
      expect(uri).toMatch(/^otpauth:\/\/totp\/.*reviewer\.totp\?.*secret=/);
      expect(qrSvg).toMatch(/^<svg/);
      const wrong = await api.graphql(session, 'mutation($c: String!) { confirmTotpEnrollment(code: $c) { revision } }', { c: '000000' });
      expect(wrong.errors![0]!.extensions.code).toBe('BAD_USER_INPUT');
      const now = Date.now();
      expect((await api.graphql(session, 'mutation($c: String!) { confirmTotpEnrollment(code: $c) { revision } }', { c: totpCode(secret, now) })).errors).toBeUndefined();
      expect((await api.graphql(session, '{ reviewInboxCount }')).errors).toBeUndefined();

      const first = await loginRaw('reviewer.totp', 'Reviewer-Pass-7');
      const { challenge } = (first.json as { data: { secondFactorRequired: boolean; challenge: string } }).data;
      expect((first.json as { data: { secondFactorRequired: boolean } }).data.secondFactorRequired).toBe(true);
      expect(first.headers['set-cookie']).toBeUndefined();
      // A malformed code is a wrong code: refused, and recorded as a failed login like any other.
      const failures = async () => (await userEvents(user.id)).filter((t) => t === 'UserLoginFailed').length;
      const before = await failures();
      await pactum.spec().post(`${api.url}/auth/login/second-factor`).withJson({ challenge, code: '123' }).expectStatus(401);
      expect(await failures()).toBe(before + 1);
      // The code used at enrolment cannot be used again.
      await pactum.spec().post(`${api.url}/auth/login/second-factor`).withJson({ challenge, code: totpCode(secret, now) }).expectStatus(401);
      const ok = await pactum.spec().post(`${api.url}/auth/login/second-factor`).withJson({ challenge, code: totpCode(secret, now + 30_000) }).expectStatus(200).toss();
      session = sessionFrom(ok);
      const me2 = await api.graphql<{ me: { secondFactor: boolean; restriction: string | null } }>(session, '{ me { secondFactor restriction } }');
      expect(me2.data!.me).toEqual({ secondFactor: true, restriction: null });
      expect(await userEvents(user.id)).toEqual(expect.arrayContaining(['UserTotpEnrolled', 'UserLoginFailed']));
    });
  });

  describe('lockout and idle sessions', () => {
    it('locks an account after 5 failures for 30 minutes, even against the right password, as events', async () => {
      const user = await newUser('operator.lock', ['institution_operator'], ORGS.nanmingSchool);
      for (let i = 0; i < 4; i++) expect((await loginRaw('operator.lock', 'Wrong-Pass-1')).statusCode).toBe(401);
      const fifth = await loginRaw('operator.lock', 'Wrong-Pass-1');
      expect(fifth.statusCode).toBe(403);
      expect((fifth.json as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('ACCOUNT_LOCKED');
      expect((await loginRaw('operator.lock', user.password)).statusCode).toBe(403);
      const events = await userEvents(user.id);
      expect(events.filter((t) => t === 'UserLoginFailed')).toHaveLength(6);
      expect(events).toContain('UserLockedOut');
      expect(events).not.toContain('UserLoggedIn');
      const locked = await api.platform.commands.users.stateOf(user.id);
      expect(locked.status === 'active' && Date.parse(locked.lockedUntil!) - Date.now()).toBeGreaterThan(29 * 60_000);
    });

    it('ends a session idle for longer than the policy allows', async () => {
      const session = await api.login('nanmingSchool');
      expect((await api.graphql(session, '{ me { id } }')).errors).toBeUndefined();
      await api.platform.knex('sessions').where({ user_id: api.userIds.nanmingSchool }).update({ last_seen_at: new Date(Date.now() - 31 * 60_000) });
      await pactum.spec().post(`${api.url}/graphql`).withHeaders({ cookie: session.cookie, 'x-csrf-token': session.csrf }).withJson({ query: '{ me { id } }' }).expectStatus(401);
    });
  });

  describe('the three administrators (三员分立)', () => {
    it('the system administrator manages users but sees no business data and no audit log', async () => {
      for (const query of ['{ occupations { total } }', '{ auditEvents { total } }', '{ securityLog { total } }', '{ securityPolicy { minLength } }']) {
        expect((await api.graphql(sysadmin, query)).errors![0]!.extensions.code).toBe('FORBIDDEN');
      }
      const users = await api.graphql<{ users: { total: number } }>(sysadmin, '{ users(page: { pageSize: 50 }) { total } }');
      expect(users.data!.users.total).toBeGreaterThan(5);
      const admin = await api.graphql(sysadmin, CREATE_USER, { input: { username: 'sneaky.admin', displayName: 'x', orgId: ORGS.province, roles: ['security_admin'] } });
      expect(admin.errors![0]).toMatchObject({ message: '系统管理员只能分配业务角色，管理员角色须由安全管理员授予', extensions: { code: 'FORBIDDEN' } });
    });

    it('the security administrator manages roles and the policy, never weaker than the baseline, and cannot mix duties', async () => {
      const weaker = await api.graphql(secadmin, 'mutation($p: SecurityPolicyInput!) { setSecurityPolicy(input: $p) { revision } }', {
        p: { minLength: 6, minCharacterClasses: 2, maxAgeDays: 365, historySize: 1, maxFailedAttempts: 10, lockMinutes: 5, idleMinutes: 120 },
      });
      expect(weaker.errors![0]!.extensions.fields).toEqual([
        { field: 'minLength', message: '密码最小长度不能小于8' },
        { field: 'minCharacterClasses', message: '密码字符类别数不能小于3' },
        { field: 'maxAgeDays', message: '密码有效期（天）不能大于90' },
        { field: 'historySize', message: '不得重复使用的历史密码数不能小于5' },
        { field: 'maxFailedAttempts', message: '连续失败锁定次数不能大于5' },
        { field: 'lockMinutes', message: '锁定时长（分钟）不能小于30' },
        { field: 'idleMinutes', message: '会话空闲超时（分钟）不能大于30' },
      ]);
      const stricter = await api.graphql(secadmin, 'mutation($p: SecurityPolicyInput!) { setSecurityPolicy(input: $p) { revision } }', {
        p: { minLength: 10, minCharacterClasses: 3, maxAgeDays: 60, historySize: 5, maxFailedAttempts: 5, lockMinutes: 30, idleMinutes: 20 },
      });
      expect(stricter.errors).toBeUndefined();
      expect((await api.platform.store.readStream('policy-security')).map((e) => [e.type, e.metadata.actorId])).toEqual([['SecurityPolicySet', api.userIds.securityAdmin]]);
      const mixed = await api.graphql(secadmin, 'mutation($i: RoleInput!) { defineRole(name: "mixed_role", input: $i) { revision } }', {
        i: { label: '混合', duty: 'business', permissions: ['occupation:read', 'audit:read'], dataScope: 'org', requiresSecondFactor: true },
      });
      expect(mixed.errors![0]!.message).toBe('一个角色不能同时包含不同职责（业务、系统管理、安全管理、审计管理）的权限');
      const toMixedUser = await api.graphql(secadmin, 'mutation($u: ID!) { changeUserRoles(userId: $u, roles: ["reviewer", "audit_admin"]) { revision } }', { u: api.userIds.nanmingReviewer });
      expect(toMixedUser.errors![0]!.message).toMatch(/同一用户不能兼任不同职责的角色/);
      expect((await api.graphql(secadmin, '{ occupations { total } }')).errors![0]!.extensions.code).toBe('FORBIDDEN');
      expect((await api.graphql(secadmin, CREATE_USER, { input: { username: 'x.y', displayName: 'x', orgId: ORGS.province, roles: ['reviewer'] } })).errors![0]!.extensions.code).toBe('FORBIDDEN');
    });

    it('the audit administrator reads audit and security logs and timelines, and can change nothing', async () => {
      const security = await api.graphql<{ securityLog: { total: number; items: { type: string }[] } }>(auditadmin, '{ securityLog(page: { pageSize: 200 }) { total items { type } } }', {}, await api.settled());
      const types = new Set(security.data!.securityLog.items.map((i) => i.type));
      for (const t of ['UserCreated', 'UserLoggedIn', 'UserLoginFailed', 'RoleDefined']) expect(types).toContain(t);
      const audit = await api.graphql<{ auditEvents: { items: { type: string; actorOrgName: string | null }[] } }>(auditadmin, '{ auditEvents(filter: { typePrefix: "Organization" }, page: { pageSize: 5 }) { items { type actorOrgName } } }');
      expect(audit.data!.auditEvents.items.every((i) => i.type === 'OrganizationRegistered')).toBe(true);
      for (const mutation of [
        'mutation { setSecurityPolicy(input: { minLength: 8, minCharacterClasses: 3, maxAgeDays: 90, historySize: 5, maxFailedAttempts: 5, lockMinutes: 30, idleMinutes: 30 }) { revision } }',
        `mutation { createUser(input: { username: "a.b", displayName: "a", orgId: "${ORGS.province}", roles: ["reviewer"] }) { oneTimePassword } }`,
        `mutation { resetUserTotp(userId: "${api.userIds.nanmingReviewer}") { revision } }`,
        'mutation { approveReview(streamId: "occupation-x", opinion: "同意") { revision } }',
      ]) {
        expect((await api.graphql(auditadmin, mutation)).errors![0]!.extensions.code).toBe('FORBIDDEN');
      }
    });
  });
});
