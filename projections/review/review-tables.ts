import type { Knex } from 'knex';
import type { RecordedEvent } from '../../store/event-store/event-store';
import { upcast } from '../../store/upcasters';
import { currentLevel, evolveReview, initialReviewState, isReviewEvent, type ReviewEvent, type ReviewState } from '../../domain/review/review';
import { ORGANIZATIONS_TABLE, findOrganization } from '../organization/organizations-table';
import { moduleOfStream } from '../../domain/shared/streams';
import { READ_MODEL_SCHEMA } from '../runner/projection';
import { rowProjection } from '../runner/row-projection';

export const REVIEW_TASKS_TABLE = 'review_tasks';
export const REVIEW_HISTORY_TABLE = 'review_history';

// A module's name may hold a hyphen (training-class): the stream namings know where it ends.
const moduleOf = moduleOfStream;

/** One row per reviewable record, across modules: the review inbox reads the pending ones. */
export interface ReviewTaskRow extends Record<string, unknown> {
  stream_id: string;
  module: string;
  title: string;
  status: string;
  round: number;
  level: string | null;
  authority_id: string | null;
  submitter_org_id: string | null;
  submitted_at: string | null;
  updated_at: string;
  review: ReviewState;
}

export const reviewTasksProjection = rowProjection<ReviewTaskRow>({
  name: 'review_tasks',
  version: 1,
  typePrefixes: ['Review'],
  table: REVIEW_TASKS_TABLE,
  key: 'stream_id',
  jsonColumns: ['review'],
  async createTable(knex, qualified) {
    const [schema, table] = qualified.split('.') as [string, string];
    await knex.schema.withSchema(schema).createTable(table, (t) => {
      t.text('stream_id').primary();
      t.text('module').notNullable();
      t.text('title').notNullable();
      t.text('status').notNullable();
      t.integer('round').notNullable();
      t.text('level');
      t.text('authority_id');
      t.text('submitter_org_id');
      t.text('submitted_at');
      t.text('updated_at').notNullable();
      t.jsonb('review').notNullable();
      t.index(['authority_id', 'status']);
      t.index(['submitter_org_id', 'status']);
    });
  },
  rowKey: (event) => (isReviewEvent(upcast(event)) ? event.streamId : undefined),
  evolve(row, event) {
    const review = evolveReview(row?.review ?? initialReviewState(), upcast(event) as ReviewEvent);
    const level = currentLevel(review) ?? null;
    const submitted = event.type === 'ReviewSubmitted' ? (event.data as { title: string; submitterOrgId: string | null }) : undefined;
    return {
      stream_id: event.streamId,
      module: moduleOf(event.streamId),
      title: submitted?.title ?? row?.title ?? '',
      status: review.status,
      round: review.round,
      level,
      authority_id: review.status === 'pending' && level ? (review.authorities[level] ?? null) : null,
      submitter_org_id: submitted ? submitted.submitterOrgId : (row?.submitter_org_id ?? null),
      submitted_at: submitted ? event.metadata.occurredAt : (row?.submitted_at ?? null),
      updated_at: event.metadata.occurredAt,
      review,
    };
  },
});

/** One row per review step (审核记录): who decided what, at which level, with which opinion. */
export interface ReviewHistoryRow extends Record<string, unknown> {
  event_id: string;
  stream_id: string;
  revision: number;
  position: string;
  action: string;
  round: number;
  level: string | null;
  opinion: string;
  attachments: unknown[];
  actor_id: string;
  actor_role: string;
  actor_org_id: string | null;
  occurred_at: string;
}

const ACTIONS: Record<ReviewEvent['type'], string> = {
  ReviewSubmitted: 'submitted',
  ReviewApproved: 'approved',
  ReviewReturned: 'returned',
  ReviewRejected: 'rejected',
  ReviewWithdrawn: 'withdrawn',
};

