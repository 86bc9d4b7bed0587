// The capture modules' part of the access matrix (api/security/access-matrix.int.spec.ts; used by
// specs only): a running class of each school with one check-in each, taken far from the venue, so
// the capture list and the supervisors' queue answer someone; and the out-of-scope probe of every
// capture query and mutation on 南明's records (outside 云岩's and 遵义's scope). The matrix runs
// without the matcher (CAPTURE_MATCHER=0): it checks scope, not faces, and a face pool would only
// cost memory (api/capture/capture-api.int.spec.ts matches real photos).
import { captureStreams } from '../../../domain/capture/capture';
export { CAPTURE_POLICY_STREAM } from '../../../domain/capture/capture-policy';
import { captureSignalStreams } from '../../../domain/capture/capture-signal';
import { signalIdOf } from '../../../commands/capture/signal-detector';
import { samplePhoto } from '../../../testing/face-samples';
import { ORGS } from '../../../testing/seed';
import { waitUntil } from '../../../testing/wait-until';
import type { Platform } from '../../platform';
import { teacherAccountUserId } from '../../teacher/teacher-account-graphql';
import { actorAt, at, seedRunningClass, type RunningClass } from './capture-world';

export interface CaptureRecords {
  nanming: RunningClass & { captureId: string; signalId: string };
  yunyan: RunningClass & { captureId: string; signalId: string };
}

/** A fixed Monday in the past: every step happens at its moment, so the seed does not depend on today. */
const DAY = '2026-03-02';
/** 遵义, about 130 km from the classes' venue in 贵阳: a 远离培训地点 signal for each check-in. */
const FAR_AWAY = { latitude: 27.72, longitude: 106.93 };

async function captureFar(platform: Platform, klass: RunningClass, seq: string) {
  const upload = {
    deviceCaptureId: `matrix-${seq}`,
    deviceId: `matrix-phone-${seq}`,
    classId: klass.classId,
    sessionId: klass.sessionId,
    kind: 'check_in',
    personKind: 'trainee',
    personId: klass.traineeId,
    deviceTime: at(DAY, '09:05'),
    ...FAR_AWAY,
    accuracyMeters: 20,
  };
  const accepted = await platform.commands.capture.captures.accept(upload, samplePhoto(1), actorAt(`capture-operator-${seq}`, klass.institutionId, at(DAY, '09:06')));
  const captureId = captureStreams.idOf(accepted.streamId)!;
  const signalId = signalIdOf(`far:${captureId}`);
  await waitUntil(() => platform.store.readStream(captureSignalStreams.streamId(signalId)), (events) => events.length > 0, { what: 'the far-from-venue signal of the seeded capture', timeoutMs: 30_000 });
  return { ...klass, captureId, signalId };
}

export async function seedCaptureRecords(platform: Platform): Promise<CaptureRecords> {
  const nanming = await seedRunningClass(platform, { institutionId: ORGS.nanmingSchool, countyOrgId: ORGS.nanming, countyCode: '520102', seq: '7', date: DAY });
  const yunyan = await seedRunningClass(platform, { institutionId: ORGS.yunyanSchool, countyOrgId: ORGS.yunyan, countyCode: '520103', seq: '8', date: DAY });
  return { nanming: await captureFar(platform, nanming, '7'), yunyan: await captureFar(platform, yunyan, '8') };
}

/** Record queries and mutations of the capture modules, each probed out of scope by captureProbes. */
export const CAPTURE_PROBED = [
  'capture', 'classCaptures', 'captureRoster', 'dueRandomCaptures', 'captureSchedule', 'rematchClassCaptures', 'attendanceExclusions',
  'captureSignal', 'confirmCaptureSignal', 'dismissCaptureSignal', 'enrolTraineeReferenceFace', 'enrolTeacherReferenceFace',
  'createTeacherAccount',
  'resetTeacherAccountPassword',
] as const;

