// The fraud-signal detector (issue 13 §4): a process manager reading capture and class events in
// log order from its own checkpoint, applying the pure rules of domain/capture/detection.ts and
// raising each signal on its own stream. A signal's id derives from the rule and what it saw, so a
// batch delivered again (at least once) raises nothing new. Rules that need time to pass (a teacher
// who never came, patterns over several sessions) run in `sweep`, on a timer where the projections
// run, and from tests with the moment given.
import { createHash } from 'node:crypto';
import { v5 as uuidv5 } from 'uuid';
import type { Knex } from 'knex';
import { captureDecider, captureStreams, type CaptureFacts, type MatchFacts } from '../../domain/capture/capture';
import { captureSignalDecider, captureSignalStreams } from '../../domain/capture/capture-signal';
import { acceptanceSignals, identicalPatterns, impossibleTravel, matchSignals, rosterFilledLate, sessionsOverlap, type SignalDraft, type TrailPoint } from '../../domain/capture/detection';
import { personKey } from '../../domain/capture/reference-face';
import { capturePolicyFor, type CapturePolicyState } from '../../domain/capture/capture-policy';
import type { TrainingClassEvent } from '../../domain/training-class/events';
import { trainingClassStreams } from '../../domain/training-class/training-class';
import type { EventStore, RecordedEvent } from '../../store/event-store/event-store';
import { loadState } from '../../store/fold';
import { upcast } from '../../store/upcasters';
import { handleCommand } from '../pipeline/handle-command';
import type { RequestContext } from '../pipeline/request-context';
import { processManager, type ProcessLogger } from '../training-class/class-processes';
import type { CaptureClassSource } from './class-source';
import type { PersonIdentityDirectory } from './person-identity';

const SIGNAL_NAMESPACE = 'a4c9e2d7-1f3b-4b8a-9e05-6d7c3b2a1f90';
export const DETECTOR_ACTOR = 'system:capture-detector';

export const signalIdOf = (key: string) => uuidv5(key, SIGNAL_NAMESPACE);

export interface SignalDetectorDeps {
  store: EventStore;
  knex: Knex;
  classes: CaptureClassSource;
  identities: PersonIdentityDirectory;
  /** The capture policy's check-out closing per kind (the sweep waits for it before calling a teacher absent). */
  policy: () => Promise<CapturePolicyState>;
  logger?: ProcessLogger;
}

const sha = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 32);

