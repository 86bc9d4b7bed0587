// A teacher's login for the mobile capture app (issue 13 §3): the institution creates the account
// of a teacher record it engages (one per teacher, a one-time password, audited like every user),
// the teacher changes the password at the first login, and then sees and captures only in the
// classes they teach. Two running classes of the same institution, each with its own teacher: the
// second class, its roster, its captures and uploads to it answer as missing to the first teacher.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import pactum from 'pactum';
import { shiftDays } from '../../domain/calendar/working-days';
import { DEFAULT_CAPTURE_POLICY } from '../../domain/capture/capture-policy';
import { chinaDate } from '../../domain/personal-data/normalize';
import { sessionFrom, startApiHarness, type ApiHarness, type Session } from '../../testing/api-harness';
import { samplePhoto } from '../../testing/face-samples';
import { ORGS } from '../../testing/seed';
import { province } from '../training-class/testing/class-world';
import { teacherAccountUserId } from '../teacher/teacher-account-graphql';
import { at, seedRunningClass, type RunningClass } from './testing/capture-world';

jest.setTimeout(180_000);

let api: ApiHarness;
let school: Session;
let otherSchool: Session;
let teacher: Session;
let mine: RunningClass;
let theirs: RunningClass;
let oneTimePassword = '';

type Body = { data?: Record<string, unknown> | null; errors?: { message: string; extensions: { code: string } }[] };
const gql = async (session: Session, query: string, variables: Record<string, unknown> = {}) => (await api.graphql(session, query, variables, await api.settled())) as Body;
const code = (body: Body) => body.errors?.[0]?.extensions.code;

async function postCapture(session: Session, klass: RunningClass, over: Record<string, string> = {}) {
  const form = new FormData();
  const fields = { deviceCaptureId: randomUUID(), deviceId: 'teacher-phone', classId: klass.classId, sessionId: klass.sessionId, kind: 'check_in', personKind: 'trainee', personId: klass.traineeId, deviceTime: at(klass.date, '09:05'), latitude: String(klass.venue.latitude), longitude: String(klass.venue.longitude), ...over };
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('photo', new Blob([new Uint8Array(samplePhoto(1))], { type: 'image/jpeg' }), 'capture.jpg');
  const response = await fetch(`${api.url}/captures`, { method: 'POST', headers: { cookie: session.cookie, 'x-csrf-token': session.csrf }, body: form });
  return { status: response.status, json: (await response.json()) as { data?: { captureId: string }; errors?: { extensions: { code: string } }[] } };
}

const CREATE = 'mutation($t: ID!, $u: String!) { r: createTeacherAccount(teacherId: $t, username: $u) { oneTimePassword result { id } } }';

beforeAll(async () => {
  api = await startApiHarness({ env: () => ({ CAPTURE_MATCHER: '0' }) });
  [school, otherSchool] = [await api.login('nanmingSchool'), await api.login('yunyanSchool')];
  // Classes that ran two days ago: uploads up to a week late are allowed for this kind.
  const date = shiftDays(chinaDate(new Date().toISOString()), -2);
  await api.platform.commands.capture.captures.changePolicy({ type: 'ChangeCapturePolicy', kind: 'entrepreneurship', policy: { ...DEFAULT_CAPTURE_POLICY, maxUploadDelayMinutes: 10_080 }, reason: '测试：离线一周内上传' }, province());
  mine = await seedRunningClass(api.platform, { institutionId: ORGS.nanmingSchool, countyOrgId: ORGS.nanming, countyCode: '520102', seq: '3', date });
  theirs = await seedRunningClass(api.platform, { institutionId: ORGS.nanmingSchool, countyOrgId: ORGS.nanming, countyCode: '520102', seq: '4', date });
  await api.settled();
});

afterAll(() => api?.close());

