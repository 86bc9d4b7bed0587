// The embedded face engine through its worker pool, on the photos that ship in face-api's package.
// One pool of two workers serves the whole file (loading the models takes a few seconds); the
// assertions are on faces, distances and counts, never on time.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { createHash, createSecretKey, randomBytes } from 'node:crypto';
import { startIdentityVerificationStandin } from '../../testing/identity-verification-standin';
import { httpSocialSecurityCardPhotoSource } from '../identity-verification/http-adapters';
import { around, cropped, dimmed, gradient, mirrored, SAMPLE_FACE_COUNTS, sampleImage, samplePhoto, toJpeg, toPng, fitWithin } from '../../testing/face-samples';
import { descriptorSealer } from './descriptor-cipher';
import { FaceEngineBusyError, UnreadableImageError, type FaceBox } from './face-engine';
import { FaceMatcher } from './face-matcher';
import { startFacePool, type FacePool } from './face-pool';
import { DEFAULT_FACE_SETTINGS } from './face-settings';
import { checkReferencePhoto, enrolFromSocialSecurityCard, enrolReferenceFace, ReferencePhotoRefusedError } from './reference-face';

// Inference is CPU-bound and the machine is shared: allow for a slow run rather than fail on time.
jest.setTimeout(240_000);

const QUEUE = 8;
let pool: FacePool;
/** Face boxes of sample 1 and sample 4, from the engine itself. */
let boxes: { 1: FaceBox[]; 4: FaceBox[] };

/** One face cut out of a sample with its surroundings, as a capture or a passport photo would frame it. */
const portrait = (sample: 1 | 4, face: number, transform = (x: ReturnType<typeof sampleImage>) => x, quality = 90) => {
  const image = sampleImage(sample);
  return toJpeg(transform(cropped(image, around(image, boxes[sample][face]!, 0.6))), quality);
};

beforeAll(async () => {
  pool = await startFacePool({ size: 2, maxQueue: QUEUE });
  const [one, four] = await Promise.all([pool.analyze(samplePhoto(1)), pool.analyze(samplePhoto(4))]);
  boxes = { 1: one.faces.map((f) => f.box), 4: four.faces.map((f) => f.box) };
});

afterAll(() => pool?.close());

describe('the embedded engine', () => {
  it('finds every face of the six sample photos (22), each with a 128-float descriptor', async () => {
    const analyses = await Promise.all([1, 2, 3, 4, 5, 6].map((n) => pool.analyze(samplePhoto(n))));
    expect(analyses.map((a) => a.faces.length)).toEqual([...SAMPLE_FACE_COUNTS]);
    expect(analyses.flatMap((a) => a.faces.map((f) => f.descriptor.length))).toEqual(Array(22).fill(128));
    expect(analyses[0]!.engineVersion).toMatch(/^face-api 1\.7\.15 .*face_recognition sm3:[0-9a-f]{12}\).*tfjs 4\.22\.0 wasm/);
  });

  it('reads PNG as well as JPEG, and refuses bytes that are neither with a reason in Chinese', async () => {
    const image = sampleImage(1);
    const png = toPng(cropped(image, around(image, boxes[1][0]!, 0.6)));
    expect((await pool.analyze(png)).faces).toHaveLength(1);
    const error = await pool.analyze(Buffer.from('GIF89a not a photo')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnreadableImageError);
    expect((error as Error).message).toBe('图片无法读取，请上传 JPEG 或 PNG 格式的照片');
  });
});

