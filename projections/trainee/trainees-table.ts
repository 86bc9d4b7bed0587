import type { Knex } from 'knex';
import { upcast } from '../../store/upcasters';
import { rightsHolders } from '../../domain/affiliation/affiliation';
import { currentLevel } from '../../domain/review/review';
import { traineeDecider, type TraineeEvent, type TraineeState } from '../../domain/trainee/trainee';
import { organizationAncestors } from '../organization/organizations-table';
import { READ_MODEL_SCHEMA } from '../runner/projection';
import { rowProjection } from '../runner/row-projection';

export const TRAINEES_TABLE = 'trainees';
export const TRAINEE_LIST_TABLE = 'trainee_list';
const MODULE_PREFIX = 'trainee-';

/** One row per person. Personal data only as ciphertext (in `state`), blind index and mask. */
export interface TraineeRow extends Record<string, unknown> {
  id: string;
  stream_id: string;
  name: string;
  id_number_bidx: string;
  id_number_masked: string;
  phone_masked: string;
  bank_account_masked: string | null;
  birth_date: string;
  sex: string;
  region_code: string;
  person_category: string;
  review_status: string;
  review_authority: string | null;
  /** Another institution entered this person too: shown to reviewers as a flag. */
  duplicate_entry: boolean;
  state: TraineeState;
  created_at: string;
  updated_at: string;
}

/**
 * The paged list's narrow copy of each person: one row per organisation the person is in the scope
 * of (each institution that entered them, and every authority above it), with what the list filters
 * and orders by. A county's list is then one range of one index, in the list's order, read without
 * touching the wide rows (over 1,000,000 people, 40,000 in one county); the page's 20 people are
 * fetched by id. Organisations never move in the tree, so the rows need no other trigger.
 */
export interface TraineeListRow extends Record<string, unknown> {
  trainee_id: string;
  org_id: string;
  /** org_id entered the person itself (not an authority above it). */
  direct: boolean;
  updated_at: string;
  review_status: string;
  person_category: string;
  duplicate_entry: boolean;
}

export const traineesProjection = rowProjection<TraineeRow>({
  name: 'trainees',
  // 2: an index for the list's default order. 3: the narrow list table. 4: list rows only for
  // institutions holding rights (a pending duplicate entry opens nothing), details change requests.
  version: 4,
  typePrefixes: ['Trainee', 'Review'],
  table: TRAINEES_TABLE,
  key: 'id',
  jsonColumns: ['state'],
  async createTable(knex, qualified) {
    const [schema, table] = qualified.split('.') as [string, string];
    await knex.schema.withSchema(schema).createTable(table, (t) => {
      t.text('id').primary();
      t.text('stream_id').notNullable();
      t.text('name').notNullable();
      t.text('id_number_bidx').notNullable().unique();
      t.text('id_number_masked').notNullable();
      t.text('phone_masked').notNullable();
      t.text('bank_account_masked');
      t.text('birth_date').notNullable();
      t.text('sex').notNullable();
      t.text('region_code').notNullable();
      t.text('person_category').notNullable();
      t.text('review_status').notNullable();
      t.text('review_authority');
      t.boolean('duplicate_entry').notNullable();
      t.jsonb('state').notNullable();
      t.text('created_at').notNullable();
      t.text('updated_at').notNullable();
      // The API list's default order (updated_at desc, id asc), read straight from this index.
      t.index([knex.raw('updated_at desc'), 'id'], `${table}_updated_at_id_index`);
    });
  },
  // The list rows name the authorities above each institution: the organisation tree must have it.
  dependsOn: ['organizations'],
  derived: [
    {
      table: TRAINEE_LIST_TABLE,
      parentKey: 'trainee_id',
      async createTable(knex, qualified) {
        const [schema, table] = qualified.split('.') as [string, string];
        await knex.schema.withSchema(schema).createTable(table, (t) => {
          t.text('trainee_id').notNullable();
          t.text('org_id').notNullable();
          t.boolean('direct').notNullable();
          t.text('updated_at').notNullable();
          t.text('review_status').notNullable();
          t.text('person_category').notNullable();
          t.boolean('duplicate_entry').notNullable();
          t.primary(['trainee_id', 'org_id']);
        });
        // The list's default order within each organisation, with the filter columns, so a page and
        // its total are answered from the index alone.
        await knex.raw('CREATE INDEX ?? ON ?? (org_id, updated_at DESC, trainee_id) INCLUDE (direct, review_status, person_category, duplicate_entry)', [`${table}_order_index`, qualified]);
      },
      load: (trx, rows) => organizationAncestors(trx, [...new Set(rows.flatMap((r) => (r.state.status === 'registered' ? rightsHolders(r.state.enrolments) : [])))]),
      rowsOf(row, ancestors: Map<string, string[]>): TraineeListRow[] {
        if (row.state.status !== 'registered') return [];
        // Only institutions holding rights over the person put it in a scope (affiliation.ts).
        const direct = new Set(rightsHolders(row.state.enrolments));
        // An organisation missing from the tree is its own only scope (seen by nobody above it).
        const orgs = new Set([...direct].flatMap((id) => ancestors.get(id) ?? [id]));
        return [...orgs].map((orgId) => ({
          trainee_id: row.id,
          org_id: orgId,
          direct: direct.has(orgId),
          updated_at: row.updated_at,
          review_status: row.review_status,
          person_category: row.person_category,
          duplicate_entry: row.duplicate_entry,
        }));
      },
    },
  ],
  rowKey: (event) => (event.streamId.startsWith(MODULE_PREFIX) ? event.streamId.slice(MODULE_PREFIX.length) : undefined),
  evolve(row, event) {
    const state = traineeDecider.evolve(row?.state ?? traineeDecider.initialState(), upcast(event) as TraineeEvent);
    if (state.status !== 'registered') return row;
    const level = currentLevel(state.review) ?? null;
    return {
      id: state.traineeId,
      stream_id: event.streamId,
      name: state.person.name,
      id_number_bidx: state.person.idNumber.blindIndex,
      id_number_masked: state.person.idNumber.masked,
      phone_masked: state.person.phone.masked,
      bank_account_masked: state.person.bankAccount?.masked ?? null,
      birth_date: state.person.birthDate,
      sex: state.person.sex,
      region_code: state.person.regionCode,
      person_category: state.person.personCategory,
      review_status: state.review.status,
      review_authority: level && state.review.status === 'pending' ? (state.review.authorities[level] ?? null) : null,
      duplicate_entry: state.enrolments.some((e) => e.duplicateEntry),
      state,
      created_at: row?.created_at ?? event.metadata.occurredAt,
      updated_at: event.metadata.occurredAt,
    };
  },
});

export const traineesTable = (knex: Knex) => knex<TraineeRow>(`${READ_MODEL_SCHEMA}.${TRAINEES_TABLE}`);
export const traineeListTable = (knex: Knex) => knex<TraineeListRow>(`${READ_MODEL_SCHEMA}.${TRAINEE_LIST_TABLE}`);
