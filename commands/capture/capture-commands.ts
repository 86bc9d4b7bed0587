// The capture module's command handlers (issue 13 §2): a capture accepted as a fact (photo checked
// from its header, hashed, encrypted into the storage port, event appended), the audited photo view,
// the capture policy and its random-capture schedule. Face matching is not here: it runs after the
// capture is recorded (matcher.ts), so accepting never waits for the engine.
import { createHash, randomBytes } from 'node:crypto';
import { v5 as uuidv5 } from 'uuid';
import { captureDecider, CaptureRefusedError, captureStreams, parseCaptureUpload, type CapturePhoto, type CaptureUpload } from '../../domain/capture/capture';
import { CAPTURE_POLICY_STREAM, capturePolicyDecider, capturePolicyFor, type CapturePolicyCommand, type CapturePolicyState } from '../../domain/capture/capture-policy';
import { captureScheduleDecider, captureScheduleStreams } from '../../domain/capture/capture-schedule';
import type { ClassForCapture } from '../../domain/capture/class-view';
import { ForbiddenError, NotFoundError } from '../../domain/shared/errors';
import type { Decider, DomainEvent } from '../../domain/shared/decider';
import type { EventStore } from '../../store/event-store/event-store';
import { loadState } from '../../store/fold';
import { upcast } from '../../store/upcasters';
import { declaredSize } from '../face/image-decoding';
import { handleCommand } from '../pipeline/handle-command';
import { recordFact } from '../pipeline/record-fact';
import type { RequestContext } from '../pipeline/request-context';
import type { BlobStore } from '../storage/blob-store';
import type { CaptureClassSource } from './class-source';

const CAPTURE_NAMESPACE = '0b7c2f4e-93d1-4a8e-b6f5-2c81d94e7a30';

/** The capture's stream: one per uploading organisation, device and device capture id (idempotency). */
export const captureStreamId = (orgId: string, deviceId: string, deviceCaptureId: string) => captureStreams.streamId(uuidv5(`${orgId}\u0000${deviceId}\u0000${deviceCaptureId}`, CAPTURE_NAMESPACE));

export interface CaptureLimits {
  /** Largest photo accepted, in bytes (CAPTURE_MAX_PHOTO_KB; default 2 MB: a phone photo scaled for a face is 50-300 KB). */
  maxPhotoBytes: number;
  /** Largest image, in pixels, read from the header before anything is stored. */
  maxPixels: number;
  /** The shorter side below which no face can be matched. */
  minSidePx: number;
}

export const loadCaptureLimits = (env: NodeJS.ProcessEnv = process.env): CaptureLimits => {
  const kb = Number(env.CAPTURE_MAX_PHOTO_KB ?? 2048);
  return { maxPhotoBytes: (Number.isFinite(kb) && kb > 0 ? kb : 2048) * 1024, maxPixels: 25_000_000, minSidePx: 120 };
};

/** A decider's state kept per process and brought up to date by reading only what was appended since. */
function followedState<C, E extends DomainEvent, S>(store: EventStore, decider: Decider<C, E, S>, streamId: string) {
  let revision = -1;
  let state = decider.initialState();
  return async (): Promise<S> => {
    const events = await store.readStream(streamId, { fromRevision: revision + 1 });
    // Concurrent callers read the same new events: only those no other caller folded in meanwhile.
    const fresh = events.filter((e) => e.revision > revision);
    if (fresh.length) {
      state = fresh.map((e) => upcast(e) as E).reduce(decider.evolve, state);
      revision = fresh[fresh.length - 1]!.revision;
    }
    return state;
  };
}

