// The mobile app's pure rules (web-mobile/src): what the outbox does with each answer of POST
// /captures and when it tries again, the device capture id, and where each person of a roster stands.
import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { isDue, retryDelayMs, uuidV4, verdictFor } from '../../web-mobile/src/outbox/retry';
import type { OutboxItem } from '../../web-mobile/src/outbox/store';
import { personRows, type RosterEntry } from '../../web-mobile/src/views/roster/people';

describe('outbox: answers of POST /captures', () => {
  it('holds a capture the server acknowledged, new (201) or repeated (200)', () => {
    expect(verdictFor(201)).toBe('acknowledged');
    expect(verdictFor(200)).toBe('acknowledged');
  });
  it('keeps a capture for the next login when the session ended', () => expect(verdictFor(401)).toBe('session'));
  it('tries again without a connection, on a locked screen, when rate-limited or on a server error', () => {
    for (const status of [null, 408, 423, 429, 500, 502, 503]) expect(verdictFor(status)).toBe('retry');
  });
  it('stops on a refusal of the capture itself', () => {
    for (const status of [400, 403, 404, 413, 415, 422]) expect(verdictFor(status)).toBe('refused');
  });
});

describe('outbox: retry timing', () => {
  it('doubles from 5 seconds up to 5 minutes', () => {
    expect([1, 2, 3, 4, 7, 20].map(retryDelayMs)).toEqual([5_000, 10_000, 20_000, 40_000, 300_000, 300_000]);
  });
  it('sends a new capture at once and a failed one after its delay', () => {
    expect(isDue({ attempts: 0, lastAttemptAt: null }, 1_000)).toBe(true);
    expect(isDue({ attempts: 2, lastAttemptAt: 1_000 }, 10_999)).toBe(false);
    expect(isDue({ attempts: 2, lastAttemptAt: 1_000 }, 11_000)).toBe(true);
  });
});

describe('device capture id', () => {
  it('is a version-4 UUID (the server takes it as the command id too) and differs every time', () => {
    const random = (bytes: Uint8Array) => Object.assign(bytes, randomBytes(bytes.length));
    const ids = new Set(Array.from({ length: 100 }, () => uuidV4(random)));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('roster: who is still missing', () => {
  const capture = (match: { matched: boolean; outcomeLabel: string; advice?: string } | null, status = 'accepted') => ({
    id: 'c-1',
    kind: 'check_in',
    kindLabel: '签到',
    status,
    statusLabel: status === 'accepted' ? '已受理' : '已拒绝',
    serverTime: '2026-03-16T01:00:00Z',
    timing: 'on_time',
    timingLabel: '在规定时段内',
    distanceMeters: 12,
    refusalMessage: status === 'accepted' ? null : '该人员不在本班名册中',
    match: match && { outcome: match.matched ? 'matched' : 'not_matched', outcomeLabel: match.outcomeLabel, advice: match.advice ?? null, matched: match.matched, distance: 0.3 },
  });
  const person = (personId: string, checkIn: ReturnType<typeof capture> | null, hasReferenceFace = true): RosterEntry => ({
    personKind: 'trainee',
    personId,
    name: `学员${personId}`,
    role: 'participant',
    hasReferenceFace,
    checkIn,
    checkOut: null,
    randomCaptures: [],
  });
  const waiting = (personId: string): OutboxItem => ({
    deviceCaptureId: `d-${personId}`,
    deviceId: 'web-1',
    classId: 'k-1',
    className: '',
    sessionId: 's-1',
    kind: 'check_in',
    personKind: 'trainee',
    personId,
    personName: '',
    deviceTime: '2026-03-16T01:00:00Z',
    latitude: null,
    longitude: null,
    accuracyMeters: null,
    photo: null,
    state: 'waiting',
    attempts: 1,
    lastAttemptAt: 1,
    message: '网络不可用，联网后自动上传',
    captureId: null,
  });

  it('shows missing, waiting on the phone, being matched, matched and not matched', () => {
    const roster = [
      person('1', null, false),
      person('2', null),
      person('3', capture(null)),
      person('4', capture({ matched: true, outcomeLabel: '比对一致' })),
      person('5', capture({ matched: false, outcomeLabel: '比对不一致', advice: '人脸与登记照片不一致，请本人重新拍摄' })),
      person('6', capture(null, 'refused')),
    ];
    const rows = personRows(roster, 'check_in', [waiting('2')], 'k-1', 's-1');
    expect(rows.map((r) => [r.state, r.label, r.detail])).toEqual([
      ['missing', '未签到', '未登记人脸照片'],
      ['waiting', '待上传', '网络不可用，联网后自动上传'],
      ['matching', '比对中', null],
      ['matched', '比对一致', null],
      ['not_matched', '比对不一致', '人脸与登记照片不一致，请本人重新拍摄'],
      ['refused', '已拒绝', '该人员不在本班名册中'],
    ]);
  });
  it('counts a check-in as missing for the check-out', () => {
    const rows = personRows([person('4', capture({ matched: true, outcomeLabel: '比对一致' }))], 'check_out', [], 'k-1', 's-1');
    expect(rows[0]?.state).toBe('missing');
    expect(rows[0]?.label).toBe('未签退');
  });
});
