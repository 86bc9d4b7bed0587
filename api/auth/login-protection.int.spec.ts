// Login protection over real HTTP (issue 16 §3): the image captcha after the second failed attempt
// for a name or from an address (served here, checked on the server, one-time, the same for unknown
// names), and the lock screen (锁屏): a locked session does nothing but unlock with the password,
// whose failures count like failed logins, up to the lockout.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pactum from 'pactum';
import { solveCaptcha, startApiHarness, type ApiHarness, type Session } from '../../testing/api-harness';

type Body = { data?: Record<string, unknown>; errors?: { message: string; extensions: Record<string, unknown> }[] };

describe('login protection: captcha and lock screen', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await startApiHarness();
  });
  afterAll(async () => api.close());

  /** Each case logs in from an address of its own (the server trusts no proxy here: the header is ignored), so the name counts. */
  const login = async (body: Record<string, unknown>) => {
    const response = await pactum.spec().post(`${api.url}/auth/login`).withJson(body).toss();
    return { status: response.statusCode, body: response.json as Body, response };
  };
  const securityFacts = async () =>
    (await api.platform.store.readStream(`security-${new Date().toISOString().slice(0, 10)}`)).filter((e) => e.type === 'UserCaptchaRefused').map((e) => e.data);

  it('asks for a captcha after the second failure for a name, checks it on the server and spends it', async () => {
    const name = 'yunyanschool';
    const first = await login({ username: name, password: 'Wrong-Pass-1' });
    expect([first.status, first.body.errors![0]!.extensions.captchaRequired]).toEqual([401, false]);
    const second = await login({ username: name, password: 'Wrong-Pass-1' });
    expect([second.status, second.body.errors![0]!.extensions.captchaRequired]).toEqual([401, true]);

    // Without one, even the right password is refused before it is checked, and that is recorded.
    const missing = await login({ username: name, password: api.passwords.yunyanSchool });
    expect([missing.status, missing.body.errors![0]!.extensions.code, missing.body.errors![0]!.message]).toEqual([401, 'CAPTCHA_REQUIRED', '请输入图形验证码']);
    // The image: an SVG drawn locally, its text as paths (not readable as text).
    const issued = await pactum.spec().post(`${api.url}/auth/captcha`).expectStatus(200).toss();
    const { captchaId, image } = (issued.json as { data: { captchaId: string; image: string } }).data;
    expect(image).toMatch(/^data:image\/svg\+xml;base64,/);
    const svg = Buffer.from(image.split(',')[1]!, 'base64').toString();
    expect(svg).toMatch(/^<svg[^>]*width="120"/);
    const answer = ((await api.platform.knex('login_captchas').where({ id: captchaId }).first('answer')) as { answer: string }).answer;
    expect(svg).not.toContain(answer);
    const wrong = await login({ username: name, password: api.passwords.yunyanSchool, captchaId, captchaCode: 'zzzz' });
    expect([wrong.status, wrong.body.errors![0]!.extensions.code]).toEqual([401, 'CAPTCHA_INVALID']);
    // Spent by the wrong answer: the right one no longer opens it.
    const reused = await login({ username: name, password: api.passwords.yunyanSchool, captchaId, captchaCode: answer.toUpperCase() });
    expect(reused.body.errors![0]!.extensions.code).toBe('CAPTCHA_INVALID');
    expect(await securityFacts()).toEqual(
      expect.arrayContaining([
        { username: name, reason: 'captcha_missing' },
        { username: name, reason: 'wrong_captcha' },
      ]),
    );
    // Captcha refusals do not count towards the lockout: two wrong passwords so far.
    const state = await api.platform.commands.users.stateOf(api.userIds.yunyanSchool);
    expect(state.status === 'active' && state.consecutiveFailures).toBe(2);

    // A right captcha (any case) and the right password: in, and the name starts again without one.
    const solved = await solveCaptcha(api.url, api.platform);
    const ok = await login({ username: name, password: api.passwords.yunyanSchool, ...solved, captchaCode: solved.captchaCode.toUpperCase() });
    expect(ok.status).toBe(200);
    expect((await login({ username: name, password: api.passwords.yunyanSchool })).status).toBe(200);
  });

  it('treats an unknown name exactly as a known one', async () => {
    for (let i = 0; i < 2; i++) expect((await login({ username: 'no.such.user', password: 'Wrong-Pass-1' })).status).toBe(401);
    const third = await login({ username: 'no.such.user', password: 'Wrong-Pass-1' });
    expect(third.body.errors![0]!.extensions.code).toBe('CAPTCHA_REQUIRED');
    const solved = await login({ username: 'no.such.user', password: 'Wrong-Pass-1', ...(await solveCaptcha(api.url, api.platform)) });
    expect([solved.status, solved.body.errors![0]!.message, solved.body.errors![0]!.extensions.captchaRequired]).toEqual([401, '用户名、密码或验证码错误', true]);
  });

  describe('the lock screen (锁屏)', () => {
    let session: Session;
    const graphql = (query: string) => api.graphql<{ me: { restriction: string | null } }>(session, query);
    const post = (path: string, body: object = {}) => pactum.spec().post(`${api.url}${path}`).withHeaders({ cookie: session.cookie, 'x-csrf-token': session.csrf }).withJson(body).toss();
    const userEvents = async () => (await api.platform.store.readStream(`user-${api.userIds.nanmingSchool}`)).map((e) => e.type);

    beforeAll(async () => {
      session = await api.login('nanmingSchool');
    });

    it('locks the session: only `me` answers (restriction screen_locked); other queries, files and exports are refused', async () => {
      expect((await post('/auth/lock')).statusCode).toBe(200);
      expect((await graphql('{ me { restriction } }')).data!.me.restriction).toBe('screen_locked');
      const blocked = await api.graphql(session, '{ occupations { total } }');
      expect(blocked.errors![0]).toMatchObject({ message: '屏幕已锁定，请输入密码解锁', extensions: { code: 'FORBIDDEN', restriction: 'screen_locked' } });
      expect((await api.graphql(session, 'mutation { changePassword(currentPassword: "a", newPassword: "b") { revision } }')).errors![0]!.extensions.code).toBe('FORBIDDEN');
      const exported = await pactum.spec().get(`${api.url}/export/occupations.xlsx`).withHeaders({ cookie: session.cookie }).toss();
      expect([exported.statusCode, (exported.json as Body).errors![0]!.extensions.code]).toEqual([423, 'SESSION_LOCKED']);
      // Lock without the CSRF header is refused.
      expect((await pactum.spec().post(`${api.url}/auth/lock`).withHeaders({ cookie: session.cookie }).withJson({}).toss()).statusCode).toBe(403);
      expect(await userEvents()).toContain('UserScreenLocked');
    });

    it('unlocks with the right password only; a wrong one is a failed login', async () => {
      const before = (await userEvents()).filter((t) => t === 'UserLoginFailed').length;
      const wrong = await post('/auth/unlock', { password: 'Wrong-Pass-1' });
      expect([wrong.statusCode, (wrong.json as Body).errors![0]!.extensions.fields]).toEqual([400, [{ field: 'password', message: '密码不正确' }]]);
      expect((await userEvents()).filter((t) => t === 'UserLoginFailed').length).toBe(before + 1);
      expect((await graphql('{ me { restriction } }')).data!.me.restriction).toBe('screen_locked');
      const empty = await post('/auth/unlock', {});
      expect(empty.statusCode).toBe(400);

      expect((await post('/auth/unlock', { password: api.passwords.nanmingSchool })).statusCode).toBe(200);
      expect((await graphql('{ me { restriction } }')).data!.me.restriction).toBeNull();
      expect((await api.graphql(session, '{ occupations { total } }')).errors).toBeUndefined();
      expect((await userEvents()).slice(-2)).toEqual(['UserLoginFailed', 'UserScreenUnlocked']);
    });

    it('locks the account after the policy\'s failures at the lock screen and ends the session', async () => {
      expect((await post('/auth/lock')).statusCode).toBe(200);
      let last = await post('/auth/unlock', { password: 'Wrong-Pass-1' });
      for (let i = 1; i < 5 && last.statusCode === 400; i++) last = await post('/auth/unlock', { password: 'Wrong-Pass-1' });
      expect([last.statusCode, (last.json as Body).errors![0]!.extensions.code]).toEqual([403, 'ACCOUNT_LOCKED']);
      expect(await userEvents()).toContain('UserLockedOut');
      expect((await pactum.spec().post(`${api.url}/graphql`).withHeaders({ cookie: session.cookie, 'x-csrf-token': session.csrf }).withJson({ query: '{ me { id } }' }).toss()).statusCode).toBe(401);
    });
  });
});
