// The client's mistakes over real HTTP (issue 10 §4, §5, §8): each is a 4xx with its own code and
// Chinese message, logged as a warning, never as a server error; no stack trace leaves the server
// when NODE_ENV is unset, as under a plain `npm start`; control characters are refused before they
// reach Postgres, with nothing written, and a malformed login is still recorded as a failed login.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { Server } from 'node:http';
import { pino } from 'pino';
import { loadConfig } from '../config';
import { freePort } from '../../scripts/embedded-postgres.mjs';
import { startApiHarness, type ApiHarness, type Session } from '../../testing/api-harness';
import { idNumber } from '../../testing/spreadsheets';
import { createApp } from './app';

interface LogLine {
  level: number;
  msg: string;
  reqId?: string;
  path?: string;
  status?: number;
}
interface Answer {
  status: number;
  headers: Headers;
  text: string;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions: { code: string; fields?: unknown } & Record<string, unknown> }[]; extensions?: Record<string, unknown> };
}

const ERROR = 50;
const WARN = 40;
const ENTER = 'mutation($i: TraineeInput!, $submit: Boolean) { enterTrainee(input: $i, submit: $submit) { id position } }';
const person = { name: '欧阳娜娜', idNumber: '520102199805061224', personCategory: 'rural_migrant', phone: '13800138000' };

