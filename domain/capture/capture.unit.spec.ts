// The capture's rules (issue 13 §2) and the signals of its facts (§4): given the class as its stream
// stands, when a capture arrives, then it is accepted with the facts it was checked against, or
// refused with its reason; a repeat records nothing; a match is recorded once per engine and
// reference; the random captures fall inside the session, away from check-in and check-out.
import { describe, expect, it } from '@jest/globals';
import { specification, testContext } from '../../testing/decider-specification';
import { NotFoundError, ValidationError } from '../shared/errors';
import { captureDecider, CaptureRefusedError, parseCaptureUpload, type CaptureEvent, type CaptureFacts, type MatchFacts } from './capture';
import { capturePolicyDecider, DEFAULT_CAPTURE_POLICY, randomCaptureTimes } from './capture-policy';
import { acceptanceSignals, impossibleTravel, matchSignals } from './detection';
import type { ClassForCapture } from './class-view';

const given = specification(captureDecider);
const session = { sessionId: '2026-03-02T09:00', date: '2026-03-02', startsAt: '2026-03-02T01:00:00.000Z', endsAt: '2026-03-02T04:00:00.000Z', teacherId: 'teacher-1' };
const klass: ClassForCapture = {
  classId: 'class-1',
  classNo: 'PX520102202600001',
  name: '创业培训班',
  institutionId: 'school-1',
  status: 'in_progress',
  kind: 'entrepreneurship',
  venue: { address: '贵阳市', countyCode: '520102', latitude: 26.57, longitude: 106.71 },
  sessions: [session],
  roster: [{ personKind: 'trainee', personId: 'trainee-1', name: '张三', joinedOn: '2026-02-01', withdrawnOn: null }],
  teachers: [{ teacherId: 'teacher-1', name: '李老师' }],
};
const photo = { sha256: 'a'.repeat(64), sm3: 'b'.repeat(64), size: 50_000, contentType: 'image/jpeg', width: 640, height: 480 };
const upload = (over: Record<string, unknown> = {}) =>
  parseCaptureUpload({ deviceCaptureId: 'c-1', deviceId: 'phone-1', classId: 'class-1', sessionId: session.sessionId, kind: 'check_in', personKind: 'trainee', personId: 'trainee-1', deviceTime: '2026-03-02T09:05:00+08:00', latitude: 26.5705, longitude: 106.71, ...over });
const accept = (over: Record<string, unknown> = {}, k: ClassForCapture | undefined = klass) => ({ type: 'AcceptCapture' as const, upload: upload(over), photo, klass: k, policy: DEFAULT_CAPTURE_POLICY, randomTimes: [] });
const at = (now: string) => testContext({ orgId: 'school-1' }, now);
const NOW = '2026-03-02T01:06:00.000Z';

const acceptedEvent = (): CaptureEvent => captureDecider.decide(accept(), captureDecider.initialState(), at(NOW))[0]!;
const match = (over: Partial<MatchFacts> = {}): MatchFacts => ({
  reason: 'first', engineVersion: 'face-api 1.7.15', threshold: 0.45, outcome: 'matched', matched: true, distance: 0.2, faceCount: 1,
  quality: { score: 0.9, sizePx: 120, sharpness: 8 }, liveness: null, reference: { photoSm3: 'r'.repeat(64), engineVersion: 'face-api 1.7.15', source: 'upload' }, rosterHits: [], inferenceMs: 400, ...over,
});

describe('a capture arriving', () => {
  it('is accepted with the person, the session, both clocks, the distance and the policy applied', () => {
    const [event] = captureDecider.decide(accept(), captureDecider.initialState(), at(NOW));
    expect(event).toMatchObject({
      type: 'CaptureAccepted',
      data: { personName: '张三', role: 'participant', deviceTime: '2026-03-02T01:05:00.000Z', serverTime: NOW, timing: 'on_time', randomSlot: null, distanceMeters: 56, policy: { windowFrom: '2026-03-02T00:30:00.000Z', windowTo: '2026-03-02T01:15:00.000Z' } },
    });
  });

  it('of the session\'s teacher is accepted as the teacher\'s', () => {
    const [event] = captureDecider.decide(accept({ personKind: 'teacher', personId: 'teacher-1' }), captureDecider.initialState(), at(NOW));
    expect((event!.data as CaptureFacts).role).toBe('teacher');
  });

  it('after its window but within the session is accepted as outside the window (a signal, not a refusal)', () => {
    const [event] = captureDecider.decide(accept({ deviceTime: '2026-03-02T10:00:00+08:00' }), captureDecider.initialState(), at('2026-03-02T02:01:00.000Z'));
    expect((event!.data as CaptureFacts).timing).toBe('outside_window');
  });

  it('again with the same photo records nothing; with another photo under the same id it is refused', () => {
    given([acceptedEvent()]).when(accept(), at(NOW)).thenNothing();
    expect(() => captureDecider.decide({ ...accept(), photo: { ...photo, sha256: 'c'.repeat(64) } }, captureDecider.evolve(captureDecider.initialState(), acceptedEvent()), at(NOW))).toThrow(CaptureRefusedError);
  });

  const refusals: [string, ReturnType<typeof accept>, string][] = [
    ['a class not running', accept({}, { ...klass, status: 'completed' }), 'CLASS_NOT_RUNNING'],
    ['a session the class does not have', accept({ sessionId: '2026-03-03T09:00' }), 'SESSION_UNKNOWN'],
    ['a photo taken after the check-out closed', accept({ deviceTime: '2026-03-02T12:31:00+08:00' }), 'SESSION_NOT_RUNNING'],
    ['a person neither on the roster nor teaching', accept({ personId: 'trainee-9' }), 'NOT_ON_ROSTER'],
    ['a device clock ahead of the server\'s', accept({ deviceTime: '2026-03-02T09:30:00+08:00' }), 'DEVICE_CLOCK'],
  ];
  for (const [what, command, reason] of refusals) {
    it(`refuses ${what} (${reason})`, () => {
      let thrown: unknown;
      try {
        captureDecider.decide(command, captureDecider.initialState(), at(reason === 'SESSION_NOT_RUNNING' ? '2026-03-02T04:32:00.000Z' : NOW));
      } catch (error) {
        thrown = error;
      }
      expect([thrown instanceof CaptureRefusedError, (thrown as CaptureRefusedError).reason]).toEqual([true, reason]);
    });
  }

  it('refuses an upload later than the policy allows, naming the limit', () => {
    given().when(accept(), at('2026-03-03T02:00:00.000Z')).thenThrows(CaptureRefusedError, '离线抓拍须在拍摄后1440分钟内上传');
  });

  it('for a class that does not exist answers as missing', () => {
    given().when({ ...accept(), klass: undefined }, at(NOW)).thenThrows(NotFoundError);
  });
});

