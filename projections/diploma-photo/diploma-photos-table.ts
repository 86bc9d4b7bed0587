// 毕业证照片: one row per student with a photo record: whose, which school, the photo awaiting review
// and the approved one (their SHA-256 only: the bytes stay encrypted in the storage port), the review.
import type { Knex } from 'knex';
import { diplomaPhotoDecider, diplomaPhotoStreams, type DiplomaPhotoEvent, type DiplomaPhotoState } from '../../domain/diploma-photo/diploma-photo';
import { currentLevel } from '../../domain/review/review';
import type { RecordedEvent } from '../../store/event-store/event-store';
import { upcast } from '../../store/upcasters';
import type { DataScope } from '../organization/data-scope';
import { joinOrganizationName } from '../organization/organization-names';
import { READ_MODEL_SCHEMA } from '../runner/projection';
import { rowProjection } from '../runner/row-projection';

export const DIPLOMA_PHOTOS_TABLE = 'diploma_photos';

export interface DiplomaPhotoRow extends Record<string, unknown> {
  student_id: string;
  stream_id: string;
  school_id: string;
  student_name: string;
  uploaded_by: string;
  pending_sha256: string | null;
  approved_sha256: string | null;
  review_status: string;
  review_level: string | null;
  review_authority: string | null;
  state: DiplomaPhotoState;
  uploaded_at: string;
  updated_at: string;
}

function toRow(previous: DiplomaPhotoRow | null, state: Extract<DiplomaPhotoState, { status: 'kept' }>, event: RecordedEvent): DiplomaPhotoRow {
  const level = currentLevel(state.review) ?? null;
  return {
    student_id: state.studentId,
    stream_id: event.streamId,
    school_id: state.schoolId,
    student_name: state.studentName,
    uploaded_by: event.type === 'DiplomaPhotoUploaded' ? event.metadata.actorId : (previous?.uploaded_by ?? event.metadata.actorId),
    pending_sha256: state.pending?.sha256 ?? null,
    approved_sha256: state.approved?.sha256 ?? null,
    review_status: state.review.status,
    review_level: level,
    review_authority: level && state.review.status === 'pending' ? (state.review.authorities[level] ?? null) : null,
    state,
    uploaded_at: event.type === 'DiplomaPhotoUploaded' ? event.metadata.occurredAt : (previous?.uploaded_at ?? event.metadata.occurredAt),
    updated_at: event.metadata.occurredAt,
  };
}

export const diplomaPhotosProjection = rowProjection<DiplomaPhotoRow>({
  name: 'diploma-photos',
  version: 1,
  typePrefixes: ['DiplomaPhoto', 'Review'],
  table: DIPLOMA_PHOTOS_TABLE,
  key: 'student_id',
  jsonColumns: ['state'],
  async createTable(knex, qualified) {
    const [schema, table] = qualified.split('.') as [string, string];
    await knex.schema.withSchema(schema).createTable(table, (t) => {
      t.text('student_id').primary();
      t.text('stream_id').notNullable().unique();
      t.text('school_id').notNullable().index();
      t.text('student_name').notNullable();
      t.text('uploaded_by').notNullable();
      t.text('pending_sha256');
      t.text('approved_sha256');
      t.text('review_status').notNullable();
      t.text('review_level');
      t.text('review_authority');
      t.jsonb('state').notNullable();
      t.text('uploaded_at').notNullable();
      t.text('updated_at').notNullable();
    });
  },
  rowKey: (event) => diplomaPhotoStreams.idOf(event.streamId),
  evolve(row, event) {
    const state = diplomaPhotoDecider.evolve(row?.state ?? diplomaPhotoDecider.initialState(), upcast(event) as DiplomaPhotoEvent);
    return state.status === 'kept' ? toRow(row, state, event) : row;
  },
});

export const diplomaPhotosTable = (knex: Knex) => knex<DiplomaPhotoRow>(`${READ_MODEL_SCHEMA}.${DIPLOMA_PHOTOS_TABLE}`);

export interface DiplomaPhotoFilter {
  schoolId?: string;
  name?: string;
  /** pending 待审核 / approved 已审核 / returned 已退回 / none 未提交 */
  status?: 'draft' | 'pending' | 'approved' | 'returned' | 'rejected' | 'withdrawn';
  /** Only students with an approved photo. */
  approvedOnly?: boolean;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Photos with `school_name`, within the caller's scope, filtered. */
export async function diplomaPhotoListQuery(knex: Knex, scope: DataScope, filter: DiplomaPhotoFilter) {
  const query = joinOrganizationName(diplomaPhotosTable(knex), 'diploma_photos.school_id', 'school').select('diploma_photos.*', 'school.name as school_name');
  await scope.restrict(query, { org: 'diploma_photos.school_id', owner: 'diploma_photos.uploaded_by' });
  if (filter.schoolId) query.where('diploma_photos.school_id', filter.schoolId);
  if (filter.name) query.where('diploma_photos.student_name', 'like', `%${escapeLike(filter.name)}%`);
  if (filter.status) query.where('diploma_photos.review_status', filter.status);
  if (filter.approvedOnly) query.whereNotNull('diploma_photos.approved_sha256');
  return { query };
}

/** Who owns a photo record: the student's school, and its uploader (for 'own' scope). */
export async function diplomaPhotoOwner(knex: Knex, studentId: string) {
  const row = await diplomaPhotosTable(knex).where({ student_id: studentId }).first('school_id', 'uploaded_by');
  return row && { orgIds: [row.school_id], createdBy: row.uploaded_by };
}