export function signalDetector(deps: SignalDetectorDeps) {
  const { store, knex, classes } = deps;

  const request = (key: string): RequestContext => {
    const commandId = uuidv5(`raise:${key}`, SIGNAL_NAMESPACE);
    return { actor: { id: DETECTOR_ACTOR, role: 'system', orgId: null }, commandId, correlationId: commandId, ip: null };
  };

  async function raise(drafts: readonly SignalDraft[]) {
    for (const draft of drafts) {
      const signalId = signalIdOf(draft.key);
      await handleCommand(store, captureSignalDecider, captureSignalStreams.streamId(signalId), { type: 'RaiseSignal', signalId, draft }, request(draft.key), { likelyNew: true });
    }
  }

  const trailPoint = (r: { capture_stream: string; person_key: string; class_id: string; session_id: string; taken_at: Date; session_starts: Date; session_ends: Date; latitude: number | null; longitude: number | null }): TrailPoint => ({
    captureId: captureStreams.idOf(r.capture_stream) ?? r.capture_stream,
    classId: r.class_id,
    sessionId: r.session_id,
    at: r.taken_at.toISOString(),
    sessionStartsAt: r.session_starts.toISOString(),
    sessionEndsAt: r.session_ends.toISOString(),
    location: r.latitude !== null && r.longitude !== null ? { latitude: r.latitude, longitude: r.longitude } : null,
  });

  /** A capture accepted: where and when; then the same human's neighbouring captures (travel, overlapping classes). */
  async function onAccepted(event: RecordedEvent) {
    const c = event.data as CaptureFacts;
    const captureId = captureStreams.idOf(event.streamId)!;
    const drafts = acceptanceSignals(captureId, c);
    const key = personKey(c.personKind, c.personId);
    const human = (await deps.identities.humanKeys([{ kind: c.personKind, id: c.personId }])).get(key) ?? key;
    await knex('capture_person_trail')
      .insert({
        capture_stream: event.streamId,
        person_key: key,
        human_key: human,
        class_id: c.classId,
        session_id: c.sessionId,
        kind: c.kind,
        taken_at: c.deviceTime,
        session_starts: c.sessionStartsAt,
        session_ends: c.sessionEndsAt,
        latitude: c.location?.latitude ?? null,
        longitude: c.location?.longitude ?? null,
      })
      .onConflict('capture_stream')
      .ignore();
    const self: TrailPoint = {
      captureId,
      classId: c.classId,
      sessionId: c.sessionId,
      at: c.deviceTime,
      sessionStartsAt: c.sessionStartsAt,
      sessionEndsAt: c.sessionEndsAt,
      location: c.location,
    };
    // The nearest capture of the same human before and after this one in time (offline uploads arrive out of order).
    const near = await knex.raw<{ rows: Parameters<typeof trailPoint>[0][] }>(
      `(SELECT * FROM capture_person_trail WHERE human_key = ? AND capture_stream <> ? AND taken_at <= ? ORDER BY taken_at DESC LIMIT 1)
       UNION ALL
       (SELECT * FROM capture_person_trail WHERE human_key = ? AND capture_stream <> ? AND taken_at > ? ORDER BY taken_at ASC LIMIT 1)`,
      [human, event.streamId, c.deviceTime, human, event.streamId, c.deviceTime],
    );
    for (const row of near.rows) {
      const other = trailPoint(row);
      const travel = impossibleTravel(other, self);
      if (!travel) continue;
      const pair = [other.captureId, captureId].sort();
      drafts.push({
        kind: 'impossible_travel',
        key: `travel:${pair.join(':')}`,
        classId: c.classId,
        institutionId: c.institutionId,
        countyCode: c.countyCode,
        person: { kind: c.personKind, id: c.personId, name: c.personName },
        sessionId: c.sessionId,
        captureIds: pair,
        evidence: { ...travel, from: { at: other.at, classId: other.classId, location: other.location }, to: { at: self.at, classId: self.classId, location: self.location } },
        affected: [
          { sessionId: c.sessionId, personKey: key },
          { sessionId: other.sessionId, personKey: row.person_key },
        ],
      });
    }
    // The same human in another class's session at an overlapping time (a trainee record and a teacher record of one ID number included).
    const overlapping = await knex('capture_person_trail')
      .where({ human_key: human })
      .whereNot({ class_id: c.classId })
      .where('session_starts', '<', c.sessionEndsAt)
      .where('session_ends', '>', c.sessionStartsAt)
      .orderBy('taken_at')
      .first();
    if (overlapping && sessionsOverlap(self, trailPoint(overlapping))) {
      const other = trailPoint(overlapping);
      const classesKey = [c.classId, other.classId].sort().join(':');
      drafts.push({
        kind: 'overlapping_classes',
        key: `overlap:${human}:${classesKey}:${[c.sessionId, other.sessionId].sort().join(':')}`,
        classId: c.classId,
        institutionId: c.institutionId,
        countyCode: c.countyCode,
        person: { kind: c.personKind, id: c.personId, name: c.personName },
        sessionId: c.sessionId,
        captureIds: [other.captureId, captureId],
        evidence: {
          thisClass: { classId: c.classId, sessionId: c.sessionId, from: c.sessionStartsAt, to: c.sessionEndsAt, as: c.personKind },
          otherClass: { classId: other.classId, sessionId: other.sessionId, from: other.sessionStartsAt, to: other.sessionEndsAt, as: overlapping.person_key.split(':')[0] },
        },
        affected: [
          { sessionId: c.sessionId, personKey: key },
          { sessionId: other.sessionId, personKey: overlapping.person_key },
        ],
      });
    }
    await raise(drafts);
  }

  /** A match recorded: mismatch, no face, several, liveness, another person of the class. */
  async function onMatched(event: RecordedEvent) {
    const state = await loadState(store, captureDecider, event.streamId);
    if (state.status !== 'accepted') return;
    const match = event.data as MatchFacts;
    const klass = await classes.load(state.capture.classId);
    const names = new Map<string, string>([
      ...(klass?.roster ?? []).map((r): [string, string] => [personKey(r.personKind, r.personId), r.name]),
      ...(klass?.teachers ?? []).map((t): [string, string] => [personKey('teacher', t.teacherId), t.name]),
    ]);
    await raise(matchSignals(captureStreams.idOf(event.streamId)!, state.capture, match, names));
  }

  /** A declaration: did the roster fill in the last hours before it? */
  async function onDeclared(event: RecordedEvent) {
    const classId = trainingClassStreams.idOf(event.streamId);
    if (!classId) return;
    const history = await store.readStream(event.streamId, { maxCount: event.revision + 1 });
    const enrolled = new Map<string, string>();
    for (const e of history) {
      const typed = upcast(e) as TrainingClassEvent;
      if (typed.type === 'TrainingClassParticipantsEnrolled') for (const en of typed.data.enrolments) enrolled.set(en.participant.personId, e.metadata.occurredAt);
      if (typed.type === 'TrainingClassParticipantRemoved') enrolled.delete(typed.data.participantId);
    }
    const found = rosterFilledLate([...enrolled].map(([personId, at]) => ({ personId, at })), event.metadata.occurredAt);
    if (!found) return;
    const klass = await classes.load(classId);
    if (!klass) return;
    const from = Date.parse(event.metadata.occurredAt) - found.windowHours * 3_600_000;
    const late = [...enrolled].filter(([, at]) => Date.parse(at) >= from).map(([personId]) => personId);
    await raise([
      {
        kind: 'roster_filled_late',
        key: `late-roster:${classId}`,
        classId,
        institutionId: klass.institutionId,
        countyCode: klass.venue.countyCode,
        person: null,
        sessionId: null,
        captureIds: [],
        evidence: { declaredAt: event.metadata.occurredAt, ...found, lateEnrolments: [...enrolled].filter(([id]) => late.includes(id)).map(([personId, at]) => ({ personId, at })) },
        affected: late.map((id) => ({ sessionId: null, personKey: personKey(klass.roster.find((r) => r.personId === id)?.personKind ?? 'trainee', id) })),
      },
    ]);
  }

  async function handle(events: RecordedEvent[]) {
    for (const event of events) {
      if (event.type === 'CaptureAccepted') await onAccepted(event);
      else if (event.type === 'CaptureMatched') await onMatched(event);
      else if (event.type === 'TrainingClassDeclared') await onDeclared(event);
    }
  }

  /**
   * The rules that need time to pass, for sessions that ended (and whose check-out window closed)
   * within the last week and had captures: a teacher with no capture at a session anyone was
   * captured at, and trainees whose captures fall in the same minutes throughout.
   */
  async function sweep(now: Date) {
    const policies = await deps.policy();
    const sessions: { class_id: string; session_id: string; session_ends: Date }[] = await knex('capture_person_trail')
      .distinct('class_id', 'session_id', 'session_ends')
      .where('session_ends', '<', now)
      .where('session_ends', '>', new Date(now.getTime() - 7 * 86_400_000));
    const byClass = new Map<string, typeof sessions>();
    for (const s of sessions) byClass.set(s.class_id, [...(byClass.get(s.class_id) ?? []), s]);
    for (const [classId, ended] of byClass) {
      const klass = await classes.load(classId);
      if (!klass) continue;
      const policy = capturePolicyFor(policies, klass.kind);
      const drafts: SignalDraft[] = [];
      for (const s of ended) {
        if (s.session_ends.getTime() + policy.checkOutClosesMinutesAfter * 60_000 > now.getTime()) continue;
        const session = klass.sessions.find((x) => x.sessionId === s.session_id);
        if (!session) continue;
        const teacherKey = personKey('teacher', session.teacherId);
        const seen = await knex('capture_person_trail').where({ class_id: classId, session_id: s.session_id, person_key: teacherKey }).first('capture_stream');
        if (seen) continue;
        const others = await knex('capture_person_trail').where({ class_id: classId, session_id: s.session_id }).count<{ count: string }[]>({ count: '*' });
        drafts.push({
          kind: 'teacher_absent',
          key: `teacher-absent:${classId}:${s.session_id}`,
          classId,
          institutionId: klass.institutionId,
          countyCode: klass.venue.countyCode,
          person: { kind: 'teacher', id: session.teacherId, name: klass.teachers.find((t) => t.teacherId === session.teacherId)?.name ?? '' },
          sessionId: s.session_id,
          captureIds: [],
          evidence: { sessionStartsAt: session.startsAt, sessionEndsAt: session.endsAt, capturesOfOthers: Number(others[0]?.count ?? 0), teacherCaptures: 0 },
          // A session its teacher never came to counts for no one.
          affected: [{ sessionId: s.session_id, personKey: null }],
        });
      }
      const participantKeys = new Set(klass.roster.map((r) => personKey(r.personKind, r.personId)));
      const rows: { capture_stream: string; person_key: string; session_id: string; kind: string; taken_at: Date }[] = await knex('capture_person_trail')
        .where({ class_id: classId })
        .whereIn('person_key', [...participantKeys])
        .select('capture_stream', 'person_key', 'session_id', 'kind', 'taken_at');
      for (const group of identicalPatterns(rows.map((r) => ({ personKey: r.person_key, sessionId: r.session_id, kind: r.kind, deviceTime: r.taken_at.toISOString() })), klass.roster.length)) {
        drafts.push({
          kind: 'identical_patterns',
          key: `identical:${classId}:${sha(group.personKeys.join(','))}`,
          classId,
          institutionId: klass.institutionId,
          countyCode: klass.venue.countyCode,
          person: null,
          sessionId: null,
          captureIds: rows.filter((r) => group.personKeys.includes(r.person_key)).map((r) => captureStreams.idOf(r.capture_stream)!).slice(0, 50),
          evidence: {
            people: group.personKeys.map((k) => ({ personKey: k, name: klass.roster.find((r) => personKey(r.personKind, r.personId) === k)?.name ?? null })),
            pattern: group.pattern.map((p) => {
              const [sessionId, kind, minute] = p.split('|');
              return { sessionId, kind, minute };
            }),
          },
          affected: group.personKeys.map((k) => ({ sessionId: null, personKey: k })),
        });
      }
      await raise(drafts);
    }
  }

  const manager = processManager({ name: 'capture-signal-detector', store, knex, typePrefixes: ['CaptureAccepted', 'CaptureMatched', 'TrainingClassDeclared'], handle, ...(deps.logger ? { logger: deps.logger } : {}) });
  return { manager, handle, sweep };
}

export type SignalDetector = ReturnType<typeof signalDetector>;
