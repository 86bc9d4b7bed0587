// 抓拍 (issue 13 §2): a capture is accepted at once as a fact (who, which class and session, which
// kind, the device, its clock and ours, where, and the photo's hashes; the photo itself is in the
// encrypted storage port, never in an event). Face matching runs afterwards and records its result
// as a second fact on the same stream, so a slow matcher never loses a capture and a re-match with
// a newer model is a new fact beside the first. Viewing the photo is a fact too (audited like an
// unmasked ID number), as is its removal when the retention period ends.
//
// One stream per capture, `capture-<id>`, the id derived from the uploading organisation, the
// device and the device's own capture id: an upload repeated after a network failure lands on the
// same stream and records nothing new.
import { z } from 'zod';
import { assertNever, type CommandContext, type Decider, type DomainEvent } from '../shared/decider';
import { DomainError, NotFoundError, RuleViolationError } from '../shared/errors';
import { streamNaming } from '../shared/streams';
import { oneOf, parseInput, requiredText } from '../shared/validation';
import { chinaDate } from '../personal-data/normalize';
import { distanceMeters } from './geo';
import type { CapturePolicy } from './capture-policy';
import { roleInSession, type ClassForCapture } from './class-view';
import type { FacePersonKind } from './reference-face';

export const captureStreams = streamNaming('capture');

export const CAPTURE_KINDS = ['check_in', 'check_out', 'random'] as const;
export type CaptureKind = (typeof CAPTURE_KINDS)[number];
export const CAPTURE_KIND_LABELS: Record<CaptureKind, string> = { check_in: '签到', check_out: '签退', random: '随机抓拍' };
export const PERSON_KIND_LABELS: Record<FacePersonKind, string> = { trainee: '学员', teacher: '教师' };

/** What the device sends besides the photo (validated here: one rule for REST and GraphQL). */
export const captureUploadSchema = z.object({
  deviceCaptureId: requiredText('抓拍编号', 64).refine((v) => /^[\w.:-]+$/.test(v), { error: '抓拍编号只能包含字母、数字和 ._:-' }),
  deviceId: requiredText('设备编号', 64).refine((v) => /^[\w.:-]+$/.test(v), { error: '设备编号只能包含字母、数字和 ._:-' }),
  classId: requiredText('培训班级', 64),
  sessionId: requiredText('课节', 32),
  kind: oneOf('抓拍类型', CAPTURE_KINDS),
  personKind: oneOf('人员类型', ['trainee', 'teacher'] as const),
  personId: requiredText('人员', 64),
  deviceTime: z.iso.datetime({ offset: true, error: '拍摄时间格式应为 ISO 8601（如 2026-03-02T09:01:00+08:00）' }),
  latitude: z.number({ error: '纬度必须是数字' }).min(-90, { error: '纬度应在 -90 至 90 之间' }).max(90, { error: '纬度应在 -90 至 90 之间' }).nullable().default(null),
  longitude: z.number({ error: '经度必须是数字' }).min(-180, { error: '经度应在 -180 至 180 之间' }).max(180, { error: '经度应在 -180 至 180 之间' }).nullable().default(null),
  accuracyMeters: z.number({ error: '定位精度必须是数字' }).min(0).max(100_000).nullable().default(null),
});
export type CaptureUpload = z.output<typeof captureUploadSchema>;
export const parseCaptureUpload = (input: unknown): CaptureUpload => parseInput(captureUploadSchema, input);

/** The photo as the command layer stored it: hashes and what its header says, never its bytes. */
export type CapturePhoto = { sha256: string; sm3: string; size: number; contentType: string; width: number; height: number };

export type CaptureTiming = 'on_time' | 'outside_window';

export type CaptureFacts = {
  deviceCaptureId: string;
  deviceId: string;
  classId: string;
  classNo: string;
  institutionId: string;
  countyCode: string;
  trainingKind: string;
  sessionId: string;
  sessionStartsAt: string;
  sessionEndsAt: string;
  sessionTeacherId: string;
  kind: CaptureKind;
  personKind: FacePersonKind;
  personId: string;
  personName: string;
  /** The person's part in the session: participant (on the roster) or the session's teacher. */
  role: 'participant' | 'teacher';
  /** When the device says it took the photo, and when we received it (UTC). */
  deviceTime: string;
  serverTime: string;
  /** Within the policy's window for its kind (and, for a random capture, within a drawn slot). */
  timing: CaptureTiming;
  /** The random slot (0-based) a random capture answers, or null. */
  randomSlot: number | null;
  location: { latitude: number; longitude: number; accuracyMeters: number | null } | null;
  /** Metres from the class's venue; null without a location. */
  distanceMeters: number | null;
  /** The policy values applied. */
  policy: Pick<CapturePolicy, 'maxDistanceMeters' | 'maxUploadDelayMinutes'> & { windowFrom: string; windowTo: string };
  photo: CapturePhoto;
};