describe('a teacher account', () => {
  it('is created by the engaging institution, once per teacher, with a one-time password, and recorded with who created it', async () => {
    const created = await gql(school, CREATE, { t: mine.teacherId, u: 'js_capture' });
    expect(created.errors).toBeUndefined();
    const r = (created.data as { r: { oneTimePassword: string; result: { id: string } } }).r;
    expect(r.result.id).toBe(teacherAccountUserId(mine.teacherId));
    oneTimePassword = r.oneTimePassword;
    expect(oneTimePassword.length).toBeGreaterThanOrEqual(12);
    const events = await api.platform.store.readStream(`user-${r.result.id}`);
    expect(events.map((e) => e.type)).toEqual(['UserCreated', 'UserPasswordSet']);
    expect(events[0]!.data).toMatchObject({ username: 'js_capture', displayName: '抓拍教师', orgId: ORGS.nanmingSchool, roles: ['teacher'], teacherId: mine.teacherId });
    expect(events[0]!.metadata.actorId).toBe(api.userIds.nanmingSchool);
    // The teacher's record shows it.
    const shown = await gql(school, `{ teacher(id: "${mine.teacherId}") { account { username } } }`);
    expect((shown.data as { teacher: { account: { username: string } } }).teacher.account.username).toBe('js_capture');
  });

  it('is refused a second time, under a name in use, to another institution and to a bad name, and nothing is written', async () => {
    expect(code(await gql(school, CREATE, { t: mine.teacherId, u: 'js_again' }))).toBe('RULE_VIOLATION');
    expect(code(await gql(school, CREATE, { t: theirs.teacherId, u: 'js_capture' }))).toBe('BAD_USER_INPUT');
    expect(code(await gql(school, CREATE, { t: theirs.teacherId, u: '教师' }))).toBe('BAD_USER_INPUT');
    const elsewhere = await gql(otherSchool, CREATE, { t: theirs.teacherId, u: 'js_other' });
    expect([code(elsewhere), elsewhere.errors?.[0]?.message]).toEqual(['NOT_FOUND', '记录不存在或不在您的数据权限范围内']);
    expect(await api.platform.store.readStream(`user-${teacherAccountUserId(theirs.teacherId)}`)).toEqual([]);
  });

  it('must change its password at the first login, then holds the 授课教师 role over the classes taught', async () => {
    const first = await pactum.spec().post(`${api.url}/auth/login`).withJson({ username: 'js_capture', password: oneTimePassword }).expectStatus(200).toss();
    const restricted = sessionFrom(first);
    expect(((await gql(restricted, '{ me { restriction } }')).data as { me: { restriction: string } }).me.restriction).toBe('change_password');
    expect(code(await gql(restricted, '{ captureSessionsOn(date: "2026-03-02") { truncated } }'))).toBe('FORBIDDEN');
    const changed = await gql(restricted, 'mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) { revision } }', { c: oneTimePassword, n: 'Teach-2026-phone' });
    expect(changed.errors).toBeUndefined();
    teacher = sessionFrom(await pactum.spec().post(`${api.url}/auth/login`).withJson({ username: 'js_capture', password: 'Teach-2026-phone' }).expectStatus(200).toss());
    const me = (await gql(teacher, '{ me { restriction roleLabels dataScopeLabel permissions } }')).data as { me: Record<string, unknown> };
    expect(me.me).toEqual({ restriction: null, roleLabels: ['授课教师'], dataScopeLabel: '本人授课班级', permissions: ['capture:record', 'capture:read'] });
  });

  it('sees the sessions, roster and random captures of its own class only', async () => {
    const sessions = (await gql(teacher, `{ r: captureSessionsOn(date: "${mine.date}") { items { classId sessionId teacherId } } }`)).data as { r: { items: { classId: string }[] } };
    expect(sessions.r.items.map((i) => i.classId)).toEqual([mine.classId]);
    // The institution's operator sees both classes of the day.
    const operator = (await gql(school, `{ r: captureSessionsOn(date: "${mine.date}") { items { classId } } }`)).data as { r: { items: { classId: string }[] } };
    expect(operator.r.items.map((i) => i.classId)).toEqual(expect.arrayContaining([mine.classId, theirs.classId]));

    const roster = (await gql(teacher, `{ r: captureRoster(classId: "${mine.classId}", sessionId: "${mine.sessionId}") { personId role } }`)).data as { r: { personId: string }[] };
    expect(roster.r.map((p) => p.personId).sort()).toEqual([mine.traineeId, mine.teacherId].sort());
    for (const query of [`{ r: captureRoster(classId: "${theirs.classId}", sessionId: "${theirs.sessionId}") { personId } }`, `{ r: dueRandomCaptures(classId: "${theirs.classId}") { dueAt } }`, `{ r: classCaptures(classId: "${theirs.classId}") { total } }`]) {
      const body = await gql(teacher, query);
      expect([query, code(body), body.errors?.[0]?.message]).toEqual([query, 'NOT_FOUND', '记录不存在或不在您的数据权限范围内']);
    }
  });

  it('uploads captures to its own class only; another class is missing, and its captures are not shown', async () => {
    const own = await postCapture(teacher, mine);
    expect(own.status).toBe(201);
    const refused = await postCapture(teacher, theirs);
    expect([refused.status, refused.json.errors?.[0]?.extensions.code]).toEqual([404, 'NOT_FOUND']);
    const byOperator = await postCapture(school, theirs, { deviceId: 'operator-phone' });
    expect(byOperator.status).toBe(201);

    const seen = async (id: string) => ((await gql(teacher, `{ r: capture(id: "${id}") { id } }`)).data as { r: { id: string } | null }).r;
    expect(await seen(own.json.data!.captureId)).toEqual({ id: own.json.data!.captureId });
    expect(await seen(byOperator.json.data!.captureId)).toBeNull();
    const listed = (await gql(teacher, '{ r: classCaptures { items { classId } } }')).data as { r: { items: { classId: string }[] } };
    expect(new Set(listed.r.items.map((i) => i.classId))).toEqual(new Set([mine.classId]));
  });

  it('reaches nothing else: business lists are refused, and the record lookups answer as missing', async () => {
    for (const query of ['{ r: trainees { total } }', '{ r: trainingClasses { total } }', '{ r: captureSignals { total } }']) {
      expect([query, code(await gql(teacher, query))]).toEqual([query, 'FORBIDDEN']);
    }
    const photo = await fetch(`${api.url}/captures/${randomUUID()}/photo?reason=x`, { headers: { cookie: teacher.cookie } });
    expect(photo.status).toBe(403);
  });

  it('has its password reset by the creating institution: a new one-time password, the old sessions ended; another institution cannot', async () => {
    const RESET = 'mutation($t: ID!) { r: resetTeacherAccountPassword(teacherId: $t) { oneTimePassword result { id } } }';
    const stream = `user-${teacherAccountUserId(mine.teacherId)}`;
    const before = (await api.platform.store.readStream(stream)).length;
    const elsewhere = await gql(otherSchool, RESET, { t: mine.teacherId });
    expect([code(elsewhere), elsewhere.errors?.[0]?.message]).toEqual(['NOT_FOUND', '记录不存在或不在您的数据权限范围内']);
    expect([code(await gql(school, RESET, { t: theirs.teacherId }))]).toEqual(['RULE_VIOLATION']);
    expect((await api.platform.store.readStream(stream)).length).toBe(before);

    const reset = await gql(school, RESET, { t: mine.teacherId });
    expect(reset.errors).toBeUndefined();
    const fresh = (reset.data as { r: { oneTimePassword: string } }).r.oneTimePassword;
    expect(fresh.length).toBeGreaterThanOrEqual(12);
    const written = (await api.platform.store.readStream(stream)).slice(before);
    expect(written.map((e) => [e.type, e.metadata.actorId])).toEqual([['UserPasswordSet', api.userIds.nanmingSchool]]);
    // The teacher's session on the phone is over; the old password no longer logs in, the new one does (to change it first).
    expect(code(await gql(teacher, '{ me { id } }'))).toBe('UNAUTHENTICATED');
    await pactum.spec().post(`${api.url}/auth/login`).withJson({ username: 'js_capture', password: 'Teach-2026-phone' }).expectStatus(401).toss();
    const again = sessionFrom(await pactum.spec().post(`${api.url}/auth/login`).withJson({ username: 'js_capture', password: fresh }).expectStatus(200).toss());
    expect(((await gql(again, '{ me { restriction } }')).data as { me: { restriction: string } }).me.restriction).toBe('change_password');
  });
});