function historyRow(event: RecordedEvent, review: ReviewEvent): ReviewHistoryRow {
  const data = review.data as { round: number; level?: string; opinion?: string; reason?: string; note?: string; attachments?: unknown[] };
  return {
    event_id: event.id,
    stream_id: event.streamId,
    revision: event.revision,
    position: event.position.toString(),
    action: ACTIONS[review.type],
    round: data.round,
    level: data.level ?? null,
    opinion: data.opinion ?? data.reason ?? data.note ?? '',
    attachments: data.attachments ?? [],
    actor_id: event.metadata.actorId,
    actor_role: event.metadata.actorRole,
    actor_org_id: event.metadata.actorOrgId,
    occurred_at: event.metadata.occurredAt,
  };
}

export const reviewHistoryProjection = rowProjection<ReviewHistoryRow>({
  name: 'review_history',
  version: 1,
  typePrefixes: ['Review'],
  table: REVIEW_HISTORY_TABLE,
  key: 'event_id',
  jsonColumns: ['attachments'],
  async createTable(knex, qualified) {
    const [schema, table] = qualified.split('.') as [string, string];
    await knex.schema.withSchema(schema).createTable(table, (t) => {
      t.uuid('event_id').primary();
      t.text('stream_id').notNullable();
      t.integer('revision').notNullable();
      t.bigInteger('position').notNullable();
      t.text('action').notNullable();
      t.integer('round').notNullable();
      t.text('level');
      t.text('opinion').notNullable();
      t.jsonb('attachments').notNullable();
      t.text('actor_id').notNullable();
      t.text('actor_role').notNullable();
      t.text('actor_org_id');
      t.text('occurred_at').notNullable();
      t.index(['stream_id', 'revision']);
    });
  },
  rowKey: (event) => (isReviewEvent(upcast(event)) ? event.id : undefined),
  evolve: (_row, event) => historyRow(event, upcast(event) as ReviewEvent),
});

export const reviewTasksTable = (knex: Knex) => knex<ReviewTaskRow>(`${READ_MODEL_SCHEMA}.${REVIEW_TASKS_TABLE}`);
export const reviewHistoryTable = (knex: Knex) => knex<ReviewHistoryRow>(`${READ_MODEL_SCHEMA}.${REVIEW_HISTORY_TABLE}`);

/** What the review inbox may be narrowed by (all optional). */
export interface InboxFilter {
  module?: string | undefined;
  /** The submitting organisation, or any organisation below it. */
  submitterOrgId?: string | undefined;
  /** The review level the task waits at. */
  level?: string | undefined;
  /** Waiting at its current level since before this moment (ISO 8601). */
  waitingBefore?: string | undefined;
}

/**
 * The tasks waiting at one authority: its inbox, which is its data scope. A task waits at its level
 * since its last review event: submission, or approval one level below (`updated_at`, which only
 * review events move).
 */
export const inboxTasks = (knex: Knex, authorityId: string) => reviewTasksTable(knex).where({ 'review_tasks.authority_id': authorityId, 'review_tasks.status': 'pending' });

/** Narrows an inbox query (inboxTasks) by the filter. */
export async function narrowInbox(knex: Knex, query: Knex.QueryBuilder, filter: InboxFilter): Promise<void> {
  if (filter.module) query.where('review_tasks.module', filter.module);
  if (filter.level) query.where('review_tasks.level', filter.level);
  if (filter.waitingBefore) query.where('review_tasks.updated_at', '<', filter.waitingBefore);
  if (filter.submitterOrgId) {
    const org = await findOrganization(knex, filter.submitterOrgId);
    // An organisation the tree does not know submitted nothing.
    if (!org) return void query.whereRaw('false');
    const path = org.path.replace(/[\\%_]/g, (c) => `\\${c}`);
    query.whereIn('review_tasks.submitter_org_id', knex(`${READ_MODEL_SCHEMA}.${ORGANIZATIONS_TABLE}`).select('id').where('path', 'like', `${path}%`));
  }
}