describe('reference photos', () => {
  const quality = DEFAULT_FACE_SETTINGS.reference;

  it('accept a photo of one clear face, and give what the record keeps: the SM3 of the photo and the descriptor sealed', async () => {
    const photo = portrait(1, 0);
    const accepted = await checkReferencePhoto(pool, photo, quality);
    expect(accepted.face.descriptor).toHaveLength(128);
    expect(accepted.face.quality.score).toBeGreaterThanOrEqual(quality.minScore);

    const sealer = descriptorSealer({ encryption: { current: createSecretKey(randomBytes(16)), previous: [] } });
    const reference = await enrolReferenceFace({ engine: pool, sealer, settings: quality }, photo, 'upload');
    expect(reference).toMatchObject({ photoSm3: createHash('sm3').update(photo).digest('hex'), source: 'upload', engineVersion: pool.version });
    expect(reference.descriptorCipher).toMatch(/^pii1\./);
    expect(pool.distance(sealer.open(reference.descriptorCipher), accepted.face.descriptor)).toBe(0);
  });

  it('come from the social-security card service when it holds a photo (its real HTTP adapter against the stand-in)', async () => {
    const cardPhoto = portrait(1, 0, (x) => x, 80);
    const standin = await startIdentityVerificationStandin({ appId: 'app', appSecret: 'secret', people: { '520102199001011234': { name: '张三', cardPhoto }, '520102198505052345': { name: '李四' } } });
    try {
      const cards = httpSocialSecurityCardPhotoSource({ baseUrl: standin.url, appId: 'app', appSecret: createSecretKey(Buffer.from('secret')) });
      const sealer = descriptorSealer({ encryption: { current: createSecretKey(randomBytes(16)), previous: [] } });
      const deps = { engine: pool, sealer, settings: quality, cards };
      const enrolled = await enrolFromSocialSecurityCard(deps, { idNumber: '520102199001011234', name: '张三' });
      expect(enrolled?.photo.equals(cardPhoto)).toBe(true);
      expect(enrolled?.reference).toMatchObject({ source: 'social-security-card', photoSm3: createHash('sm3').update(cardPhoto).digest('hex') });
      expect(await enrolFromSocialSecurityCard(deps, { idNumber: '520102198505052345', name: '李四' })).toBeUndefined();
    } finally {
      await standin.close();
    }
  });

  it('refuse a group photo, a photo with no face and a face too small to use, each with its reason', async () => {
    const refusal = (photo: Buffer) =>
      checkReferencePhoto(pool, photo, quality).then(
        () => undefined,
        (e: unknown) => (e instanceof ReferencePhotoRefusedError ? [e.code, e.message, e.details.faceCount] : e),
      );
    expect(await refusal(samplePhoto(4))).toEqual(['SEVERAL_FACES', '检测到多张人脸', 4]);
    expect(await refusal(toPng(gradient(640, 480)))).toEqual(['NO_FACE', '未检测到人脸', 0]);
    // The same portrait shrunk until the face spans about 60 pixels (the setting asks for 80).
    const tiny = portrait(1, 0, (x) => fitWithin(x, Math.round((Math.max(x.width, x.height) * 60) / boxes[1][0]!.width)));
    expect(await refusal(tiny)).toEqual(['POOR_QUALITY', '人脸过小或不清晰', 1]);
  });
});

describe('matching with the default threshold', () => {
  const matcher = () => new FaceMatcher(pool, DEFAULT_FACE_SETTINGS.matchThreshold);

  it('matches a face with a changed copy of itself (mirrored, dimmed, recompressed) and not with another face', async () => {
    const reference = (await checkReferencePhoto(pool, portrait(1, 0), DEFAULT_FACE_SETTINGS.reference)).face.descriptor;
    const same = await matcher().matchPhoto(reference, portrait(1, 0, (x) => dimmed(mirrored(x), 0.7), 40));
    expect(same).toMatchObject({ outcome: 'matched', faceCount: 1, threshold: DEFAULT_FACE_SETTINGS.matchThreshold });
    const other = await matcher().matchPhoto(reference, portrait(4, 0));
    expect(other).toMatchObject({ outcome: 'not-matched', faceCount: 1 });
    if (same.outcome === 'no-face' || other.outcome === 'no-face') throw new Error('a face was expected in both photos');
    expect(same.distance).toBeLessThan(other.distance);
  });

  it('answers no face for a photo without one, and finds who on a roster a face belongs to', async () => {
    expect(await matcher().matchPhoto(new Float32Array(128), toJpeg(gradient(320, 240)))).toMatchObject({ outcome: 'no-face', faceCount: 0 });
    const group = await pool.analyze(samplePhoto(1));
    const roster = group.faces.map((f, i) => ({ personId: `p${i}`, descriptor: f.descriptor }));
    const probe = (await pool.analyze(portrait(1, 2))).faces[0]!.descriptor;
    expect(matcher().within(probe, roster).map((h) => h.personId)).toEqual([`p${group.faces.findIndex((f) => f.box.x === boxes[1][2]!.x)}`]);
  });
});

describe('the worker pool', () => {
  it('answers ten photos at once while the event loop keeps ticking, and refuses an eleventh beyond its queue', async () => {
    const photos = Array.from({ length: 10 }, (_, i) => portrait(1, i % 3));
    let ticks = 0;
    let mostBusy = 0;
    const timer = setInterval(() => {
      ticks++;
      mostBusy = Math.max(mostBusy, pool.stats().busy);
    }, 5);
    try {
      const running = photos.map((p) => pool.analyze(p));
      expect(pool.stats()).toMatchObject({ busy: 2, queued: QUEUE });
      await expect(pool.analyze(photos[0]!)).rejects.toBeInstanceOf(FaceEngineBusyError);
      const results = await Promise.all(running);
      expect(results.map((r) => r.faces.length)).toEqual(Array(10).fill(1));
    } finally {
      clearInterval(timer);
    }
    // Inference ran in the workers: this thread's timer fired throughout (at least twice per photo),
    // and both workers were busy at once.
    expect(ticks).toBeGreaterThanOrEqual(20);
    expect(mostBusy).toBe(2);
  });

  it('finishes queued photos before it closes, then refuses new ones', async () => {
    const spare = await startFacePool({ size: 1 });
    const queued = [spare.analyze(portrait(1, 0)), spare.analyze(portrait(1, 1))];
    await spare.close();
    expect((await Promise.all(queued)).map((r) => r.faces.length)).toEqual([1, 1]);
    expect(spare.stats()).toMatchObject({ size: 0, completed: 2, failed: 0 });
    await expect(spare.analyze(portrait(1, 0))).rejects.toThrow('人脸识别服务暂不可用');
  });
});
