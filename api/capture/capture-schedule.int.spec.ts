// Random captures (随机抓拍) are drawn when a class's timetable takes effect (its opening, its start,
// an approved change, a resumption), by the schedule drawer, not when someone first asks: reading
// what is due (the institution's phone) or the whole schedule (a supervisor) writes nothing, and a
// random capture is checked against the times drawn before it.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { shiftDays } from '../../domain/calendar/working-days';
import { DEFAULT_CAPTURE_POLICY } from '../../domain/capture/capture-policy';
import { chinaDate } from '../../domain/personal-data/normalize';
import { startApiHarness, type ApiHarness, type Session } from '../../testing/api-harness';
import { samplePhoto } from '../../testing/face-samples';
import { ORGS } from '../../testing/seed';
import { waitUntil } from '../../testing/wait-until';
import { province } from '../training-class/testing/class-world';
import { at, seedRunningClass, type RunningClass } from './testing/capture-world';

jest.setTimeout(180_000);

let api: ApiHarness;
let school: Session;
let supervisor: Session;
let klass: RunningClass;
const scheduleStream = () => `capture-schedule-${klass.classId}`;
const events = () => api.platform.store.readStream(scheduleStream());

beforeAll(async () => {
  api = await startApiHarness({ env: () => ({ CAPTURE_MATCHER: '0' }) });
  [school, supervisor] = [await api.login('nanmingSchool'), await api.login('provinceSupervisor')];
  // Two random captures in each session, a week's offline uploads allowed; the class ran two days ago.
  await api.platform.commands.capture.captures.changePolicy({ type: 'ChangeCapturePolicy', kind: 'entrepreneurship', policy: { ...DEFAULT_CAPTURE_POLICY, randomCapturesPerSession: 2, maxUploadDelayMinutes: 10_080 }, reason: '测试：每节课两次随机抓拍' }, province());
  klass = await seedRunningClass(api.platform, { institutionId: ORGS.nanmingSchool, countyOrgId: ORGS.nanming, countyCode: '520102', seq: '5', date: shiftDays(chinaDate(new Date().toISOString()), -2) });
});

afterAll(() => api?.close());

describe('the random-capture schedule', () => {
  it('is drawn once the class is open, by the server, inside the session between the check-in and the check-out windows', async () => {
    const drawn = await waitUntil(events, (e) => e.length > 0, { what: 'the schedule drawn for the opened class', timeoutMs: 60_000, intervalMs: 200 });
    expect(drawn.map((e) => e.type)).toEqual(['CaptureScheduleDrawn']);
    const { sessions } = drawn[0]!.data as { sessions: { sessionId: string; times: string[] }[] };
    expect(sessions.map((s) => [s.sessionId, s.times.length])).toEqual([[klass.sessionId, 2]]);
    // 09:00-12:00 China time; the check-in closes 09:15 and the check-out opens 11:45.
    for (const t of sessions[0]!.times) expect(t >= at(klass.date, '09:15') && t <= at(klass.date, '11:45')).toBe(true);
    expect(drawn[0]!.metadata.actorId).toBe('system:capture-schedule');
  });

  it('is read, never written, by the phone\'s due list and the supervisor\'s schedule', async () => {
    const before = (await events()).length;
    const schedule = await api.graphql(supervisor, `{ r: captureSchedule(classId: "${klass.classId}") { sessionId times } }`);
    const due = await api.graphql(school, `{ r: dueRandomCaptures(classId: "${klass.classId}") { dueAt } }`);
    expect([schedule.errors, due.errors]).toEqual([undefined, undefined]);
    const recorded = ((await events())[0]!.data as { sessions: { sessionId: string; times: string[] }[] }).sessions;
    expect((schedule.data as { r: unknown }).r).toEqual(recorded.map((s) => ({ sessionId: s.sessionId, times: s.times })));
    // The session was two days ago: nothing is due now.
    expect((due.data as { r: unknown[] }).r).toEqual([]);
    expect((await events()).length).toBe(before);
  });

  it('checks a random capture against the drawn times: in a drawn slot it is on time', async () => {
    const times = ((await events())[0]!.data as { sessions: { times: string[] }[] }).sessions[0]!.times;
    const taken = new Date(Date.parse(times[1]!) + 60_000).toISOString();
    const accepted = await api.platform.commands.capture.captures.accept(
      { deviceCaptureId: randomUUID(), deviceId: 'phone-r', classId: klass.classId, sessionId: klass.sessionId, kind: 'random', personKind: 'trainee', personId: klass.traineeId, deviceTime: taken, latitude: klass.venue.latitude, longitude: klass.venue.longitude, accuracyMeters: 10 },
      samplePhoto(1),
      { actor: { id: 'capture-operator-5', role: 'tester', orgId: ORGS.nanmingSchool }, commandId: randomUUID(), correlationId: randomUUID(), ip: null },
    );
    // Two drawn times may lie within one window of each other: the slot is the first that holds the photo's time.
    const slot = times.findIndex((t) => Date.parse(taken) >= Date.parse(t) && Date.parse(taken) <= Date.parse(t) + 10 * 60_000);
    expect(accepted.state.status === 'accepted' && { timing: accepted.state.capture.timing, slot: accepted.state.capture.randomSlot }).toEqual({ timing: 'on_time', slot });
    expect((await events()).length).toBe(1);
  });
});