export const MATCH_OUTCOMES = ['matched', 'not_matched', 'no_face', 'no_reference', 'unreadable', 'photo_missing'] as const;
export type MatchOutcome = (typeof MATCH_OUTCOMES)[number];
export const MATCH_OUTCOME_LABELS: Record<MatchOutcome, string> = {
  matched: '比对一致',
  not_matched: '比对不一致',
  no_face: '未检测到人脸',
  no_reference: '未登记人脸照片',
  unreadable: '照片无法识别',
  photo_missing: '照片已不存在',
};
/** The message the device shows its user for an outcome (the mobile page polls the capture's result). */
export const MATCH_OUTCOME_ADVICE: Partial<Record<MatchOutcome, string>> = {
  not_matched: '人脸与登记照片不一致，请本人重新拍摄',
  no_face: '未检测到人脸，请正对镜头重新拍摄',
  no_reference: '该人员尚未登记人脸照片，请先登记',
  unreadable: '照片无法识别，请重新拍摄',
};

export type MatchFacts = {
  /** Why it ran: the first match of the capture, or a re-match (newer model, new reference). */
  reason: 'first' | 'rematch';
  engineVersion: string;
  threshold: number;
  outcome: MatchOutcome;
  matched: boolean;
  /** Distance of the nearest face to the reference; null without a face or a reference. */
  distance: number | null;
  faceCount: number;
  quality: { score: number; sizePx: number; sharpness: number } | null;
  liveness: { real: number; live: number; model: string } | null;
  /**
   * The reference compared with (its photo's SM3 and the engine it was enrolled with), or null when
   * the person had none. `comparedAs`: the engine whose descriptor of the reference photo was
   * compared, when it differs from the enrolment's (a newer model derives it again from the photo:
   * descriptors of two models are not comparable); absent when the enrolled descriptor was used.
   */
  reference: { photoSm3: string; engineVersion: string; source: string; comparedAs?: string } | null;
  /** Other people of the class (roster and teachers) whose reference is within the threshold of a face in the photo. */
  rosterHits: { personKind: FacePersonKind; personId: string; distance: number }[];
  inferenceMs: number;
};

export type CaptureAccepted = DomainEvent<'CaptureAccepted', CaptureFacts>;
/** An attempt refused where it could be an attack (a person not on the roster, a session not running, a reused id ...): a security event. */
export type CaptureRefused = DomainEvent<
  'CaptureRefused',
  {
    reason: CaptureRefusal;
    message: string;
    deviceCaptureId: string;
    deviceId: string;
    classId: string;
    sessionId: string;
    kind: string;
    personKind: string;
    personId: string;
    deviceTime: string | null;
    serverTime: string;
    photoSm3: string | null;
    location: { latitude: number; longitude: number } | null;
  }
>;
export type CaptureMatched = DomainEvent<'CaptureMatched', MatchFacts>;
export type CapturePhotoViewed = DomainEvent<'CapturePhotoViewed', { reason: string; signalId: string | null }>;
export type CapturePhotoPurged = DomainEvent<'CapturePhotoPurged', { retentionDays: number; purgedOn: string }>;
export type CaptureEvent = CaptureAccepted | CaptureRefused | CaptureMatched | CapturePhotoViewed | CapturePhotoPurged;

export type CaptureState =
  | { status: 'none' }
  | { status: 'refused'; refusals: number; lastReason: CaptureRefusal }
  | { status: 'accepted'; capture: CaptureFacts; matches: MatchFacts[]; views: number; photoPurged: boolean };

/** Refusals, each with a Chinese message for the device; `security` marks those recorded as security events. */
export const CAPTURE_REFUSALS = {
  CLASS_NOT_RUNNING: { message: '该班级当前不在培训中，不能抓拍', security: true },
  SESSION_UNKNOWN: { message: '该班级没有这一节课', security: true },
  SESSION_NOT_RUNNING: { message: '拍摄时间不在该节课的抓拍时段内', security: true },
  NOT_ON_ROSTER: { message: '该人员不在本班名册中，也不是本节课的授课教师', security: true },
  DEVICE_CLOCK: { message: '设备时间晚于服务器时间，请校准设备时钟后重新拍摄', security: true },
  UPLOAD_TOO_LATE: { message: '离线抓拍上传超过规定时限，不予受理', security: true },
  CAPTURE_ID_REUSED: { message: '该抓拍编号已用于另一张照片', security: true },
  IMAGE_UNREADABLE: { message: '照片无法读取，请上传 JPEG 或 PNG 格式的照片', security: true },
  IMAGE_TOO_LARGE: { message: '照片过大', security: true },
  IMAGE_TOO_SMALL: { message: '照片分辨率过低，人脸无法识别，请重新拍摄', security: false },
} as const satisfies Record<string, { message: string; security: boolean }>;
export type CaptureRefusal = keyof typeof CAPTURE_REFUSALS;

