// rm.captures: one row per capture stream (issue 13 §2): the capture as accepted (or the last
// refusal of an attempt recorded as a security event), its match in force (the latest), whether its
// photo still exists and how often it was viewed. The photo itself is never here; its SM3 is.
import type { Knex } from 'knex';
import { captureStreams, type CaptureFacts, type CaptureRefused, type MatchFacts } from '../../domain/capture/capture';
import type { RecordedEvent } from '../../store/event-store/event-store';
import { READ_MODEL_SCHEMA } from '../runner/projection';
import { rowProjection } from '../runner/row-projection';

export const CAPTURES_TABLE = 'captures';
const CAPTURE_EVENTS = ['CaptureAccepted', 'CaptureRefused', 'CaptureMatched', 'CapturePhotoViewed', 'CapturePhotoPurged'] as const;

export interface CaptureRow extends Record<string, unknown> {
  id: string;
  stream_id: string;
  status: 'accepted' | 'refused';
  class_id: string;
  session_id: string;
  institution_id: string | null;
  county_code: string | null;
  person_kind: string;
  person_id: string;
  person_name: string | null;
  role: string | null;
  kind: string;
  device_id: string;
  device_capture_id: string;
  device_time: string | null;
  server_time: string;
  timing: string | null;
  distance_meters: number | null;
  latitude: number | null;
  longitude: number | null;
  photo_sm3: string | null;
  photo_sha256: string | null;
  photo_purged: boolean;
  refusal_reason: string | null;
  refusal_message: string | null;
  /** The match in force (null: not matched yet). */
  match_outcome: string | null;
  matched: boolean | null;
  match_distance: number | null;
  match_threshold: number | null;
  face_count: number | null;
  engine_version: string | null;
  matched_at: string | null;
  match_count: number;
  /** The latest match's details (roster hits, liveness, reference), for the evidence view. */
  match: MatchFacts | null;
  views: number;
  updated_at: string;
}

const isCaptureStream = (streamId: string) => {
  const id = captureStreams.idOf(streamId);
  return id !== undefined && /^[0-9a-f-]{36}$/.test(id);
};

function accepted(row: CaptureRow | null, event: RecordedEvent, c: CaptureFacts): CaptureRow {
  return {
    id: captureStreams.idOf(event.streamId)!,
    stream_id: event.streamId,
    status: 'accepted',
    class_id: c.classId,
    session_id: c.sessionId,
    institution_id: c.institutionId,
    county_code: c.countyCode,
    person_kind: c.personKind,
    person_id: c.personId,
    person_name: c.personName,
    role: c.role,
    kind: c.kind,
    device_id: c.deviceId,
    device_capture_id: c.deviceCaptureId,
    device_time: c.deviceTime,
    server_time: c.serverTime,
    timing: c.timing,
    distance_meters: c.distanceMeters,
    latitude: c.location?.latitude ?? null,
    longitude: c.location?.longitude ?? null,
    photo_sm3: c.photo.sm3,
    photo_sha256: c.photo.sha256,
    photo_purged: false,
    refusal_reason: null,
    refusal_message: null,
    match_outcome: row?.match_outcome ?? null,
    matched: row?.matched ?? null,
    match_distance: row?.match_distance ?? null,
    match_threshold: row?.match_threshold ?? null,
    face_count: row?.face_count ?? null,
    engine_version: row?.engine_version ?? null,
    matched_at: row?.matched_at ?? null,
    match_count: row?.match_count ?? 0,
    match: row?.match ?? null,
    views: row?.views ?? 0,
    updated_at: event.metadata.occurredAt,
  };
}