/** Fields that name no record of another organisation, and where their scope is tested. */
export const CAPTURE_NOT_A_RECORD: Record<string, string> = {
  captureSettings: 'the capture policy in force, the same for everyone',
  changeCapturePolicy: 'the province\'s policy: refused to everyone but the provincial authority with capture:settings, nothing written (tested in the capture section below)',
  changeCapturePhotoRetention: 'the province\'s setting, as changeCapturePolicy',
  openCaptureSignalCounts: 'counts over the queue\'s SQL under the caller\'s data scope (the captureSignals list is checked above)',
  captureSessionsOn: 'a day\'s sessions of the running classes under the caller\'s data scope, named by date, not by record (tested in the capture section below: 云岩\'s operator lists its own class\'s session and not 南明\'s, 遵义\'s reviewer neither)',
};

/** One probe per CAPTURE_PROBED field: the stream it must leave unchanged and the operation. */
export function captureProbes(r: CaptureRecords): { field: (typeof CAPTURE_PROBED)[number]; stream: string; query: string }[] {
  const { classId, traineeId, teacherId, sessionId, captureId, signalId } = r.nanming;
  const klass = `training-class-${classId}`;
  const capture = captureStreams.streamId(captureId);
  const signal = captureSignalStreams.streamId(signalId);
  const file = '00000000-0000-4000-8000-000000000000';
  return [
    { field: 'capture', stream: capture, query: `{ r: capture(id: "${captureId}") { id } }` },
    { field: 'classCaptures', stream: klass, query: `{ r: classCaptures(classId: "${classId}") { total } }` },
    { field: 'captureRoster', stream: klass, query: `{ r: captureRoster(classId: "${classId}", sessionId: "${sessionId}") { personId } }` },
    { field: 'dueRandomCaptures', stream: `capture-schedule-${classId}`, query: `{ r: dueRandomCaptures(classId: "${classId}") { dueAt } }` },
    { field: 'captureSchedule', stream: `capture-schedule-${classId}`, query: `{ r: captureSchedule(classId: "${classId}") { times } }` },
    { field: 'rematchClassCaptures', stream: capture, query: `mutation { r: rematchClassCaptures(classId: "${classId}") }` },
    { field: 'attendanceExclusions', stream: klass, query: `{ r: attendanceExclusions(classId: "${classId}") { signalId } }` },
    { field: 'captureSignal', stream: signal, query: `{ r: captureSignal(id: "${signalId}") { id } }` },
    { field: 'confirmCaptureSignal', stream: signal, query: `mutation { r: confirmCaptureSignal(id: "${signalId}", reason: "测试") { revision } }` },
    { field: 'dismissCaptureSignal', stream: signal, query: `mutation { r: dismissCaptureSignal(id: "${signalId}", reason: "测试") { revision } }` },
    { field: 'enrolTraineeReferenceFace', stream: `trainee-${traineeId}`, query: `mutation { r: enrolTraineeReferenceFace(id: "${traineeId}", fileId: "${file}") { revision } }` },
    { field: 'enrolTeacherReferenceFace', stream: `teacher-${teacherId}`, query: `mutation { r: enrolTeacherReferenceFace(id: "${teacherId}", fileId: "${file}") { revision } }` },
    // The account a teacher of another institution would get: its user stream stays empty.
    { field: 'createTeacherAccount', stream: `user-${teacherAccountUserId(teacherId)}`, query: `mutation { r: createTeacherAccount(teacherId: "${teacherId}", username: "probe_teacher") { oneTimePassword } }` },
    { field: 'resetTeacherAccountPassword', stream: `user-${teacherAccountUserId(teacherId)}`, query: `mutation { r: resetTeacherAccountPassword(teacherId: "${teacherId}") { oneTimePassword } }` },
  ];
}

/** The province's capture settings, which no test user may change (none holds capture:settings at the province). */
export const CAPTURE_SETTINGS_MUTATIONS: [string, string][] = [
  ['changeCapturePolicy', 'mutation { r: changeCapturePolicy(kind: "employment", policy: { checkInOpensMinutesBefore: 10, checkInClosesMinutesAfter: 10, checkOutOpensMinutesBefore: 10, checkOutClosesMinutesAfter: 10, randomCapturesPerSession: 0, randomCaptureWindowMinutes: 10, maxDistanceMeters: 100, maxUploadDelayMinutes: 60 }, reason: "测试") { revision } }'],
  ['changeCapturePhotoRetention', 'mutation { r: changeCapturePhotoRetention(days: 400, reason: "测试") { revision } }'],
];