/** The photo's kind and size from its first bytes and header alone: a capture is accepted without decoding it. */
export function inspectPhoto(photo: Buffer, limits: CaptureLimits): CapturePhoto {
  if (photo.length > limits.maxPhotoBytes) throw new CaptureRefusedError('IMAGE_TOO_LARGE', `照片超过 ${Math.floor(limits.maxPhotoBytes / 1024)} KB 上限，请降低分辨率后重新上传`);
  const jpeg = photo.length > 3 && photo[0] === 0xff && photo[1] === 0xd8 && photo[2] === 0xff;
  const png = photo.length > 24 && photo.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  let size: { width: number; height: number } | undefined;
  try {
    size = jpeg || png ? declaredSize(photo) : undefined;
  } catch {
    size = undefined;
  }
  if (!size || size.width <= 0 || size.height <= 0) throw new CaptureRefusedError('IMAGE_UNREADABLE');
  if (size.width * size.height > limits.maxPixels) throw new CaptureRefusedError('IMAGE_TOO_LARGE', '照片像素过多，请降低分辨率后重新上传');
  if (Math.min(size.width, size.height) < limits.minSidePx) throw new CaptureRefusedError('IMAGE_TOO_SMALL');
  return {
    sha256: createHash('sha256').update(photo).digest('hex'),
    sm3: createHash('sm3').update(photo).digest('hex'),
    size: photo.length,
    contentType: jpeg ? 'image/jpeg' : 'image/png',
    width: size.width,
    height: size.height,
  };
}

export interface CaptureCommandDeps {
  store: EventStore;
  blobs: BlobStore;
  classes: CaptureClassSource;
  limits?: CaptureLimits;
}