function refused(row: CaptureRow | null, event: RecordedEvent, r: CaptureRefused['data']): CaptureRow {
  // A refusal after an acceptance (a reused capture id) leaves the accepted capture as it is.
  if (row?.status === 'accepted') return { ...row, updated_at: event.metadata.occurredAt };
  return {
    id: captureStreams.idOf(event.streamId)!,
    stream_id: event.streamId,
    status: 'refused',
    class_id: r.classId,
    session_id: r.sessionId,
    institution_id: event.metadata.actorOrgId,
    county_code: null,
    person_kind: r.personKind,
    person_id: r.personId,
    person_name: null,
    role: null,
    kind: r.kind,
    device_id: r.deviceId,
    device_capture_id: r.deviceCaptureId,
    device_time: r.deviceTime,
    server_time: r.serverTime,
    timing: null,
    distance_meters: null,
    latitude: r.location?.latitude ?? null,
    longitude: r.location?.longitude ?? null,
    photo_sm3: r.photoSm3,
    photo_sha256: null,
    photo_purged: false,
    refusal_reason: r.reason,
    refusal_message: r.message,
    match_outcome: null,
    matched: null,
    match_distance: null,
    match_threshold: null,
    face_count: null,
    engine_version: null,
    matched_at: null,
    match_count: 0,
    match: null,
    views: 0,
    updated_at: event.metadata.occurredAt,
  };
}

export const capturesProjection = rowProjection<CaptureRow>({
  name: 'captures',
  version: 1,
  typePrefixes: CAPTURE_EVENTS,
  table: CAPTURES_TABLE,
  key: 'id',
  jsonColumns: ['match'],
  async createTable(knex, qualified) {
    const [schema, table] = qualified.split('.') as [string, string];
    await knex.schema.withSchema(schema).createTable(table, (t) => {
      t.text('id').primary();
      t.text('stream_id').notNullable();
      t.text('status').notNullable();
      t.text('class_id').notNullable();
      t.text('session_id').notNullable();
      t.text('institution_id');
      t.text('county_code');
      t.text('person_kind').notNullable();
      t.text('person_id').notNullable();
      t.text('person_name');
      t.text('role');
      t.text('kind').notNullable();
      t.text('device_id').notNullable();
      t.text('device_capture_id').notNullable();
      t.text('device_time');
      t.text('server_time').notNullable();
      t.text('timing');
      t.integer('distance_meters');
      t.double('latitude');
      t.double('longitude');
      t.text('photo_sm3');
      t.text('photo_sha256');
      t.boolean('photo_purged').notNullable();
      t.text('refusal_reason');
      t.text('refusal_message');
      t.text('match_outcome');
      t.boolean('matched');
      t.double('match_distance');
      t.double('match_threshold');
      t.integer('face_count');
      t.text('engine_version');
      t.text('matched_at');
      t.integer('match_count').notNullable();
      t.jsonb('match');
      t.integer('views').notNullable();
      t.text('updated_at').notNullable();
      t.index(['class_id', 'session_id']);
      t.index(['person_kind', 'person_id']);
      t.index(['institution_id', 'updated_at']);
    });
  },
  rowKey: (event) => (isCaptureStream(event.streamId) ? captureStreams.idOf(event.streamId) : undefined),
  evolve(row, event) {
    switch (event.type) {
      case 'CaptureAccepted':
        return accepted(row, event, event.data as CaptureFacts);
      case 'CaptureRefused':
        return refused(row, event, event.data as CaptureRefused['data']);
      case 'CaptureMatched': {
        if (!row) return row;
        const m = event.data as MatchFacts;
        return {
          ...row,
          match_outcome: m.outcome,
          matched: m.matched,
          match_distance: m.distance,
          match_threshold: m.threshold,
          face_count: m.faceCount,
          engine_version: m.engineVersion,
          matched_at: event.metadata.occurredAt,
          match_count: row.match_count + 1,
          match: m,
          updated_at: event.metadata.occurredAt,
        };
      }
      case 'CapturePhotoViewed':
        return row && { ...row, views: row.views + 1 };
      case 'CapturePhotoPurged':
        return row && { ...row, photo_purged: true, updated_at: event.metadata.occurredAt };
      default:
        return row;
    }
  },
});

export const capturesTable = (knex: Knex) => knex<CaptureRow>(`${READ_MODEL_SCHEMA}.${CAPTURES_TABLE}`);

/** A capture belongs to its institution: in scope wherever the institution is. */
export async function captureOwner(knex: Knex, id: string) {
  if (!/^[0-9a-f-]{36}$/.test(id)) return undefined;
  const row = await capturesTable(knex).where({ id }).first('institution_id', 'class_id');
  return row?.institution_id ? { orgIds: [row.institution_id], classId: row.class_id } : undefined;
}
