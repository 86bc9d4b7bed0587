// rm.reference_faces: each trainee's and teacher's reference face in force (issue 13 §1), from
// TraineeReferenceFaceEnrolled and TeacherReferenceFaceEnrolled: the sealed descriptor (ciphertext,
// never clear), the photo's hashes, the engine that computed it. The matcher reads it through the
// ReferenceFaceDirectory port; no list or GraphQL field ever returns a descriptor.
import type { Knex } from 'knex';
import { personKey, type FacePersonKind, type ReferenceFaceFacts } from '../../domain/capture/reference-face';
import { teacherStreams } from '../../domain/teacher/teacher';
import { traineeStreams } from '../../domain/trainee/trainee';
import type { RecordedEvent } from '../../store/event-store/event-store';
import { READ_MODEL_SCHEMA } from '../runner/projection';
import { rowProjection } from '../runner/row-projection';

export const REFERENCE_FACES_TABLE = 'reference_faces';

export interface ReferenceFaceRow extends Record<string, unknown> {
  /** `trainee:<id>` or `teacher:<id>`, as the class module keys people. */
  person_key: string;
  person_kind: string;
  person_id: string;
  descriptor_cipher: string;
  engine_version: string;
  photo_sm3: string;
  photo_sha256: string;
  source: string;
  quality: { score: number; sizePx: number; sharpness: number };
  enrolled_at: string;
}

const personOf = (event: RecordedEvent): { kind: FacePersonKind; id: string } | undefined => {
  if (event.type === 'TraineeReferenceFaceEnrolled') {
    const id = traineeStreams.idOf(event.streamId);
    return id ? { kind: 'trainee', id } : undefined;
  }
  if (event.type === 'TeacherReferenceFaceEnrolled') {
    const id = teacherStreams.idOf(event.streamId);
    return id ? { kind: 'teacher', id } : undefined;
  }
  return undefined;
};

export const referenceFacesProjection = rowProjection<ReferenceFaceRow>({
  name: 'reference_faces',
  version: 1,
  typePrefixes: ['TraineeReferenceFaceEnrolled', 'TeacherReferenceFaceEnrolled'],
  table: REFERENCE_FACES_TABLE,
  key: 'person_key',
  jsonColumns: ['quality'],
  async createTable(knex, qualified) {
    const [schema, table] = qualified.split('.') as [string, string];
    await knex.schema.withSchema(schema).createTable(table, (t) => {
      t.text('person_key').primary();
      t.text('person_kind').notNullable();
      t.text('person_id').notNullable();
      t.text('descriptor_cipher').notNullable();
      t.text('engine_version').notNullable();
      t.text('photo_sm3').notNullable();
      t.text('photo_sha256').notNullable();
      t.text('source').notNullable();
      t.jsonb('quality').notNullable();
      t.text('enrolled_at').notNullable();
    });
  },
  rowKey: (event) => {
    const person = personOf(event);
    return person && personKey(person.kind, person.id);
  },
  evolve(_row, event) {
    const person = personOf(event)!;
    const face = event.data as ReferenceFaceFacts;
    // The latest enrolment is the reference in force.
    return {
      person_key: personKey(person.kind, person.id),
      person_kind: person.kind,
      person_id: person.id,
      descriptor_cipher: face.descriptorCipher,
      engine_version: face.engineVersion,
      photo_sm3: face.photoSm3,
      photo_sha256: face.photoFileSha256,
      source: face.source,
      quality: face.quality,
      enrolled_at: event.metadata.occurredAt,
    };
  },
});

export const referenceFacesTable = (knex: Knex) => knex<ReferenceFaceRow>(`${READ_MODEL_SCHEMA}.${REFERENCE_FACES_TABLE}`);

/** A reference face as the command layer's ReferenceFaceDirectory port returns it. */
const toStored = (r: ReferenceFaceRow) => ({
  personKind: r.person_kind as FacePersonKind,
  personId: r.person_id,
  descriptorCipher: r.descriptor_cipher,
  engineVersion: r.engine_version,
  photoSm3: r.photo_sm3,
  photoFileSha256: r.photo_sha256,
  source: r.source,
  enrolledAt: r.enrolled_at,
});

/** The read model as the matcher's ReferenceFaceDirectory port (commands/face) sees it. */
export const referenceFaceDirectory = (knex: Knex) => ({
  async forPeople(people: readonly { kind: FacePersonKind; id: string }[]) {
    if (!people.length) return [];
    const rows = await referenceFacesTable(knex).whereIn('person_key', [...new Set(people.map((p) => personKey(p.kind, p.id)))]);
    return rows.map(toStored);
  },
});

/** Whether each person has a reference face, and its source and time (for rosters: who still needs a photo). */
export async function referenceFaceSummaries(knex: Knex, personKeys: readonly string[]) {
  if (!personKeys.length) return new Map<string, { source: string; enrolledAt: string; engineVersion: string }>();
  const rows = await referenceFacesTable(knex).whereIn('person_key', [...new Set(personKeys)]).select('person_key', 'source', 'enrolled_at', 'engine_version');
  return new Map(rows.map((r) => [r.person_key, { source: r.source, enrolledAt: r.enrolled_at, engineVersion: r.engine_version }]));
}