export function captureCommands(deps: CaptureCommandDeps) {
  const { store, blobs, classes } = deps;
  const limits = deps.limits ?? loadCaptureLimits();
  const policyState = followedState(store, capturePolicyDecider, CAPTURE_POLICY_STREAM);

  /**
   * The random captures' due times of the class's sessions as recorded. Reads never draw (a read
   * must not write): drawSchedule does, when the class's timetable takes effect. A session without
   * a recorded draw has no random captures.
   */
  async function schedule(classId: string): Promise<Record<string, string[]>> {
    return (await loadState(store, captureScheduleDecider, captureScheduleStreams.streamId(classId))).drawn;
  }

  /** Records the refusal where it could be an attack, then refuses. */
  async function refuse(error: unknown, streamId: string | undefined, upload: Partial<CaptureUpload>, photo: Buffer | undefined, request: RequestContext): Promise<never> {
    if (error instanceof CaptureRefusedError && error.security && streamId) {
      await recordFact(
        store,
        streamId,
        {
          type: 'CaptureRefused',
          data: {
            reason: error.reason,
            message: error.message,
            deviceCaptureId: upload.deviceCaptureId ?? '',
            deviceId: upload.deviceId ?? '',
            classId: upload.classId ?? '',
            sessionId: upload.sessionId ?? '',
            kind: upload.kind ?? '',
            personKind: upload.personKind ?? '',
            personId: upload.personId ?? '',
            deviceTime: upload.deviceTime ?? null,
            serverTime: (request.now ?? new Date()).toISOString(),
            photoSm3: photo ? createHash('sm3').update(photo).digest('hex') : null,
            location: upload.latitude != null && upload.longitude != null ? { latitude: upload.latitude, longitude: upload.longitude } : null,
          },
        },
        request,
      );
    }
    throw error;
  }

  return {
    streamIdFor: captureStreamId,

    async policy(): Promise<CapturePolicyState> {
      return policyState();
    },

    /**
     * 抓拍上传 by the class's institution. Checks the photo from its header, the class, the session
     * and the person, then stores the photo (encrypted, content-addressed) and appends the capture.
     * The same upload again returns the first result and writes nothing.
     */
    async accept(input: unknown, photo: Buffer, request: RequestContext, only: { taughtBy?: string | null } = {}) {
      const upload = parseCaptureUpload(input);
      const orgId = request.actor.orgId;
      if (!orgId) throw new ForbiddenError('只有培训机构可以上传考勤抓拍');
      const streamId = captureStreamId(orgId, upload.deviceId, upload.deviceCaptureId);
      try {
        const facts = inspectPhoto(photo, limits);
        // The class and the policy as they stand, read side by side (each one indexed query, usually returning nothing new).
        const [klass, policies] = await Promise.all([classes.load(upload.classId), policyState()]);
        // Only the class's own institution records its captures; another organisation's class looks missing.
        if (!klass || klass.institutionId !== orgId) throw new NotFoundError('培训班级不存在');
        // A teacher's account: a class they do not teach looks missing too.
        if (only.taughtBy != null && !klass.teachers.some((t) => t.teacherId === only.taughtBy)) throw new NotFoundError('培训班级不存在');
        const policy = capturePolicyFor(policies, klass.kind);
        const randomTimes = upload.kind === 'random' ? ((await schedule(klass.classId))[upload.sessionId] ?? []) : [];
        const result = await handleCommand(
          store,
          captureDecider,
          streamId,
          { type: 'AcceptCapture', upload, photo: facts, klass, policy, randomTimes },
          request,
          {
            likelyNew: true,
            // Only a capture about to be recorded is stored; the store is content-addressed, so a retry stores nothing twice.
            async beforeAppend() {
              const stored = await blobs.putBytes(photo, { maxBytes: limits.maxPhotoBytes });
              if (stored.sha256 !== facts.sha256) throw new Error(`stored capture photo hashes to ${stored.sha256}, not ${facts.sha256}`);
            },
          },
        );
        return result;
      } catch (error) {
        return refuse(error, streamId, upload, photo, request);
      }
    },

    /** 查看抓拍照片: records who looked and why, then opens the photo (decrypted, its hash checked on the way). */
    async openPhoto(streamId: string, view: { reason: string; signalId: string | null }, request: RequestContext) {
      const result = await handleCommand(store, captureDecider, streamId, { type: 'RecordPhotoView', reason: view.reason, signalId: view.signalId }, request);
      if (result.state.status !== 'accepted') throw new NotFoundError('抓拍记录不存在');
      const { photo } = result.state.capture;
      return { content: await blobs.open(photo.sha256), contentType: photo.contentType, size: photo.size, sm3: photo.sm3 };
    },

    /**
     * Draws the random captures of the class's sessions that have none yet, under the kind's policy
     * now, from fresh randomness (the schedule drawer, when the timetable takes effect). Sessions
     * drawn before keep their times.
     */
    async drawSchedule(klass: ClassForCapture, request: RequestContext) {
      const policy = capturePolicyFor(await policyState(), klass.kind);
      if (policy.randomCapturesPerSession === 0) return undefined;
      const seeds = Object.fromEntries(klass.sessions.map((s) => [s.sessionId, randomBytes(32).toString('hex')]));
      return handleCommand(store, captureScheduleDecider, captureScheduleStreams.streamId(klass.classId), { type: 'DrawCaptureSchedule', sessions: klass.sessions, seeds, policy }, request);
    },

    /** What is due now for a class: random captures whose time has come (and not yet passed their window), never later ones. */
    async dueRandomCaptures(klass: ClassForCapture, now: Date) {
      const policy = capturePolicyFor(await policyState(), klass.kind);
      const drawn = await schedule(klass.classId);
      const at = now.getTime();
      return klass.sessions.flatMap((s) =>
        (drawn[s.sessionId] ?? []).flatMap((t, slot) => {
          const due = Date.parse(t);
          const until = due + policy.randomCaptureWindowMinutes * 60_000;
          return due <= at && at <= until ? [{ sessionId: s.sessionId, slot, dueAt: t, until: new Date(until).toISOString() }] : [];
        }),
      );
    },

    /** Every drawn time of the class (supervisors only: the institution must not know them in advance). */
    scheduleOf: (klass: ClassForCapture) => schedule(klass.classId),

    /** 抓拍策略 and photo retention: the provincial authority's (the caller checks the organisation). */
    changePolicy: (command: CapturePolicyCommand, request: RequestContext) => handleCommand(store, capturePolicyDecider, CAPTURE_POLICY_STREAM, command, request),
  };
}

export type CaptureCommands = ReturnType<typeof captureCommands>;
