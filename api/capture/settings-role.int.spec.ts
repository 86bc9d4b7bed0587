// The built-in role 省级业务配置 (province_settings): the one holder of the province's settings
// (working calendar, eligibility policy, training-kind settings, capture policy and photo
// retention). Held at the province, its holder reads and changes each of them through the API, as
// the console's settings pages do; held at a prefecture it changes nothing; and no other role
// changes them (the access matrix checks every test persona besides).
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { randomBytes, randomUUID } from 'node:crypto';
import pactum from 'pactum';
import { totpCode } from '../../commands/identity/totp';
import { CAPTURE_POLICY_STREAM } from '../../domain/capture/capture-policy';
import { BUILT_IN_ROLES } from '../../domain/identity/roles';
import { sessionFrom, startApiHarness, type ApiHarness, type Session } from '../../testing/api-harness';
import { ORGS, systemRequest } from '../../testing/seed';

jest.setTimeout(120_000);

let api: ApiHarness;
const sessions: Record<'province' | 'guiyang' | 'registrar' | 'supervisor', Session> = {} as never;

/** A user holding province_settings at `orgId`, with the password changed and TOTP enrolled (the role requires it), logged in over HTTP. */
async function settingsHolder(orgId: string, username: string): Promise<Session> {
  const users = api.platform.commands.users;
  const id = randomUUID();
  const once = `Once-${randomBytes(9).toString('base64url')}1a`;
  const password = `Pw-${randomBytes(9).toString('base64url')}9Z`;
  await users.create(id, { username, displayName: username, orgId, roles: ['province_settings'] }, once, systemRequest());
  await users.changeOwnPassword(id, once, password, systemRequest());
  const enrollment = await users.beginTotpEnrollment(id);
  // The enrolment spends the current step; the login uses the next one.
  const enrolled = await users.confirmTotpEnrollment(id, totpCode(enrollment.secret), systemRequest());
  await api.platform.runner.waitFor(enrolled.position!, undefined, 15_000);
  const first = await pactum.spec().post(`${api.url}/auth/login`).withJson({ username, password }).expectStatus(200).toss();
  const { challenge } = (first.json as { data: { secondFactorRequired: boolean; challenge: string } }).data;
  const second = await pactum.spec().post(`${api.url}/auth/login/second-factor`).withJson({ challenge, code: totpCode(enrollment.secret, Date.now() + 30_000) }).expectStatus(200).toss();
  return sessionFrom(second);
}

const POLICY = '{ checkInOpensMinutesBefore: 20, checkInClosesMinutesAfter: 15, checkOutOpensMinutesBefore: 10, checkOutClosesMinutesAfter: 20, randomCapturesPerSession: 1, randomCaptureWindowMinutes: 10, maxDistanceMeters: 300, maxUploadDelayMinutes: 120 }';
const MUTATIONS: [field: string, stream: string, mutation: string][] = [
  ['changeCapturePolicy', CAPTURE_POLICY_STREAM, `mutation { r: changeCapturePolicy(kind: "employment", policy: ${POLICY}, reason: "省级调整签到时段") { revision } }`],
  ['changeCapturePhotoRetention', CAPTURE_POLICY_STREAM, 'mutation { r: changeCapturePhotoRetention(days: 730, reason: "按档案管理要求保存两年") { revision } }'],
  // The console sends every field of a kind's settings; these are the defaults with one changed.
  ['changeTrainingKindSettings', 'training-kind-settings-province', 'mutation { r: changeTrainingKindSettings(kind: "employment", settings: { KIND_SETTINGS }, reason: "提前四个工作日申报") { revision } }'],
  ['changeEligibilityPolicy', 'subsidy-eligibility-policy-province', 'mutation { r: changeEligibilityPolicy(policy: { maxSubsidisedTotal: 3, maxSubsidisedPerYear: 1, sameSubjectOnce: true, noLowerLevelAfterHigher: true, basis: "省级文件" }, reason: "按新文件执行") { revision } }'],
  ['setCalendarDay', 'working-day-calendar-province', 'mutation { r: setCalendarDay(date: "2026-12-28", kind: "holiday", name: "测试假日", reason: "临时调休") { revision } }'],
  ['clearCalendarDay', 'working-day-calendar-province', 'mutation { r: clearCalendarDay(date: "2026-12-28", reason: "取消临时调休") { revision } }'],
];