export class CaptureRefusedError extends DomainError {
  readonly code = 'RULE_VIOLATION';
  constructor(
    readonly reason: CaptureRefusal,
    message: string = CAPTURE_REFUSALS[reason].message,
  ) {
    super(message);
    this.name = 'CaptureRefusedError';
  }
  get security(): boolean {
    return CAPTURE_REFUSALS[this.reason].security;
  }
}

export type CaptureCommand =
  | {
      type: 'AcceptCapture';
      upload: CaptureUpload;
      photo: CapturePhoto;
      /** The class as its stream stands now; undefined when there is no such class. */
      klass: ClassForCapture | undefined;
      policy: CapturePolicy;
      /** The drawn due times of the session's random captures (capture-policy.ts). */
      randomTimes: string[];
    }
  | { type: 'RecordMatch'; match: MatchFacts }
  | { type: 'RecordPhotoView'; reason: string; signalId: string | null }
  | { type: 'PurgePhoto'; retentionDays: number };

/** Future device clocks beyond this are refused: a phone's clock drifts seconds, not minutes. */
export const DEVICE_CLOCK_SKEW_MS = 5 * 60_000;
const MINUTE = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** The window in which a capture of this kind is on time (random: the drawn slot it falls in, if any). */
export function captureWindow(kind: CaptureKind, session: { startsAt: string; endsAt: string }, policy: CapturePolicy, randomTimes: readonly string[], at: number) {
  const start = Date.parse(session.startsAt);
  const end = Date.parse(session.endsAt);
  if (kind === 'check_in') return { from: start - policy.checkInOpensMinutesBefore * MINUTE, to: start + policy.checkInClosesMinutesAfter * MINUTE, slot: null };
  if (kind === 'check_out') return { from: end - policy.checkOutOpensMinutesBefore * MINUTE, to: end + policy.checkOutClosesMinutesAfter * MINUTE, slot: null };
  const slot = randomTimes.findIndex((t) => at >= Date.parse(t) && at <= Date.parse(t) + policy.randomCaptureWindowMinutes * MINUTE);
  const due = randomTimes[slot >= 0 ? slot : 0];
  return due
    ? { from: Date.parse(due), to: Date.parse(due) + policy.randomCaptureWindowMinutes * MINUTE, slot: slot >= 0 ? slot : null }
    : { from: start, to: end, slot: null };
}

