// 异常预警 (issue 13 §4): the rules that turn capture facts into fraud signals, each with its
// evidence. Pure functions over recorded facts: the detector (commands/capture/signal-detector.ts)
// feeds them from the event stream, and an auditor can recompute any signal from the same facts.
// A signal decides nothing by itself: a supervisor confirms it (then the affected attendance no
// longer counts) or dismisses it, each with a reason.
import { chinaDate } from '../personal-data/normalize';
import type { CaptureFacts, MatchFacts } from './capture';
import { distanceMeters, speedKmh } from './geo';
import type { FacePersonKind } from './reference-face';

export const SIGNAL_KINDS = [
  'face_mismatch',
  'no_face',
  'several_faces',
  'liveness_failed',
  'impersonation',
  'far_from_venue',
  'outside_session_time',
  'impossible_travel',
  'overlapping_classes',
  'teacher_absent',
  'roster_filled_late',
  'identical_patterns',
] as const;
export type SignalKind = (typeof SIGNAL_KINDS)[number];
export const SIGNAL_KIND_LABELS: Record<SignalKind, string> = {
  face_mismatch: '人脸与本人不一致',
  no_face: '照片中没有人脸',
  several_faces: '照片中有多张人脸',
  liveness_failed: '活体检测未通过',
  impersonation: '疑似代签（与名册中他人人脸一致）',
  far_from_venue: '抓拍地点远离培训地点',
  outside_session_time: '抓拍时间不在规定时段',
  impossible_travel: '两次抓拍间的位移无法在时间内完成',
  overlapping_classes: '同一人同时段出现在多个班级',
  teacher_absent: '授课教师未到岗',
  roster_filled_late: '申报前短时间内集中报名',
  identical_patterns: '多名学员考勤记录完全相同',
};

/**
 * Thresholds of the rules that are not the institution's business to tune (the policy's maximum
 * distance is). Each with why:
 * - 120 km/h: Guizhou's expressways allow 120 km/h and there is no passenger flight within the
 *   province short enough to matter; faster between two captures means one of them is not the person.
 * - 2 km: two captures less than this apart are the same place within phone positioning error.
 * - the late roster: half the roster or more enrolled within the last 24 hours before the
 *   declaration is a class filled to be declared, not recruited (classes of fewer than 5 are exempt).
 * - identical patterns: at least 5 trainees (and a fifth of the roster) whose every capture time,
 *   over at least 4 captures, falls in the same minutes: one device photographing a group in a
 *   batch, not people arriving one by one.
 * - liveness: Human's scores below 0.5 (README "Face matching": 1 genuine face in 7 scores below,
 *   so this is a signal for a supervisor, never a refusal).
 */
export const DETECTION_RULES = {
  maxTravelKmh: 120,
  samePlaceMeters: 2000,
  lateRosterHours: 24,
  lateRosterShare: 0.5,
  lateRosterMinSize: 5,
  identicalMinGroup: 5,
  identicalMinShare: 0.2,
  identicalMinCaptures: 4,
  livenessMin: 0.5,
} as const;

/** Which attendance a confirmed signal takes out of completion: a person at a session, a person at every session (sessionId null), or everyone at a session (personKey null). */
export type Exclusion = { sessionId: string | null; personKey: string | null };

export interface SignalDraft {
  kind: SignalKind;
  /** What makes it unique: raising the same key twice is one signal. */
  key: string;
  classId: string;
  institutionId: string;
  countyCode: string;
  person: { kind: FacePersonKind; id: string; name: string } | null;
  sessionId: string | null;
  /** Capture streams that are the evidence (their photos are opened through the audited view). */
  captureIds: string[];
  evidence: Record<string, unknown>;
  affected: Exclusion[];
}

const pk = (c: Pick<CaptureFacts, 'personKind' | 'personId'>) => `${c.personKind}:${c.personId}`;
const base = (captureId: string, c: CaptureFacts) => ({
  classId: c.classId,
  institutionId: c.institutionId,
  countyCode: c.countyCode,
  person: { kind: c.personKind, id: c.personId, name: c.personName },
  sessionId: c.sessionId,
  captureIds: [captureId],
  affected: [{ sessionId: c.sessionId, personKey: pk(c) }],
});

/** Signals a capture raises as soon as it is accepted: where and when it was taken. */
export function acceptanceSignals(captureId: string, c: CaptureFacts): SignalDraft[] {
  const out: SignalDraft[] = [];
  if (c.distanceMeters === null || c.distanceMeters > c.policy.maxDistanceMeters) {
    out.push({
      kind: 'far_from_venue',
      key: `far:${captureId}`,
      ...base(captureId, c),
      evidence: c.location
        ? { distanceMeters: c.distanceMeters, maxDistanceMeters: c.policy.maxDistanceMeters, location: c.location }
        : { distanceMeters: null, maxDistanceMeters: c.policy.maxDistanceMeters, note: '抓拍未附带定位信息' },
    });
  }
  if (c.timing === 'outside_window') {
    out.push({
      kind: 'outside_session_time',
      key: `time:${captureId}`,
      ...base(captureId, c),
      evidence: { captureKind: c.kind, deviceTime: c.deviceTime, serverTime: c.serverTime, windowFrom: c.policy.windowFrom, windowTo: c.policy.windowTo },
    });
  }
  return out;
}

