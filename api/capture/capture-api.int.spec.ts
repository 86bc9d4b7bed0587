// Captures over the API as a phone sends them (issue 13 §2, §4): POST /captures as multipart, the
// match recorded afterwards by the real embedded engine on faces from face-api's sample photos, the
// repeat of an upload writing nothing, refusals with their reason (recorded where they could be an
// attack), the audited photo view, and the supervisors' queue confirming a face mismatch so its
// attendance is excluded.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { shiftDays } from '../../domain/calendar/working-days';
import { DEFAULT_CAPTURE_POLICY } from '../../domain/capture/capture-policy';
import { chinaDate } from '../../domain/personal-data/normalize';
import { startApiHarness, type ApiHarness, type Session } from '../../testing/api-harness';
import { around, cropped, sampleImage, samplePhoto, toJpeg } from '../../testing/face-samples';
import { ORGS } from '../../testing/seed';
import { uploadFile } from '../../testing/spreadsheets';
import { waitUntil } from '../../testing/wait-until';
import { province } from '../training-class/testing/class-world';
import { at, seedRunningClass, type RunningClass } from './testing/capture-world';

// Inference is CPU-bound and the machine is shared: allow for a slow run rather than fail on time.
jest.setTimeout(240_000);

let api: ApiHarness;
let school: Session;
let reviewer: Session;
let outsider: Session;
let klass: RunningClass;
/** Two different people's faces cut out of sample 1, and the first one's again at low JPEG quality. */
const faces: Record<'reference' | 'same' | 'other', Buffer> = { reference: Buffer.alloc(0), same: Buffer.alloc(0), other: Buffer.alloc(0) };

type Answer = { status: number; json: { data?: Record<string, unknown>; errors?: { message: string; extensions: { code: string; reason?: string } }[] } };

async function postCapture(session: Session, fields: Record<string, string | number>, photo: Buffer | undefined): Promise<Answer> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, String(value));
  if (photo) form.append('photo', new Blob([new Uint8Array(photo)], { type: 'image/jpeg' }), 'capture.jpg');
  const response = await fetch(`${api.url}/captures`, { method: 'POST', headers: { cookie: session.cookie, 'x-csrf-token': session.csrf }, body: form });
  return { status: response.status, json: (await response.json()) as Answer['json'] };
}

const upload = (over: Record<string, string | number> = {}) => ({
  deviceCaptureId: randomUUID(),
  deviceId: 'phone-a',
  classId: klass.classId,
  sessionId: klass.sessionId,
  kind: 'check_in',
  personKind: 'trainee',
  personId: klass.traineeId,
  deviceTime: at(klass.date, '09:05'),
  latitude: klass.venue.latitude + 0.001,
  longitude: klass.venue.longitude,
  accuracyMeters: 15,
  ...over,
});

const CAPTURE = '{ r: capture(id: $id) { id status personName kind timing distanceMeters photoSm3 match { outcome matched distance threshold faceCount engineVersion advice } } }';
const captureOf = async (id: string) => (await api.graphql<{ r: { match: Record<string, unknown> | null } & Record<string, unknown> }>(school, `query($id: ID!) ${CAPTURE}`, { id }, await api.settled())).data!.r;
const matchOf = (id: string) => waitUntil(() => captureOf(id), (c) => c?.match != null, { what: `the match of capture ${id}`, timeoutMs: 180_000, intervalMs: 500 });

beforeAll(async () => {
  api = await startApiHarness();
  [school, reviewer, outsider] = [await api.login('nanmingSchool'), await api.login('nanmingReviewer'), await api.login('yunyanReviewer')];
  // A class that ran two days ago: offline uploads are allowed up to a week late for this test's kind.
  const date = shiftDays(chinaDate(new Date().toISOString()), -2);
  await api.platform.commands.capture.captures.changePolicy({ type: 'ChangeCapturePolicy', kind: 'entrepreneurship', policy: { ...DEFAULT_CAPTURE_POLICY, maxUploadDelayMinutes: 10_080 }, reason: '测试：离线一周内上传' }, province());
  klass = await seedRunningClass(api.platform, { institutionId: ORGS.nanmingSchool, countyOrgId: ORGS.nanming, countyCode: '520102', seq: '1', date });
  // The two largest faces of sample 1, framed as a phone would (the engine finds the boxes).
  const image = sampleImage(1);
  const analysis = await (await api.platform.face.engine()).analyze(samplePhoto(1));
  const [first, second] = [...analysis.faces].sort((a, b) => b.box.width - a.box.width).map((f) => cropped(image, around(image, f.box, 0.8)));
  faces.reference = toJpeg(first!, 92);
  faces.same = toJpeg(first!, 45);
  faces.other = toJpeg(second!, 92);
  await api.settled();
});

