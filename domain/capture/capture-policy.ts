// 抓拍策略 (issue 13 §2): per training kind, when captures are taken and accepted, set by the
// provincial authority (one record for the province, stream `capture-policy-province`, each change
// an event with its reason), and how long capture photos are kept. A capture is checked against the
// policy in force when it arrives; its event records the values applied.
import { z } from 'zod';
import { TRAINING_KINDS, type TrainingKind } from '../training-class/class-details';
import { assertNever, type CommandContext, type Decider, type DomainEvent } from '../shared/decider';
import { ForbiddenError } from '../shared/errors';
import { streamNaming } from '../shared/streams';
import { integerIn, oneOf, parseInput, requiredText } from '../shared/validation';

export const capturePolicyStreams = streamNaming('capture-policy');
export const CAPTURE_POLICY_STREAM = capturePolicyStreams.streamId('province');

export interface CapturePolicy {
  /** 签到 is accepted from this many minutes before a session starts ... */
  checkInOpensMinutesBefore: number;
  /** ... until this many minutes after it started. */
  checkInClosesMinutesAfter: number;
  /** 签退 is accepted from this many minutes before a session ends ... */
  checkOutOpensMinutesBefore: number;
  /** ... until this many minutes after it ended. */
  checkOutClosesMinutesAfter: number;
  /** 随机抓拍 per session, at times the server draws and tells no one in advance (0: none). */
  randomCapturesPerSession: number;
  /** A random capture is on time within this many minutes after its drawn time. */
  randomCaptureWindowMinutes: number;
  /** A capture farther than this from the class's venue is flagged (远离培训地点). */
  maxDistanceMeters: number;
  /** An offline device may upload a capture at most this many minutes after taking it. */
  maxUploadDelayMinutes: number;
}

export const DEFAULT_CAPTURE_POLICY: CapturePolicy = {
  checkInOpensMinutesBefore: 30,
  checkInClosesMinutesAfter: 15,
  checkOutOpensMinutesBefore: 15,
  checkOutClosesMinutesAfter: 30,
  randomCapturesPerSession: 1,
  randomCaptureWindowMinutes: 10,
  maxDistanceMeters: 500,
  // A day: a classroom without a network uploads when the phone is back in range, the same evening.
  maxUploadDelayMinutes: 1440,
};

/**
 * Capture photos are kept three years by default: a subsidy paid on a class can be audited for that
 * long, and the photo is the evidence. Photos that are evidence of an open or confirmed fraud signal
 * are kept past it.
 */
export const DEFAULT_PHOTO_RETENTION_DAYS = 1095;

export const capturePolicySchema = z.object({
  checkInOpensMinutesBefore: integerIn('签到提前开放（分钟）', 0, 180),
  checkInClosesMinutesAfter: integerIn('签到截止（开课后分钟）', 0, 180),
  checkOutOpensMinutesBefore: integerIn('签退提前开放（分钟）', 0, 180),
  checkOutClosesMinutesAfter: integerIn('签退截止（下课后分钟）', 0, 180),
  randomCapturesPerSession: integerIn('每节课随机抓拍次数', 0, 6),
  randomCaptureWindowMinutes: integerIn('随机抓拍时限（分钟）', 1, 60),
  maxDistanceMeters: integerIn('距培训地点最大距离（米）', 50, 50_000),
  maxUploadDelayMinutes: integerIn('离线上传最长延迟（分钟）', 5, 10_080),
});

export type CapturePolicyChanged = DomainEvent<'CapturePolicyChanged', { kind: TrainingKind; policy: CapturePolicy; reason: string }>;
export type CapturePhotoRetentionChanged = DomainEvent<'CapturePhotoRetentionChanged', { days: number; reason: string }>;
export type CapturePolicyEvent = CapturePolicyChanged | CapturePhotoRetentionChanged;