/** Signals of a match result: the face is not the person's, there is none or several, liveness failed, or it is another person of the class. */
export function matchSignals(captureId: string, c: CaptureFacts, m: MatchFacts, names: ReadonlyMap<string, string> = new Map()): SignalDraft[] {
  const out: SignalDraft[] = [];
  const matchEvidence = { engineVersion: m.engineVersion, threshold: m.threshold, distance: m.distance, faceCount: m.faceCount, referencePhotoSm3: m.reference?.photoSm3 ?? null };
  const key = (kind: string) => `${kind}:${captureId}:${m.engineVersion}:${m.reference?.photoSm3 ?? ''}`;
  if (m.outcome === 'not_matched') out.push({ kind: 'face_mismatch', key: key('mismatch'), ...base(captureId, c), evidence: matchEvidence });
  if (m.outcome === 'no_face') out.push({ kind: 'no_face', key: key('noface'), ...base(captureId, c), evidence: matchEvidence });
  if (m.faceCount > 1) out.push({ kind: 'several_faces', key: key('several'), ...base(captureId, c), evidence: matchEvidence });
  if (m.liveness && (m.liveness.real < DETECTION_RULES.livenessMin || m.liveness.live < DETECTION_RULES.livenessMin)) {
    out.push({ kind: 'liveness_failed', key: key('liveness'), ...base(captureId, c), evidence: { ...matchEvidence, liveness: m.liveness, minimum: DETECTION_RULES.livenessMin } });
  }
  const others = m.rosterHits.filter((h) => `${h.personKind}:${h.personId}` !== pk(c));
  if (others.length) {
    out.push({
      kind: 'impersonation',
      key: key('impersonation'),
      ...base(captureId, c),
      evidence: { ...matchEvidence, lookalikes: others.map((h) => ({ ...h, name: names.get(`${h.personKind}:${h.personId}`) ?? null })) },
      // The captured person's attendance, and that of whoever the face really is (the face cannot be in two rows of the roster).
      affected: [{ sessionId: c.sessionId, personKey: pk(c) }, ...others.map((h) => ({ sessionId: c.sessionId, personKey: `${h.personKind}:${h.personId}` }))],
    });
  }
  return out;
}

/** One person's capture as the travel and overlap rules see it. */
export interface TrailPoint {
  captureId: string;
  classId: string;
  sessionId: string;
  at: string;
  sessionStartsAt: string;
  sessionEndsAt: string;
  location: { latitude: number; longitude: number } | null;
}

/** Two captures of one person too far apart for the time between them. */
export function impossibleTravel(a: TrailPoint, b: TrailPoint): { distanceMeters: number; minutes: number; speedKmh: number } | undefined {
  if (!a.location || !b.location) return undefined;
  const metres = distanceMeters(a.location, b.location);
  if (metres <= DETECTION_RULES.samePlaceMeters) return undefined;
  const speed = speedKmh(metres, a.at, b.at);
  if (speed <= DETECTION_RULES.maxTravelKmh) return undefined;
  return { distanceMeters: Math.round(metres), minutes: Math.round(Math.abs(Date.parse(b.at) - Date.parse(a.at)) / 60_000), speedKmh: Number.isFinite(speed) ? Math.round(speed) : -1 };
}

/** Sessions of two different classes that overlap in time (the same person cannot sit in both). */
export const sessionsOverlap = (a: Pick<TrailPoint, 'classId' | 'sessionStartsAt' | 'sessionEndsAt'>, b: Pick<TrailPoint, 'classId' | 'sessionStartsAt' | 'sessionEndsAt'>) =>
  a.classId !== b.classId && a.sessionStartsAt < b.sessionEndsAt && b.sessionStartsAt < a.sessionEndsAt;

/** A roster that filled in the last hours before the declaration: how many joined in that window. */
export function rosterFilledLate(enrolments: readonly { personId: string; at: string }[], declaredAt: string): { late: number; total: number; windowHours: number } | undefined {
  const total = enrolments.length;
  if (total < DETECTION_RULES.lateRosterMinSize) return undefined;
  const from = Date.parse(declaredAt) - DETECTION_RULES.lateRosterHours * 3_600_000;
  const late = enrolments.filter((e) => Date.parse(e.at) >= from && Date.parse(e.at) <= Date.parse(declaredAt)).length;
  return late / total >= DETECTION_RULES.lateRosterShare ? { late, total, windowHours: DETECTION_RULES.lateRosterHours } : undefined;
}

/**
 * Groups of trainees whose captures fall in the same minutes, every one of them (at least
 * `identicalMinCaptures` captures each): returns each group of suspicious size with its pattern.
 */
export function identicalPatterns(
  captures: readonly { personKey: string; sessionId: string; kind: string; deviceTime: string }[],
  rosterSize: number,
): { personKeys: string[]; pattern: string[] }[] {
  const byPerson = new Map<string, string[]>();
  for (const c of captures) {
    const minute = c.deviceTime.slice(0, 16);
    byPerson.set(c.personKey, [...(byPerson.get(c.personKey) ?? []), `${c.sessionId}|${c.kind}|${minute}`]);
  }
  const groups = new Map<string, string[]>();
  for (const [person, entries] of byPerson) {
    if (entries.length < DETECTION_RULES.identicalMinCaptures) continue;
    const pattern = [...new Set(entries)].sort().join('\n');
    groups.set(pattern, [...(groups.get(pattern) ?? []), person]);
  }
  const minimum = Math.max(DETECTION_RULES.identicalMinGroup, Math.ceil(rosterSize * DETECTION_RULES.identicalMinShare));
  return [...groups.entries()].filter(([, people]) => people.length >= minimum).map(([pattern, people]) => ({ personKeys: people.sort(), pattern: pattern.split('\n') }));
}

/** The China date of an instant, for evidence read by people. */
export const evidenceDate = (instant: string) => chinaDate(instant);