describe('client mistakes answered as such, on a server started without NODE_ENV', () => {
  let api: ApiHarness;
  let server: Server;
  let url: string;
  let stop: () => Promise<void>;
  let school: Session;
  let reviewer: Session;
  const lines: LogLine[] = [];

  beforeAll(async () => {
    api = await startApiHarness();
    [school, reviewer] = await Promise.all([api.login('nanmingSchool'), api.login('nanmingReviewer')]);
    // A second server over the same platform, built as `npm start` builds it: Apollo decides at
    // construction whether to put stack traces into responses, from NODE_ENV (jest sets "test").
    const saved = process.env.NODE_ENV;
    delete process.env.NODE_ENV;
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) });
    try {
      const created = await createApp(api.platform, loadConfig({ PORT: String(port), READ_AFTER_WRITE_TIMEOUT_MS: '300' }), logger);
      stop = created.stop;
      server = await new Promise((resolve) => {
        const s = created.app.listen(port, '127.0.0.1', () => resolve(s));
      });
    } finally {
      process.env.NODE_ENV = saved;
    }
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await stop();
    await api.close();
  });
  beforeEach(() => {
    lines.length = 0;
  });

  const send = async (path: string, init: { method?: string; body?: string; headers?: Record<string, string>; session?: Session | null } = {}): Promise<Answer> => {
    const session = init.session === undefined ? school : init.session;
    const headers = { ...(session ? { cookie: session.cookie, 'x-csrf-token': session.csrf } : {}), ...init.headers };
    const response = await fetch(`${url}${path}`, { method: init.method ?? 'GET', headers, ...(init.body !== undefined ? { body: init.body } : {}) });
    const text = await response.text();
    let body: Answer['body'] = {};
    try {
      body = JSON.parse(text) as Answer['body'];
    } catch {
      // not JSON: the assertions on status say what went wrong
    }
    return { status: response.status, headers: response.headers, text, body };
  };
  const postRaw = (body: string, headers: Record<string, string> = {}, session?: Session) =>
    send('/graphql', { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers }, ...(session ? { session } : {}) });
  const post = (payload: unknown, headers: Record<string, string> = {}, session?: Session) => postRaw(JSON.stringify(payload), headers, session);
  const eventCount = async () => Number((await api.platform.knex('events').count({ n: '*' }))[0]!.n);
  /** Nothing about a client's mistake may look like a fault of the server in the log. */
  const expectLoggedAsClientError = (answer: Answer) => {
    expect(lines.filter((l) => l.level >= ERROR)).toEqual([]);
    const request = lines.find((l) => l.msg === 'request' && l.reqId === answer.headers.get('x-request-id'));
    expect(request).toMatchObject({ level: WARN, status: answer.status });
  };
  const expectNoStack = (answer: Answer) => {
    expect(answer.text).not.toMatch(/stacktrace|\bat .*\.(ts|js):\d+|\/work\/|node_modules/);
  };

  describe('malformed GraphQL requests (§4)', () => {
    const cases: [string, () => Promise<Answer>, number, string, string | RegExp][] = [
      ['a syntax error', () => post({ query: '{ me { id ' }), 400, 'GRAPHQL_PARSE_FAILED', /^请求格式错误，无法解析：Syntax Error: Expected Name, found <EOF>/],
      ['a query over the token limit', () => post({ query: `{ ${'me { id } '.repeat(1000)}}` }), 400, 'QUERY_TOO_COMPLEX', '查询过长：超过 3000 个词法单元（token）的上限，请拆分查询'],
      ['too many aliases', () => post({ query: `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: me { id }`).join(' ')} }` }), 400, 'QUERY_TOO_COMPLEX', '别名过多：上限 15 个，实际 16 个'],
      ['an empty body', () => postRaw(''), 400, 'BAD_REQUEST', '请求体为空或不是 JSON 对象：请以 Content-Type: application/json 发送 {"query": "…"}'],
      ['a JSON array (a batch)', () => post([{ query: '{ me { id } }' }]), 400, 'BAD_REQUEST', '不支持批量请求：请求体应为一个 JSON 对象，而不是数组'],
      ['query as a number', () => post({ query: 1 }), 400, 'BAD_REQUEST', 'query 必须是字符串（GraphQL 查询文本）'],
      ['variables as a string', () => post({ query: '{ me { id } }', variables: '{}' }), 400, 'BAD_REQUEST', 'variables 必须是 JSON 对象，而不是编码成字符串的 JSON'],
      ['an unknown operation name', () => post({ query: 'query A { me { id } }', operationName: 'B' }), 400, 'OPERATION_RESOLUTION_FAILURE', '请求中没有名为“B”的操作'],
      [
        'a mutation sent by GET',
        () => send(`/graphql?query=${encodeURIComponent('mutation { beginTotpEnrollment { secret } }')}`, { headers: { 'apollo-require-preflight': '1' } }),
        405,
        'METHOD_NOT_ALLOWED',
        'GET 请求只能执行查询（query）；修改操作（mutation）请用 POST 发送',
      ],
      [
        'a GET without the CSRF preflight header',
        () => send(`/graphql?query=${encodeURIComponent('{ me { id } }')}`),
        400,
        'CSRF_CHECK_FAILED',
        '为防范跨站请求伪造（CSRF），此请求已被拒绝：请以 Content-Type: application/json 的 POST 发送，或在 GET 请求中加上 apollo-require-preflight 请求头',
      ],
      [
        'a non-numeric X-Read-After-Position',
        () => post({ query: '{ me { id } }' }, { 'x-read-after-position': 'abc' }),
        400,
        'BAD_REQUEST',
        '请求头 X-Read-After-Position 应为事件位置（非负整数，即修改操作返回的 position），收到“abc”',
      ],
    ];

    it.each(cases)('%s: its own 4xx, code and Chinese message, a warning in the log, no stack', async (_name, request, status, code, message) => {
      const answer = await request();
      expect([answer.status, answer.body.errors?.[0]?.extensions.code]).toEqual([status, code]);
      expect(answer.body.errors![0]!.message).toMatch(message);
      expectNoStack(answer);
      expectLoggedAsClientError(answer);
    });

    it('sends no stack trace with a refusal raised inside a resolver either', async () => {
      const answer = await post({ query: '{ securityLog { total } }' });
      expect(answer.body.errors![0]!.extensions.code).toBe('FORBIDDEN');
      expectNoStack(answer);
    });
  });

  describe('read-your-writes (§4)', () => {
    it('says when the position was not reached within the wait: header and extension', async () => {
      const far = (2n ** 62n).toString();
      const answer = await post({ query: '{ me { id } }' }, { 'x-read-after-position': far });
      expect(answer.status).toBe(200);
      expect(answer.body.data).toEqual({ me: { id: api.userIds.nanmingSchool } });
      expect(answer.headers.get('x-read-after-reached')).toBe('false');
      expect(answer.body.extensions).toEqual({ readAfter: { position: far, reached: false } });
    });

    it('says so when it was reached', async () => {
      const head = (await api.platform.store.headPosition()).toString();
      const answer = await post({ query: '{ me { id } }' }, { 'x-read-after-position': head });
      expect(answer.headers.get('x-read-after-reached')).toBe('true');
      expect(answer.body.extensions).toEqual({ readAfter: { position: head, reached: true } });
    });
  });

  describe('control characters (§4)', () => {
    it('refuses NUL in a GraphQL ID, as a variable or a literal, before any SQL', async () => {
      const asVariable = await post({ query: 'query($id: ID!) { trainee(id: $id) { id } }', variables: { id: 'a\u0000b' } });
      expect([asVariable.status, asVariable.body.errors![0]!.extensions]).toEqual([400, { code: 'BAD_USER_INPUT', fields: [{ field: 'id', message: '不能包含控制字符（U+0000）' }] }]);
      expect(asVariable.body.errors![0]!.message).toBe('输入有误，请检查标注的字段：输入不能包含控制字符（U+0000）');
      const asLiteral = await post({ query: '{ trainee(id: "a\\u0000b") { id } }' });
      expect([asLiteral.status, asLiteral.body.errors![0]!.extensions]).toEqual([400, { code: 'BAD_USER_INPUT', fields: [{ field: 'id', message: '不能包含控制字符（U+0000）' }] }]);
      expectLoggedAsClientError(asLiteral);
    });

    it('refuses NUL in a text field with nothing written', async () => {
      const before = await eventCount();
      const answer = await post({ query: ENTER, variables: { i: { ...person, name: '欧阳\u0000娜娜' } } });
      expect([answer.status, answer.body.errors![0]!.extensions]).toEqual([400, { code: 'BAD_USER_INPUT', fields: [{ field: 'i.name', message: '不能包含控制字符（U+0000）' }] }]);
      expect(await eventCount()).toBe(before);
    });

    it('refuses NUL in a review opinion with nothing written, and keeps line breaks in a good one', async () => {
      const entered = await post({ query: ENTER, variables: { i: { ...person, idNumber: idNumber('520102', '19920202', 7) }, submit: true } });
      expect(entered.body.errors).toBeUndefined();
      const { id, position } = (entered.body.data as { enterTrainee: { id: string; position: string } }).enterTrainee;
      // The reviewer acts on what the read models show (this server waits 300 ms at most).
      expect(await api.platform.runner.waitFor(BigInt(position), undefined, 15_000)).toBe(true);
      const approve = 'mutation($s: String!, $o: String!) { approveReview(streamId: $s, opinion: $o) { position } }';
      const before = await eventCount();
      const bad = await post({ query: approve, variables: { s: `trainee-${id}`, o: '同意\u0000' } }, { 'x-read-after-position': position }, reviewer);
      expect([bad.status, bad.body.errors![0]!.extensions]).toEqual([400, { code: 'BAD_USER_INPUT', fields: [{ field: 'o', message: '不能包含控制字符（U+0000）' }] }]);
      expect(await eventCount()).toBe(before);
      const good = await post({ query: approve, variables: { s: `trainee-${id}`, o: '同意。\n\t材料齐全' } }, { 'x-read-after-position': position }, reviewer);
      expect(good.body.errors).toBeUndefined();
      const approved = (await api.platform.store.readStream(`trainee-${id}`)).find((e) => e.type === 'ReviewApproved');
      expect((approved!.data as { opinion: string }).opinion).toBe('同意。\n\t材料齐全');
    });

    it('refuses NUL in the URL of the REST routes (a stream id, a file id) before any SQL', async () => {
      const timeline = await send(`/audit/timeline-export?streamId=${encodeURIComponent('trainee-a\u0000')}`, { session: reviewer });
      expect([timeline.status, timeline.body.errors![0]]).toEqual([400, { message: '请求参数 streamId 不能包含控制字符（U+0000）', extensions: { code: 'BAD_USER_INPUT', fields: [{ field: 'streamId', message: '不能包含控制字符（U+0000）' }] } }]);
      const file = await send('/files/a%00b');
      expect([file.status, file.body.errors![0]!.extensions.code, file.body.errors![0]!.message]).toEqual([400, 'BAD_REQUEST', '请求路径不能包含控制字符（U+0000）']);
      expectLoggedAsClientError(file);
    });
  });

  describe('a malformed login (§4)', () => {
    const login = (body: unknown) => send('/auth/login', { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' }, session: null });
    const securityStream = () => `security-${new Date().toISOString().slice(0, 10)}`;

    it('answers 400 for NUL in the user name and records the failed login', async () => {
      const answer = await login({ username: 'nobody\u0000', password: 'Whatever-1' });
      expect([answer.status, answer.body.errors![0]]).toEqual([400, { message: '输入有误，请检查标注的字段', extensions: { code: 'BAD_USER_INPUT', fields: [{ field: 'username', message: '用户名不能包含控制字符（U+0000）' }] } }]);
      const recorded = (await api.platform.store.readStream(securityStream())).filter((e) => e.type === 'LoginFailedForUnknownUser').map((e) => e.data);
      expect(recorded).toContainEqual({ username: 'nobody\\u0000', reason: 'malformed_input' });
      expectLoggedAsClientError(answer);
    });

    it('counts a malformed attempt against the user it names', async () => {
      const noPassword = await login({ username: 'zunyireviewer' });
      expect([noPassword.status, noPassword.body.errors![0]!.extensions.fields]).toEqual([400, [{ field: 'password', message: '请输入密码' }]]);
      const nulPassword = await login({ username: 'zunyireviewer', password: 'a\u0000b' });
      expect(nulPassword.body.errors![0]!.extensions.fields).toEqual([{ field: 'password', message: '密码不能包含控制字符（U+0000）' }]);
      const failures = (await api.platform.store.readStream(`user-${api.userIds.zunyiReviewer}`)).filter((e) => e.type === 'UserLoginFailed').map((e) => e.data);
      expect(failures).toEqual([
        { reason: 'malformed_input', consecutive: 1 },
        { reason: 'malformed_input', consecutive: 2 },
      ]);
    });
  });

  describe('input that should not be accepted (§5)', () => {
    it('refuses a birth year of 1800 in an ID number, and a trainee too young, with nothing written', async () => {
      const before = await eventCount();
      const old = await post({ query: ENTER, variables: { i: { ...person, idNumber: '52010218000101123X' } } });
      expect(old.body.errors![0]!.extensions.fields).toEqual([{ field: 'idNumber', message: expect.stringMatching(/^身份证号码中的出生日期（1800-01-01）对应年龄2\d\d岁，应在16至100岁之间，请核对$/) }]);
      const chinaToday = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
      const fifteen = `${Number(chinaToday.slice(0, 4)) - 15}${chinaToday.slice(5, 7)}${chinaToday.slice(8, 10) === '29' && chinaToday.slice(5, 7) === '02' ? '28' : chinaToday.slice(8, 10)}`;
      const young = await post({ query: ENTER, variables: { i: { ...person, idNumber: idNumber('520102', fifteen, 9) } } });
      expect(young.body.errors![0]!.extensions.fields).toEqual([{ field: 'idNumber', message: expect.stringMatching(/对应年龄15岁，应在16至100岁之间/) }]);
      expect(await eventCount()).toBe(before);
    });
  });

  describe('the request log (§8)', () => {
    it('writes the path the client asked for, not the mounted one, and no query string', async () => {
      const graphql = await post({ query: '{ me { id } }' });
      const loginAnswer = await send('/auth/login', { method: 'POST', body: JSON.stringify({ username: 'nobody', password: 'Whatever-1' }), headers: { 'content-type': 'application/json' }, session: null });
      const exported = await send(`/export/trainees.xlsx?filter=${encodeURIComponent(JSON.stringify({ idNumber: person.idNumber }))}`);
      const pathOf = (answer: Answer) => lines.find((l) => l.msg === 'request' && l.reqId === answer.headers.get('x-request-id'))?.path;
      expect([pathOf(graphql), pathOf(loginAnswer), pathOf(exported)]).toEqual(['/graphql', '/auth/login', '/export/trainees.xlsx']);
      expect(JSON.stringify(lines)).not.toContain(person.idNumber);
    });
  });
});