function accept(command: Extract<CaptureCommand, { type: 'AcceptCapture' }>, state: CaptureState, context: CommandContext): CaptureEvent[] {
  const { upload, photo, klass, policy } = command;
  if (state.status === 'accepted') {
    // The same photo again is the device retrying: nothing new. Another photo under the same id is not.
    if (state.capture.photo.sha256 === photo.sha256) return [];
    throw new CaptureRefusedError('CAPTURE_ID_REUSED');
  }
  if (!klass) throw new NotFoundError('培训班级不存在');
  if (klass.status !== 'in_progress') throw new CaptureRefusedError('CLASS_NOT_RUNNING');
  const session = klass.sessions.find((s) => s.sessionId === upload.sessionId);
  if (!session) throw new CaptureRefusedError('SESSION_UNKNOWN');
  const now = Date.parse(context.now);
  const taken = Date.parse(upload.deviceTime);
  if (taken > now + DEVICE_CLOCK_SKEW_MS) throw new CaptureRefusedError('DEVICE_CLOCK');
  if (now - taken > policy.maxUploadDelayMinutes * MINUTE) throw new CaptureRefusedError('UPLOAD_TOO_LATE', `离线抓拍须在拍摄后${policy.maxUploadDelayMinutes}分钟内上传，本次已超过时限，不予受理`);
  // The session "runs" from the check-in's opening to the check-out's closing.
  const opens = Date.parse(session.startsAt) - policy.checkInOpensMinutesBefore * MINUTE;
  const closes = Date.parse(session.endsAt) + policy.checkOutClosesMinutesAfter * MINUTE;
  if (taken < opens || taken > closes) throw new CaptureRefusedError('SESSION_NOT_RUNNING');
  const role = roleInSession(klass, session, { kind: upload.personKind, id: upload.personId });
  if (!role) throw new CaptureRefusedError('NOT_ON_ROSTER');

  const window = captureWindow(upload.kind, session, policy, command.randomTimes, taken);
  const location = upload.latitude !== null && upload.longitude !== null ? { latitude: upload.latitude, longitude: upload.longitude, accuracyMeters: upload.accuracyMeters } : null;
  const capture: CaptureFacts = {
    deviceCaptureId: upload.deviceCaptureId,
    deviceId: upload.deviceId,
    classId: klass.classId,
    classNo: klass.classNo,
    institutionId: klass.institutionId,
    countyCode: klass.venue.countyCode,
    trainingKind: klass.kind,
    sessionId: session.sessionId,
    sessionStartsAt: session.startsAt,
    sessionEndsAt: session.endsAt,
    sessionTeacherId: session.teacherId,
    kind: upload.kind,
    personKind: upload.personKind,
    personId: upload.personId,
    personName: role.name,
    role: role.role,
    deviceTime: iso(taken),
    serverTime: context.now,
    timing: taken >= window.from && taken <= window.to ? 'on_time' : 'outside_window',
    randomSlot: window.slot,
    location,
    distanceMeters: location ? Math.round(distanceMeters(location, klass.venue)) : null,
    policy: { maxDistanceMeters: policy.maxDistanceMeters, maxUploadDelayMinutes: policy.maxUploadDelayMinutes, windowFrom: iso(window.from), windowTo: iso(window.to) },
    photo,
  };
  return [{ type: 'CaptureAccepted', data: capture }];
}

/** The same engine on the same reference gives the same answer: a match is recorded once per engine and reference. */
export const sameMatch = (a: Pick<MatchFacts, 'engineVersion' | 'reference'>, b: Pick<MatchFacts, 'engineVersion' | 'reference'>) =>
  a.engineVersion === b.engineVersion && (a.reference?.photoSm3 ?? null) === (b.reference?.photoSm3 ?? null);

function decide(command: CaptureCommand, state: CaptureState, context: CommandContext): CaptureEvent[] {
  switch (command.type) {
    case 'AcceptCapture':
      return accept(command, state, context);
    case 'RecordMatch': {
      if (state.status !== 'accepted') throw new NotFoundError('抓拍记录不存在');
      if (state.matches.some((m) => sameMatch(m, command.match))) return [];
      return [{ type: 'CaptureMatched', data: command.match }];
    }
    case 'RecordPhotoView': {
      if (state.status !== 'accepted') throw new NotFoundError('抓拍记录不存在');
      if (state.photoPurged) throw new RuleViolationError('该抓拍照片已超过保存期限并已删除', 'capture.photo_purged');
      const reason = parseInput(requiredText('查看原因', 200), command.reason);
      return [{ type: 'CapturePhotoViewed', data: { reason, signalId: command.signalId } }];
    }
    case 'PurgePhoto': {
      if (state.status !== 'accepted' || state.photoPurged) return [];
      return [{ type: 'CapturePhotoPurged', data: { retentionDays: command.retentionDays, purgedOn: chinaDate(context.now) } }];
    }
    default:
      return assertNever(command);
  }
}

function evolve(state: CaptureState, event: CaptureEvent): CaptureState {
  switch (event.type) {
    case 'CaptureAccepted':
      return { status: 'accepted', capture: event.data, matches: [], views: 0, photoPurged: false };
    case 'CaptureRefused':
      if (state.status === 'accepted') return state;
      return { status: 'refused', refusals: (state.status === 'refused' ? state.refusals : 0) + 1, lastReason: event.data.reason };
    case 'CaptureMatched':
      return state.status === 'accepted' ? { ...state, matches: [...state.matches, event.data] } : state;
    case 'CapturePhotoViewed':
      return state.status === 'accepted' ? { ...state, views: state.views + 1 } : state;
    case 'CapturePhotoPurged':
      return state.status === 'accepted' ? { ...state, photoPurged: true } : state;
    default:
      return assertNever(event);
  }
}

export const captureDecider: Decider<CaptureCommand, CaptureEvent, CaptureState> = {
  initialState: () => ({ status: 'none' }),
  evolve,
  decide,
};

/** The match in force: the latest recorded (a re-match with a newer model supersedes, never edits, the first). */
export const latestMatch = (state: CaptureState): MatchFacts | undefined => (state.status === 'accepted' ? state.matches[state.matches.length - 1] : undefined);