const streamLength = async (stream: string) => (await api.platform.store.readStream(stream)).length;
const errorCode = (body: { errors?: { extensions: { code: string } }[] }) => body.errors?.[0]?.extensions.code;

beforeAll(async () => {
  api = await startApiHarness();
  sessions.province = await settingsHolder(ORGS.province, 'pz_province');
  sessions.guiyang = await settingsHolder(ORGS.guiyang, 'pz_guiyang');
  sessions.registrar = await api.login('nanmingRegistrar');
  sessions.supervisor = await api.login('provinceSupervisor');
});

afterAll(() => api?.close());

describe('省级业务配置', () => {
  it('is a built-in business role with a second factor and the settings permissions only', async () => {
    const role = BUILT_IN_ROLES.find((r) => r.name === 'province_settings')!;
    expect([role.label, role.duty, role.requiresSecondFactor]).toEqual(['省级业务配置', 'business', true]);
    const me = await api.graphql(sessions.province, '{ me { permissions roles } }');
    expect(new Set((me.data as { me: { permissions: string[] } }).me.permissions)).toEqual(new Set(['organization:read', 'training-class:read', 'training-class:settings', 'capture:settings']));
    // Nothing of the business records: the trainee list is refused.
    expect(errorCode(await api.graphql(sessions.province, '{ r: trainees { total } }'))).toBe('FORBIDDEN');
  });

  it('reads what the settings pages show', async () => {
    const body = await api.graphql(sessions.province, '{ c: captureSettings { photoRetentionDays policies { kind } } k: trainingKindSettings { kind } e: eligibilityPolicy { version } w: workingCalendar(year: 2026) { year } }');
    expect(body.errors).toBeUndefined();
    const data = body.data as { c: { policies: unknown[] }; k: unknown[]; w: { year: number } };
    expect([data.c.policies.length > 0, data.k.length > 0, data.w.year]).toEqual([true, true, 2026]);
  });

  it('reads the kind settings the console edits', async () => {
    const body = await api.graphql(sessions.province, '{ k: trainingKindSettings { kind declarationLeadWorkingDays reviewLevels minutesPerClassHour minAttendancePercent classDayThresholdPercent checkToleranceMinutes assessmentRequired followUpMonths followUpGraceDays } }');
    const { kind: _kind, ...employment } = (body.data as { k: Record<string, unknown>[] }).k.find((k) => k.kind === 'employment')!;
    const fields = Object.entries({ ...employment, declarationLeadWorkingDays: (employment.declarationLeadWorkingDays as number) + 1 }).map(([k, v]) => `${k}: ${JSON.stringify(v)}`);
    for (const entry of MUTATIONS) entry[2] = entry[2].replace('KIND_SETTINGS', fields.join(', '));
    expect(MUTATIONS.some((m) => m[2].includes('KIND_SETTINGS'))).toBe(false);
  });

  it('held at a prefecture, or by another role, changes none of the settings and writes nothing', async () => {
    for (const [who, session] of [['guiyang', sessions.guiyang], ['registrar', sessions.registrar], ['supervisor', sessions.supervisor]] as const) {
      for (const [field, stream, mutation] of MUTATIONS) {
        const before = await streamLength(stream);
        expect([who, field, errorCode(await api.graphql(session, mutation))]).toEqual([who, field, 'FORBIDDEN']);
        expect(await streamLength(stream)).toBe(before);
      }
    }
  });

  it('held at the province, changes each setting, each change an event with its actor', async () => {
    for (const [field, stream, mutation] of MUTATIONS) {
      const before = await streamLength(stream);
      const body = await api.graphql(sessions.province, mutation);
      expect([field, body.errors]).toEqual([field, undefined]);
      const events = await api.platform.store.readStream(stream);
      expect([field, events.length > before]).toEqual([field, true]);
      expect(events.at(-1)!.metadata.actorRole).toContain('province_settings');
    }
    const after = await api.graphql(sessions.province, '{ c: captureSettings { photoRetentionDays policies { kind maxDistanceMeters } } }', {}, await api.settled());
    const settings = (after.data as { c: { photoRetentionDays: number; policies: { kind: string; maxDistanceMeters: number }[] } }).c;
    expect([settings.photoRetentionDays, settings.policies.find((p) => p.kind === 'employment')?.maxDistanceMeters]).toEqual([730, 300]);
  });
});