export type CapturePolicyState = { kinds: Partial<Record<TrainingKind, CapturePolicy>>; photoRetentionDays: number };
export type CapturePolicyCommand =
  | { type: 'ChangeCapturePolicy'; kind: TrainingKind; policy: unknown; reason: string }
  | { type: 'ChangePhotoRetention'; days: unknown; reason: string };

export const capturePolicyFor = (state: CapturePolicyState, kind: TrainingKind): CapturePolicy => state.kinds[kind] ?? DEFAULT_CAPTURE_POLICY;

const same = (a: CapturePolicy, b: CapturePolicy) => (Object.keys(a) as (keyof CapturePolicy)[]).every((k) => a[k] === b[k]);
const reasonOf = (reason: string) => parseInput(requiredText('修改原因', 500, { multiline: true }), reason);

function decide(command: CapturePolicyCommand, state: CapturePolicyState, context: CommandContext): CapturePolicyEvent[] {
  // Only the provincial authority: checked by the command layer (the domain knows no org tree).
  if (!context.actor.orgId) throw new ForbiddenError('只有管理机构可以修改抓拍策略');
  switch (command.type) {
    case 'ChangeCapturePolicy': {
      const kind = parseInput(oneOf('培训类型', TRAINING_KINDS), command.kind);
      const policy: CapturePolicy = parseInput(capturePolicySchema, command.policy);
      if (same(capturePolicyFor(state, kind), policy)) return [];
      return [{ type: 'CapturePolicyChanged', data: { kind, policy, reason: reasonOf(command.reason) } }];
    }
    case 'ChangePhotoRetention': {
      // At least a year: a subsidy is claimed and reviewed within that time, and the photos are its evidence.
      const days = parseInput(integerIn('抓拍照片保存天数', 365, 3650), command.days);
      if (days === state.photoRetentionDays) return [];
      return [{ type: 'CapturePhotoRetentionChanged', data: { days, reason: reasonOf(command.reason) } }];
    }
    default:
      return assertNever(command);
  }
}

export const capturePolicyDecider: Decider<CapturePolicyCommand, CapturePolicyEvent, CapturePolicyState> = {
  initialState: () => ({ kinds: {}, photoRetentionDays: DEFAULT_PHOTO_RETENTION_DAYS }),
  evolve: (state, event) =>
    event.type === 'CapturePolicyChanged' ? { ...state, kinds: { ...state.kinds, [event.data.kind]: event.data.policy } } : { ...state, photoRetentionDays: event.data.days },
  decide,
};

/** The 0-based offsets (ms) into `[from, to)` of `count` random captures, drawn from a seed (hex) the server alone knows. */
export function randomOffsets(seedHex: string, spanMs: number, count: number): number[] {
  if (spanMs <= 0 || count <= 0) return [];
  const offsets: number[] = [];
  for (let i = 0; i < count; i++) {
    // 4 bytes per draw: uniform enough for minutes in a session; the seed is an HMAC-SM3 (32 bytes = 8 draws).
    const hex = seedHex.slice((i * 8) % seedHex.length, ((i * 8) % seedHex.length) + 8).padEnd(8, '0');
    offsets.push(Math.floor((parseInt(hex, 16) / 0x1_0000_0000) * spanMs));
  }
  return offsets.sort((a, b) => a - b);
}

/**
 * When a session's random captures fall due: drawn inside the session, after the check-in closes
 * and early enough that each window ends before the check-out opens, so a random capture is never
 * mistaken for either. Times are whole minutes (UTC ISO). A session too short for that has none.
 */
export function randomCaptureTimes(seedHex: string, session: { startsAt: string; endsAt: string }, policy: CapturePolicy): string[] {
  const from = Date.parse(session.startsAt) + policy.checkInClosesMinutesAfter * 60_000;
  const to = Date.parse(session.endsAt) - (policy.checkOutOpensMinutesBefore + policy.randomCaptureWindowMinutes) * 60_000;
  return randomOffsets(seedHex, to - from, policy.randomCapturesPerSession).map((offset) => new Date(Math.floor((from + offset) / 60_000) * 60_000).toISOString());
}
