// 在线用户 and the personal centre's sessions over real HTTP: the security administrator lists live
// sessions in scope and ends one with a reason (an event, and the session is refused at once); a user
// lists and ends their own other sessions, reads their login history and resets their own second factor.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pactum from 'pactum';
import { startApiHarness, type ApiHarness, type Session } from '../../testing/api-harness';
import { createSession } from './sessions';

const ONLINE = `query($f: SessionFilter, $p: PageInput) { onlineSessions(filter: $f, page: $p) { total items { id userId username displayName orgName ip loginAt lastSeenAt secondFactor locked current } } }`;
const END = `mutation($s: ID!, $r: String!) { endSession(sessionId: $s, reason: $r) { id streamId position } }`;
const MINE = '{ mySessions { id current ip userAgent } }';

describe('sessions: online users (强退) and the personal centre', () => {
  let api: ApiHarness;
  let secadmin: Session;
  let auditor: Session;
  /** A reviewer's session kept from the personal-centre case for the second-factor reset (logins are rate-limited per address). */
  let reviewer: Session;

  beforeAll(async () => {
    api = await startApiHarness();
    secadmin = await api.login('securityAdmin');
    auditor = await api.login('auditAdmin');
  });
  afterAll(async () => api.close());

  const events = async (user: keyof ApiHarness['userIds']) => (await api.platform.store.readStream(`user-${api.userIds[user]}`)).map((e) => ({ type: e.type, data: e.data, actorId: e.metadata.actorId }));
  const sessionsOf = async (user: keyof ApiHarness['userIds']) => {
    const body = await api.graphql<{ onlineSessions: { items: { id: string; userId: string; current: boolean; username: string; orgName: string | null }[] } }>(secadmin, ONLINE, { f: { keyword: user.toLowerCase() } });
    expect(body.errors).toBeUndefined();
    return body.data!.onlineSessions.items;
  };

  it('lists live sessions with user, organisation, address, login time and last activity', async () => {
    await api.login('nanmingSchool');
    const body = await api.graphql<{ onlineSessions: { total: number; items: Record<string, unknown>[] } }>(secadmin, ONLINE, { p: { pageSize: 50 } });
    expect(body.errors).toBeUndefined();
    const school = body.data!.onlineSessions.items.find((s) => s.username === 'nanmingschool')!;
    expect(school).toMatchObject({ displayName: 'nanmingSchool', orgName: '贵阳市南明区阳光职业技能培训学校', ip: expect.stringMatching(/127\.0\.0\.1/), secondFactor: false, locked: false, current: false });
    expect(Date.parse(school.loginAt as string)).toBeLessThanOrEqual(Date.parse(school.lastSeenAt as string) + 1000);
    // The administrator's own session is flagged as theirs.
    expect(body.data!.onlineSessions.items.filter((s) => s.current)).toHaveLength(1);
    // A sort outside the whitelist is refused, a listed one accepted.
    expect((await api.graphql(secadmin, ONLINE, { p: { sortBy: 'tokenHash' } })).errors![0]!.extensions.code).toBe('BAD_USER_INPUT');
    expect((await api.graphql(secadmin, ONLINE, { p: { sortBy: 'displayName', sortOrder: 'DESC' } })).errors).toBeUndefined();
  });

  it('refuses the list and 强退 to anyone without session:manage, writing nothing', async () => {
    const nanming = await api.login('nanmingReviewer');
    const target = (await sessionsOf('nanmingSchool'))[0]!;
    for (const session of [auditor, nanming]) {
      expect((await api.graphql(session, ONLINE)).errors![0]!.extensions.code).toBe('FORBIDDEN');
      expect((await api.graphql(session, END, { s: target.id, r: '测试' })).errors![0]!.extensions.code).toBe('FORBIDDEN');
    }
    expect((await events('nanmingSchool')).filter((e) => e.type === 'UserSessionEnded')).toEqual([]);
  });

  it('ends a session with a reason: an event by the administrator on the user\'s stream, and the session is refused at once', async () => {
    const victim = await api.login('yunyanSchool');
    expect((await api.graphql(victim, '{ me { id } }')).errors).toBeUndefined();
    const [target] = await sessionsOf('yunyanSchool');
    // A reason is required, and bad input changes nothing.
    const noReason = await api.graphql(secadmin, END, { s: target!.id, r: '  ' });
    expect(noReason.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'reason', message: expect.stringContaining('强制退出原因') }] });
    expect((await api.graphql(victim, '{ me { id } }')).errors).toBeUndefined();

    const ended = await api.graphql<{ endSession: { streamId: string } }>(secadmin, END, { s: target!.id, r: '账号疑似被盗用' });
    expect(ended.errors).toBeUndefined();
    expect(ended.data!.endSession.streamId).toBe(`user-${api.userIds.yunyanSchool}`);
    await pactum.spec().post(`${api.url}/graphql`).withHeaders({ cookie: victim.cookie, 'x-csrf-token': victim.csrf }).withJson({ query: '{ me { id } }' }).expectStatus(401);
    expect((await events('yunyanSchool')).filter((e) => e.type === 'UserSessionEnded')).toEqual([
      { type: 'UserSessionEnded', data: { sessionId: target!.id, reason: '账号疑似被盗用', forced: true, sessionIp: expect.any(String) }, actorId: api.userIds.securityAdmin },
    ]);
    expect(await sessionsOf('yunyanSchool')).toEqual([]);
    // An ended (or unknown) session is not found again; the administrator's own is refused.
    expect((await api.graphql(secadmin, END, { s: target!.id, r: '再次' })).errors![0]!.extensions.code).toBe('NOT_FOUND');
    expect((await api.graphql(secadmin, END, { s: 'not-a-uuid', r: '再次' })).errors![0]!.extensions.code).toBe('NOT_FOUND');
    const own = (await sessionsOf('securityAdmin')).find((s) => s.current)!;
    expect((await api.graphql(secadmin, END, { s: own.id, r: '自己' })).errors![0]!.extensions.code).toBe('RULE_VIOLATION');
    // The security log shows it.
    const log = await api.graphql<{ securityLog: { items: { type: string; typeLabel: string; summary: string }[] } }>(auditor, '{ securityLog(filter: { typePrefix: "UserSessionEnded" }) { items { type typeLabel summary } } }', {}, await api.settled());
    expect(log.data!.securityLog.items).toEqual([{ type: 'UserSessionEnded', typeLabel: '结束会话（强制退出）', summary: '账号疑似被盗用' }]);
  });

  it('lets a user list and end their own other sessions, never another user\'s', async () => {
    const first = await api.login('guiyangReviewer');
    const second = await api.login('guiyangReviewer');
    const mine = await api.graphql<{ mySessions: { id: string; current: boolean; userAgent: string | null }[] }>(second, MINE);
    expect(mine.data!.mySessions).toHaveLength(2);
    const other = mine.data!.mySessions.find((s) => !s.current)!;
    const current = mine.data!.mySessions.find((s) => s.current)!;
    expect((await api.graphql(second, 'mutation($s: ID!) { endMySession(sessionId: $s) { revision } }', { s: current.id })).errors![0]!.extensions.code).toBe('RULE_VIOLATION');
    // Someone else's session is not found.
    const stranger = (await sessionsOf('securityAdmin'))[0]!;
    expect((await api.graphql(second, 'mutation($s: ID!) { endMySession(sessionId: $s) { revision } }', { s: stranger.id })).errors![0]!.extensions.code).toBe('NOT_FOUND');
    expect((await api.graphql(second, 'mutation($s: ID!) { endMySession(sessionId: $s) { revision } }', { s: other.id })).errors).toBeUndefined();
    await pactum.spec().post(`${api.url}/graphql`).withHeaders({ cookie: first.cookie, 'x-csrf-token': first.csrf }).withJson({ query: '{ me { id } }' }).expectStatus(401);
    reviewer = second;
    expect((await events('guiyangReviewer')).filter((e) => e.type === 'UserSessionEnded').map((e) => e.data)).toEqual([{ sessionId: other.id, reason: '本人在个人中心结束', forced: false, sessionIp: expect.any(String) }]);
  });

  it('shows the user\'s own login history, newest first, in Chinese', async () => {
    const failed = await pactum.spec().post(`${api.url}/auth/login`).withJson({ username: 'zunyireviewer', password: 'Wrong-Pass-1' }).toss();
    expect(failed.statusCode).toBe(401);
    const session = await api.login('zunyiReviewer');
    const history = await api.graphql<{ myLoginHistory: { total: number; items: { typeLabel: string; detail: string; outcome: string; ip: string | null }[] } }>(session, '{ myLoginHistory(page: { pageSize: 2 }) { total items { typeLabel detail outcome ip } } }');
    expect(history.errors).toBeUndefined();
    expect(history.data!.myLoginHistory.items).toEqual([
      { typeLabel: '登录', detail: '密码登录，已验证动态验证码', outcome: '成功', ip: expect.any(String) },
      { typeLabel: '登录失败', detail: '密码错误（连续第 1 次）', outcome: '失败', ip: expect.any(String) },
    ]);
    expect(history.data!.myLoginHistory.total).toBeGreaterThanOrEqual(2);
  });

  it('resets the user\'s own second factor with password and code; the session may then only enrol again', async () => {
    const session = reviewer;
    // A second session of the same user, opened directly (a login would need a third TOTP step in this minute).
    const opened = await createSession(api.platform.knex, { userId: api.userIds.guiyangReviewer, ip: null, restriction: null, secondFactor: true, idleMinutes: 30 });
    const other: Session = { cookie: `gz_session=${opened.token}; gz_csrf=${opened.csrfToken}`, csrf: opened.csrfToken };
    const reset = 'mutation($p: String!, $c: String!) { resetMyTotp(currentPassword: $p, code: $c) { notice } }';
    const wrongPassword = await api.graphql(session, reset, { p: 'Wrong-Pass-1', c: '123456' });
    expect(wrongPassword.errors![0]!.extensions.fields).toEqual([{ field: 'currentPassword', message: '当前密码不正确' }]);
    const wrongCode = await api.graphql(session, reset, { p: api.passwords.guiyangReviewer, c: '000000' });
    expect(wrongCode.errors![0]!.extensions.fields).toEqual([{ field: 'code', message: '动态验证码不正确或已使用' }]);
    expect((await events('guiyangReviewer')).map((e) => e.type)).not.toContain('UserTotpReset');

    const done = await api.graphql(session, reset, { p: api.passwords.guiyangReviewer, c: await api.nextTotp('guiyangReviewer') });
    expect(done.errors).toBeUndefined();
    expect((await events('guiyangReviewer')).map((e) => e.type)).toContain('UserTotpReset');
    expect((await api.graphql<{ me: { restriction: string } }>(session, '{ me { restriction } }')).data!.me.restriction).toBe('enroll_totp');
    await pactum.spec().post(`${api.url}/graphql`).withHeaders({ cookie: other.cookie, 'x-csrf-token': other.csrf }).withJson({ query: '{ me { id } }' }).expectStatus(401);
  });
});