afterAll(() => api?.close());

describe('the reference face', () => {
  it('is enrolled from a photo uploaded for the purpose: only its hash and sealed descriptor are recorded', async () => {
    const file = await uploadFile(api.url, school, '本人照片.jpg', faces.reference, { purpose: 'reference-face' });
    expect(file.status).toBe(201);
    const fileId = (file.json as { fileId: string }).fileId;
    const enrolled = await api.graphql(school, 'mutation($id: ID!, $f: ID!) { enrolTraineeReferenceFace(id: $id, fileId: $f) { revision } }', { id: klass.traineeId, f: fileId });
    expect(enrolled.errors).toBeUndefined();
    const events = await api.platform.store.readStream(`trainee-${klass.traineeId}`);
    const event = events.at(-1)!;
    expect(event.type).toBe('TraineeReferenceFaceEnrolled');
    expect(JSON.stringify(event.data)).not.toMatch(/"descriptor":\[/);
    const shown = await api.graphql<{ trainee: { referenceFace: { sourceLabel: string } } }>(school, 'query($id: ID!) { trainee(id: $id) { referenceFace { sourceLabel } } }', { id: klass.traineeId }, await api.settled());
    expect(shown.data?.trainee.referenceFace.sourceLabel).toBeTruthy();
  });

  it('refuses a photo with no face, in Chinese', async () => {
    const blank = toJpeg({ width: 200, height: 200, data: new Uint8Array(200 * 200 * 3).fill(128) }, 90);
    const file = await uploadFile(api.url, school, '空白.jpg', blank, { purpose: 'reference-face' });
    const refused = await api.graphql(school, 'mutation($id: ID!, $f: ID!) { enrolTeacherReferenceFace(id: $id, fileId: $f) { revision } }', { id: klass.teacherId, f: (file.json as { fileId: string }).fileId });
    expect(refused.errors?.[0]?.extensions.code).toBe('REFERENCE_PHOTO_REFUSED');
    expect(refused.errors?.[0]?.message).toMatch(/^未检测到人脸/);
  });
});

describe('a capture', () => {
  let captureId = '';
  let fields: Record<string, string | number>;
  beforeAll(() => void (fields = upload()));

  it('is accepted at once (201), then matched as a second fact by the engine', async () => {
    const first = await postCapture(school, fields, faces.same);
    expect([first.status, first.json.data?.status, first.json.data?.repeated, first.json.data?.timing]).toEqual([201, 'accepted', false, 'on_time']);
    captureId = first.json.data!.captureId as string;
    const matched = await matchOf(captureId);
    expect(matched).toMatchObject({ status: 'accepted', personName: '抓拍学员', kind: 'check_in', match: { outcome: 'matched', matched: true, faceCount: 1, threshold: 0.45 } });
    expect(matched.match!.distance as number).toBeLessThan(0.45);
    const types = (await api.platform.store.readStream(`capture-${captureId}`)).map((e) => e.type);
    expect(types).toEqual(['CaptureAccepted', 'CaptureMatched']);
    // The photo is never in an event: its SM3 is.
    const accepted = (await api.platform.store.readStream(`capture-${captureId}`))[0]!.data as { photo: Record<string, unknown> };
    expect(Object.keys(accepted.photo).sort()).toEqual(['contentType', 'height', 'sha256', 'size', 'sm3', 'width']);
  });

  it('sent again after a network failure records nothing new (200, repeated)', async () => {
    const before = (await api.platform.store.readStream(`capture-${captureId}`)).length;
    const again = await postCapture(school, fields, faces.same);
    expect([again.status, again.json.data?.captureId, again.json.data?.repeated]).toEqual([200, captureId, true]);
    expect((await api.platform.store.readStream(`capture-${captureId}`)).length).toBe(before);
  });

  it('under the same device capture id with another photo is refused and recorded as a security event', async () => {
    const reused = await postCapture(school, fields, faces.other);
    expect([reused.status, reused.json.errors?.[0]?.extensions.code, reused.json.errors?.[0]?.extensions.reason]).toEqual([422, 'CAPTURE_REFUSED', 'CAPTURE_ID_REUSED']);
    expect((await api.platform.store.readStream(`capture-${captureId}`)).map((e) => e.type)).toEqual(['CaptureAccepted', 'CaptureMatched', 'CaptureRefused']);
  });

  it('shows in the class list and the session roster (who still has to check in or out)', async () => {
    const list = await api.graphql<{ classCaptures: { total: number; items: { id: string; className: string; institutionName: string }[] } }>(
      school,
      'query($c: ID) { classCaptures(classId: $c, filter: { status: "accepted", kind: "check_in", outcome: "matched" }) { total items { id className institutionName } } }',
      { c: klass.classId },
      await api.settled(),
    );
    expect(list.data?.classCaptures.items).toEqual([{ id: captureId, className: 'SYB创业培训班（抓拍1）', institutionName: '贵阳市南明区阳光职业技能培训学校' }]);
    // Without a class: every capture in the caller's scope; another county's reviewer sees none of them.
    const all = await api.graphql<{ classCaptures: { total: number } }>(outsider, '{ classCaptures { total } }');
    expect(all.data?.classCaptures.total).toBe(0);
    const pending = await api.graphql<{ classCaptures: { total: number } }>(school, 'query($c: ID) { classCaptures(classId: $c, filter: { outcome: "pending" }) { total } }', { c: klass.classId });
    expect(pending.data?.classCaptures.total).toBe(0);
    const roster = await api.graphql<{ captureRoster: { personId: string; role: string; hasReferenceFace: boolean; checkIn: { id: string } | null; checkOut: unknown }[] }>(
      school,
      'query($c: ID!, $s: String!) { captureRoster(classId: $c, sessionId: $s) { personId role hasReferenceFace checkIn { id } checkOut { id } } }',
      { c: klass.classId, s: klass.sessionId },
    );
    expect(roster.data?.captureRoster).toEqual([
      { personId: klass.traineeId, role: 'participant', hasReferenceFace: true, checkIn: { id: captureId }, checkOut: null },
      { personId: klass.teacherId, role: 'teacher', hasReferenceFace: false, checkIn: null, checkOut: null },
    ]);
  });

  it('photo opens for a supervisor with a reason, each view recorded; never for the institution or another county', async () => {
    const path = `/captures/${captureId}/photo`;
    const get = (session: Session, query: string) => fetch(`${api.url}${path}${query}`, { headers: { cookie: session.cookie } });
    const viewed = await get(reviewer, `?reason=${encodeURIComponent('核查签到')}`);
    expect(viewed.status).toBe(200);
    expect(Buffer.from(await viewed.arrayBuffer()).equals(faces.same)).toBe(true);
    expect(viewed.headers.get('cache-control')).toBe('private, no-store');
    const events = await api.platform.store.readStream(`capture-${captureId}`);
    expect(events.at(-1)).toMatchObject({ type: 'CapturePhotoViewed', data: { reason: '核查签到', signalId: null } });
    expect((await get(reviewer, '')).status).toBe(400);
    expect((await get(school, '?reason=x')).status).toBe(403);
    const foreign = await get(outsider, '?reason=x');
    expect([foreign.status, ((await foreign.json()) as Answer['json']).errors?.[0]?.message]).toEqual([404, '抓拍记录不存在或您无权查看']);
    expect((await api.platform.store.readStream(`capture-${captureId}`)).length).toBe(events.length);
  });
});

describe('refusals', () => {
  it('answer a clear Chinese reason, and the suspicious ones are recorded', async () => {
    const stranger = await postCapture(school, upload({ personId: randomUUID() }), faces.same);
    expect([stranger.status, stranger.json.errors?.[0]?.extensions.reason, stranger.json.errors?.[0]?.message]).toEqual([422, 'NOT_ON_ROSTER', '该人员不在本班名册中，也不是本节课的授课教师']);
    const late = await postCapture(school, upload({ deviceTime: at(klass.date, '15:00') }), faces.same);
    expect([late.status, late.json.errors?.[0]?.extensions.reason]).toEqual([422, 'SESSION_NOT_RUNNING']);
    const unreadable = await postCapture(school, upload(), Buffer.from('GIF89a not a photo'));
    expect([unreadable.status, unreadable.json.errors?.[0]?.extensions.reason]).toEqual([422, 'IMAGE_UNREADABLE']);
    const noPhoto = await postCapture(school, upload(), undefined);
    expect([noPhoto.status, noPhoto.json.errors?.[0]?.message]).toEqual([400, '请求中没有照片（字段名应为 photo）']);
    const badKind = await postCapture(school, upload({ kind: 'sideways' }), faces.same);
    expect([badKind.status, badKind.json.errors?.[0]?.extensions.code]).toEqual([400, 'BAD_USER_INPUT']);
    const refused = await api.graphql<{ classCaptures: { items: { refusalReason: string }[] } }>(school, 'query($c: ID) { classCaptures(classId: $c, filter: { status: "refused" }) { items { refusalReason } } }', { c: klass.classId }, await api.settled());
    expect(refused.data?.classCaptures.items.map((i) => i.refusalReason).sort()).toEqual(['IMAGE_UNREADABLE', 'NOT_ON_ROSTER', 'SESSION_NOT_RUNNING']);
  });

  it('a reviewer cannot upload, and another institution\'s class looks missing', async () => {
    const asReviewer = await postCapture(reviewer, upload(), faces.same);
    expect([asReviewer.status, asReviewer.json.errors?.[0]?.extensions.code]).toEqual([403, 'FORBIDDEN']);
    const yunyan = await api.login('yunyanSchool');
    const foreign = await postCapture(yunyan, upload(), faces.same);
    expect([foreign.status, foreign.json.errors?.[0]?.message]).toEqual([404, '培训班级不存在']);
  });
});

describe('the supervisors\' queue', () => {
  it('raises a face mismatch with its evidence; confirmed with a reason, the attendance is excluded and cannot be dismissed', async () => {
    const checkOut = await postCapture(school, upload({ kind: 'check_out', deviceTime: at(klass.date, '12:05') }), faces.other);
    expect(checkOut.status).toBe(201);
    const captureId = checkOut.json.data!.captureId as string;
    expect((await matchOf(captureId)).match).toMatchObject({ outcome: 'not_matched', matched: false, advice: '人脸与登记照片不一致，请本人重新拍摄' });
    const QUEUE = 'query($f: CaptureSignalFilter) { captureSignals(filter: $f) { total items { id kind kindLabel status institutionName countyName personName evidence captures { id photoAvailable } affected { sessionId personKey } } } }';
    const found = await waitUntil(
      async () => (await api.graphql<{ captureSignals: { items: { id: string; captures: { id: string }[] }[] } }>(reviewer, QUEUE, { f: { kind: 'face_mismatch', institutionId: ORGS.nanmingSchool } }, await api.settled())).data!.captureSignals.items,
      (items) => items.length === 1,
      { what: 'the face-mismatch signal', timeoutMs: 30_000 },
    );
    const signal = found[0]!;
    expect(signal).toMatchObject({ kind: 'face_mismatch', status: 'open', institutionName: '贵阳市南明区阳光职业技能培训学校', personName: '抓拍学员', captures: [{ id: captureId, photoAvailable: true }] });
    // The institution itself never sees the queue; another county sees nothing of it.
    expect((await api.graphql(school, QUEUE, {})).errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect((await api.graphql<{ captureSignals: { total: number } }>(outsider, QUEUE, { f: {} })).data?.captureSignals.total).toBe(0);

    const noReason = await api.graphql(reviewer, 'mutation($id: ID!) { confirmCaptureSignal(id: $id, reason: "") { revision } }', { id: signal.id });
    expect(noReason.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    const confirmed = await api.graphql(reviewer, 'mutation($id: ID!) { confirmCaptureSignal(id: $id, reason: "照片与本人明显不符，经核实为他人代签") { revision } }', { id: signal.id });
    expect(confirmed.errors).toBeUndefined();
    const dismissed = await api.graphql(reviewer, 'mutation($id: ID!) { dismissCaptureSignal(id: $id, reason: "误报") { revision } }', { id: signal.id });
    expect([dismissed.errors?.[0]?.extensions.code, dismissed.errors?.[0]?.message]).toEqual(['RULE_VIOLATION', '该预警已确认，不能再排除']);
    const exclusions = await api.graphql<{ attendanceExclusions: { signalId: string; sessionId: string; personKey: string }[] }>(reviewer, 'query($c: ID!) { attendanceExclusions(classId: $c) { signalId sessionId personKey } }', { c: klass.classId }, await api.settled());
    expect(exclusions.data?.attendanceExclusions).toEqual([{ signalId: signal.id, sessionId: klass.sessionId, personKey: `trainee:${klass.traineeId}` }]);
  });
});

describe('photo retention', () => {
  it('removes photos past the retention, each removal recorded, and keeps the evidence of a confirmed signal', async () => {
    await api.settled();
    const captures = async () =>
      (await api.graphql<{ classCaptures: { items: { id: string; kind: string; photoAvailable: boolean }[] } }>(reviewer, 'query($c: ID) { classCaptures(classId: $c, filter: { status: "accepted" }) { items { id kind photoAvailable } } }', { c: klass.classId }, await api.settled())).data!.classCaptures.items;
    const before = await captures();
    expect(before.map((c) => c.photoAvailable)).toEqual([true, true]);
    // Four years on: past the default 1,095 days.
    const result = await api.platform.commands.capture.purgeExpiredPhotos(new Date(Date.now() + 4 * 365 * 86_400_000));
    expect(result).toEqual({ purged: 1, deleted: 1 });
    const after = await captures();
    const checkIn = after.find((c) => c.kind === 'check_in')!;
    const evidence = after.find((c) => c.kind === 'check_out')!;
    expect([checkIn.photoAvailable, evidence.photoAvailable]).toEqual([false, true]);
    expect((await api.platform.store.readStream(`capture-${checkIn.id}`)).at(-1)).toMatchObject({ type: 'CapturePhotoPurged', data: { retentionDays: 1095 } });
    const view = (id: string) => fetch(`${api.url}/captures/${id}/photo?reason=${encodeURIComponent('核查')}`, { headers: { cookie: reviewer.cookie } });
    const gone = await view(checkIn.id);
    expect([gone.status, ((await gone.json()) as Answer['json']).errors?.[0]?.message]).toEqual([409, '该抓拍照片已超过保存期限并已删除']);
    expect((await view(evidence.id)).status).toBe(200);
    // Run again: nothing left to remove.
    await api.settled();
    expect(await api.platform.commands.capture.purgeExpiredPhotos(new Date(Date.now() + 4 * 365 * 86_400_000))).toEqual({ purged: 0, deleted: 0 });
  });
});

describe('the detector\'s sweep', () => {
  it('raises 授课教师未到岗 for a session whose teacher was never captured, once however often it runs', async () => {
    const detector = api.platform.commands.capture.detector;
    await detector.sweep(new Date());
    await detector.sweep(new Date());
    const QUEUE = 'query($f: CaptureSignalFilter) { captureSignals(filter: $f) { total items { personName sessionId affected { sessionId personKey } evidence } } }';
    const found = await api.graphql<{ captureSignals: { total: number; items: { personName: string; sessionId: string; affected: { sessionId: string; personKey: string | null }[]; evidence: { teacherCaptures: number; capturesOfOthers: number } }[] } }>(
      reviewer,
      QUEUE,
      { f: { kind: 'teacher_absent', classId: klass.classId } },
      await api.settled(),
    );
    expect(found.data?.captureSignals.total).toBe(1);
    const signal = found.data!.captureSignals.items[0]!;
    // The session counts for no one if this is confirmed.
    expect(signal).toMatchObject({ personName: '抓拍教师', sessionId: klass.sessionId, affected: [{ sessionId: klass.sessionId, personKey: null }], evidence: { teacherCaptures: 0, capturesOfOthers: 2 } });
  });
});