describe('an accepted capture', () => {
  it('records a match once per engine and reference; a newer engine\'s re-match is a new fact beside it', () => {
    const first = match();
    given([acceptedEvent(), { type: 'CaptureMatched', data: first }]).when({ type: 'RecordMatch', match: first }).thenNothing();
    const newer = match({ reason: 'rematch', engineVersion: 'face-api 1.8.0' });
    given([acceptedEvent(), { type: 'CaptureMatched', data: first }]).when({ type: 'RecordMatch', match: newer }).then([{ type: 'CaptureMatched', data: newer }]);
  });

  it('opens its photo only with a reason, and not after it was purged', () => {
    given([acceptedEvent()]).when({ type: 'RecordPhotoView', reason: '核查', signalId: null }).then([{ type: 'CapturePhotoViewed', data: { reason: '核查', signalId: null } }]);
    given([acceptedEvent()]).when({ type: 'RecordPhotoView', reason: '', signalId: null }).thenThrows(ValidationError);
    given([acceptedEvent(), { type: 'CapturePhotoPurged', data: { retentionDays: 1095, purgedOn: '2029-03-02' } }]).when({ type: 'RecordPhotoView', reason: '核查', signalId: null }).thenThrows(Error, '已删除');
  });
});

describe('the capture policy', () => {
  it('is changed by an authority with a reason; the same values again record nothing', () => {
    const policy = specification(capturePolicyDecider);
    const changed = { ...DEFAULT_CAPTURE_POLICY, maxDistanceMeters: 300 };
    policy().when({ type: 'ChangeCapturePolicy', kind: 'employment', policy: changed, reason: '城区教室' }, testContext({ orgId: 'province' })).then([{ type: 'CapturePolicyChanged', data: { kind: 'employment', policy: changed, reason: '城区教室' } }]);
    policy().when({ type: 'ChangeCapturePolicy', kind: 'employment', policy: DEFAULT_CAPTURE_POLICY, reason: '不变' }, testContext({ orgId: 'province' })).thenNothing();
    policy().when({ type: 'ChangePhotoRetention', days: 30, reason: '太短' }, testContext({ orgId: 'province' })).thenThrows(ValidationError);
  });

  it('draws random captures inside the session, after the check-in closes and ending before the check-out opens', () => {
    const policy = { ...DEFAULT_CAPTURE_POLICY, randomCapturesPerSession: 3 };
    for (const seed of ['00'.repeat(32), 'ff'.repeat(32), '7a3c91e04b5d28f6'.repeat(4)]) {
      const times = randomCaptureTimes(seed, session, policy).map(Date.parse);
      expect(times).toHaveLength(3);
      for (const t of times) {
        expect(t).toBeGreaterThanOrEqual(Date.parse(session.startsAt) + 15 * 60_000 - 60_000);
        expect(t + 10 * 60_000).toBeLessThanOrEqual(Date.parse(session.endsAt) - 15 * 60_000);
      }
    }
  });
});

describe('signals of a capture\'s facts', () => {
  const facts = acceptedEvent().data as CaptureFacts;
  it('far from the venue, or without a location, raises 远离培训地点 with the distance as evidence', () => {
    expect(acceptanceSignals('cap-1', facts)).toEqual([]);
    const far = acceptanceSignals('cap-1', { ...facts, distanceMeters: 130_000 });
    expect(far).toMatchObject([{ kind: 'far_from_venue', key: 'far:cap-1', evidence: { distanceMeters: 130_000, maxDistanceMeters: 500 }, affected: [{ sessionId: session.sessionId, personKey: 'trainee:trainee-1' }] }]);
  });

  it('a face that is not the person\'s, or another enrolled person\'s, raises its signal', () => {
    expect(matchSignals('cap-1', facts, match({ outcome: 'not_matched', matched: false, distance: 0.7 })).map((s) => s.kind)).toEqual(['face_mismatch']);
    const hits = matchSignals('cap-1', facts, match({ rosterHits: [{ personKind: 'trainee', personId: 'trainee-2', distance: 0.3 }] }));
    expect(hits.map((s) => s.kind)).toContain('impersonation');
  });

  it('two places too far apart for the time between them are impossible travel', () => {
    const point = (at: string, latitude: number) => ({ captureId: at, classId: 'c', sessionId: 's', at, sessionStartsAt: at, sessionEndsAt: at, location: { latitude, longitude: 106.71 } });
    expect(impossibleTravel(point('2026-03-02T01:00:00Z', 26.57), point('2026-03-02T01:30:00Z', 27.72))).toBeDefined();
    expect(impossibleTravel(point('2026-03-02T01:00:00Z', 26.57), point('2026-03-02T05:00:00Z', 27.72))).toBeUndefined();
  });
});
