// A re-match with a newer model (issue 13 §2): descriptors of two models are not comparable, so a
// reference enrolled under the old engine is derived again from its stored photo with the new one
// before the comparison, and the new fact says so (reference.comparedAs). The "newer model" here is a
// stand-in engine with a version of its own that gives every face the same descriptor: compared with
// the reference's old descriptor (the defect) the capture would not match; compared with the
// reference photo analysed again it matches at distance 0.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { captureMatcher } from '../../commands/capture/matcher';
import type { FaceEngine } from '../../commands/face/face-engine';
import { FaceMatcher } from '../../commands/face/face-matcher';
import type { FaceService } from '../../commands/face/face-service';
import { shiftDays } from '../../domain/calendar/working-days';
import { DEFAULT_CAPTURE_POLICY } from '../../domain/capture/capture-policy';
import type { MatchFacts } from '../../domain/capture/capture';
import { chinaDate } from '../../domain/personal-data/normalize';
import { startApiHarness, type ApiHarness } from '../../testing/api-harness';
import { around, cropped, sampleImage, samplePhoto, toJpeg } from '../../testing/face-samples';
import { ORGS } from '../../testing/seed';
import { uploadFile } from '../../testing/spreadsheets';
import { waitUntil } from '../../testing/wait-until';
import { province } from '../training-class/testing/class-world';
import { actorAt, at, seedRunningClass, type RunningClass } from './testing/capture-world';

jest.setTimeout(240_000);

let api: ApiHarness;
let klass: RunningClass;
let captureStream: string;
const analysed: number[] = [];

/** The newer model's stand-in: one face per image, always the same descriptor. */
const newer: FaceEngine = {
  version: 'stand-in model v2',
  async analyze(image) {
    analysed.push(image.length);
    return { width: 200, height: 200, engineVersion: 'stand-in model v2', inferenceMs: 1, faces: [{ box: { x: 10, y: 10, width: 150, height: 150 }, quality: { score: 0.99, sizePx: 150, sharpness: 10, pose: { roll: 0, pitch: 0, yaw: 0 } }, descriptor: new Float32Array(128).fill(0.1) }] };
  },
  distance: (a, b) => Math.sqrt(a.reduce((sum, x, i) => sum + (x - b[i]!) ** 2, 0)),
  close: async () => undefined,
};

const matchesOf = async () => (await api.platform.store.readStream(captureStream)).filter((e) => e.type === 'CaptureMatched').map((e) => e.data as MatchFacts);

beforeAll(async () => {
  api = await startApiHarness();
  const school = await api.login('nanmingSchool');
  const date = shiftDays(chinaDate(new Date().toISOString()), -2);
  await api.platform.commands.capture.captures.changePolicy({ type: 'ChangeCapturePolicy', kind: 'entrepreneurship', policy: { ...DEFAULT_CAPTURE_POLICY, randomCapturesPerSession: 0, maxUploadDelayMinutes: 10_080 }, reason: '测试：离线一周内上传' }, province());
  klass = await seedRunningClass(api.platform, { institutionId: ORGS.nanmingSchool, countyOrgId: ORGS.nanming, countyCode: '520102', seq: '6', date });
  // The trainee's reference and capture: the largest face of sample 1, at two JPEG qualities.
  const image = sampleImage(1);
  const analysis = await (await api.platform.face.engine()).analyze(samplePhoto(1));
  const largest = [...analysis.faces].sort((a, b) => b.box.width - a.box.width)[0]!;
  const face = cropped(image, around(image, largest.box, 0.8));
  const file = await uploadFile(api.url, school, '本人照片.jpg', toJpeg(face, 92), { purpose: 'reference-face' });
  // Through the command (the GraphQL path is the capture API spec's): the engine may take longer than an HTTP client waits on a busy machine.
  await api.platform.commands.capture.traineeFaces.enrolFromFile(klass.traineeId, (file.json as { fileId: string }).fileId, actorAt('capture-operator-6', ORGS.nanmingSchool, new Date().toISOString()));
  await api.settled();
  const accepted = await api.platform.commands.capture.captures.accept(
    { deviceCaptureId: randomUUID(), deviceId: 'phone-m', classId: klass.classId, sessionId: klass.sessionId, kind: 'check_in', personKind: 'trainee', personId: klass.traineeId, deviceTime: at(date, '09:05'), latitude: klass.venue.latitude, longitude: klass.venue.longitude, accuracyMeters: 10 },
    toJpeg(face, 60),
    actorAt('capture-operator-6', ORGS.nanmingSchool, at(date, '09:06')),
  );
  captureStream = accepted.streamId;
});

afterAll(() => api?.close());

describe('a re-match with a newer model', () => {
  it('first: the capture matched by the engine the reference was enrolled with', async () => {
    const [first] = await waitUntil(matchesOf, (m) => m.length > 0, { what: 'the first match', timeoutMs: 180_000, intervalMs: 500 });
    expect([first!.outcome, first!.engineVersion === first!.reference?.engineVersion, first!.reference?.comparedAs]).toEqual(['matched', true, undefined]);
  });

  it('compares with the reference photo analysed again by the newer model, and records that it did', async () => {
    await api.platform.commands.capture.matcher?.stop();
    const settings = api.platform.face.settings;
    const service: FaceService = { settings, sealer: api.platform.face.sealer, engine: async () => newer, matcher: async () => new FaceMatcher(newer, settings.matchThreshold), stats: () => undefined, close: async () => undefined };
    const v2 = captureMatcher({ store: api.platform.store, knex: api.platform.knex, blobs: api.platform.commands.capture.blobs, face: service, references: api.platform.directories.referenceFaces, classes: api.platform.commands.capture.classes, workerId: 'newer-model' });
    await api.platform.commands.capture.queue.enqueue([{ captureStream, reason: 'rematch' }]);
    v2.start();
    try {
      const matches = await waitUntil(matchesOf, (m) => m.length > 1, { what: 'the re-match by the newer model', timeoutMs: 60_000, intervalMs: 200 });
      const [first, second] = matches;
      expect(second).toMatchObject({ reason: 'rematch', engineVersion: 'stand-in model v2', outcome: 'matched', distance: 0, reference: { engineVersion: first!.reference!.engineVersion, comparedAs: 'stand-in model v2' } });
      // The capture and the reference photo, each analysed once by the newer model.
      expect(analysed).toHaveLength(2);
      // The first fact stays as it was.
      expect(matches[0]).toEqual(first);
    } finally {
      await v2.stop();
    }
  });
});
