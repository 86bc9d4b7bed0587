// 空白毕业证: one row per school with its accounting (allocated, in stock, issued, spoiled, void;
// v2 added void and the diplomas awaiting approval) and the request under review; the numbers themselves stay in the state (the record page lists them).
import type { Knex } from 'knex';
import { diplomaAccount, diplomaStockDecider, diplomaStockStreams, type DiplomaStockEvent, type DiplomaStockState } from '../../domain/diploma-stock/diploma-stock';
import { currentLevel } from '../../domain/review/review';
import type { RecordedEvent } from '../../store/event-store/event-store';
import { upcast } from '../../store/upcasters';
import type { DataScope } from '../organization/data-scope';
import { joinOrganizationName } from '../organization/organization-names';
import { READ_MODEL_SCHEMA } from '../runner/projection';
import { rowProjection } from '../runner/row-projection';

export const DIPLOMA_STOCKS_TABLE = 'diploma_stocks';

export interface DiplomaStockRow extends Record<string, unknown> {
  school_id: string;
  stream_id: string;
  allocated: number;
  in_stock: number;
  issued: number;
  spoiled: number;
  voided: number;
  awaiting_approval: number;
  requested: number | null;
  review_status: string;
  review_level: string | null;
  review_authority: string | null;
  state: DiplomaStockState;
  updated_at: string;
}

function toRow(state: Extract<DiplomaStockState, { status: 'open' }>, event: RecordedEvent): DiplomaStockRow {
  const account = diplomaAccount(state);
  const level = currentLevel(state.review) ?? null;
  return {
    school_id: state.schoolId,
    stream_id: event.streamId,
    allocated: account.allocated,
    in_stock: account.inStock,
    issued: account.issued,
    spoiled: account.spoiled,
    voided: account.voided,
    awaiting_approval: account.awaitingApproval,
    requested: state.request?.quantity ?? null,
    review_status: state.review.status,
    review_level: level,
    review_authority: level && state.review.status === 'pending' ? (state.review.authorities[level] ?? null) : null,
    state,
    updated_at: event.metadata.occurredAt,
  };
}

export const diplomaStocksProjection = rowProjection<DiplomaStockRow>({
  name: 'diploma-stocks',
  version: 2,
  typePrefixes: ['Diploma', 'Review'],
  table: DIPLOMA_STOCKS_TABLE,
  key: 'school_id',
  jsonColumns: ['state'],
  async createTable(knex, qualified) {
    const [schema, table] = qualified.split('.') as [string, string];
    await knex.schema.withSchema(schema).createTable(table, (t) => {
      t.text('school_id').primary();
      t.text('stream_id').notNullable().unique();
      t.integer('allocated').notNullable();
      t.integer('in_stock').notNullable();
      t.integer('issued').notNullable();
      t.integer('spoiled').notNullable();
      t.integer('voided').notNullable();
      t.integer('awaiting_approval').notNullable();
      t.integer('requested');
      t.text('review_status').notNullable();
      t.text('review_level');
      t.text('review_authority');
      t.jsonb('state').notNullable();
      t.text('updated_at').notNullable();
    });
  },
  rowKey: (event) => diplomaStockStreams.idOf(event.streamId),
  evolve(row, event) {
    const state = diplomaStockDecider.evolve(row?.state ?? diplomaStockDecider.initialState(), upcast(event) as DiplomaStockEvent);
    return state.status === 'open' ? toRow(state, event) : row;
  },
});

export const diplomaStocksTable = (knex: Knex) => knex<DiplomaStockRow>(`${READ_MODEL_SCHEMA}.${DIPLOMA_STOCKS_TABLE}`);

/** Stocks with `school_name`. */
export const diplomaStockRows = (knex: Knex) => joinOrganizationName(diplomaStocksTable(knex), 'diploma_stocks.school_id', 'school').select('diploma_stocks.*', 'school.name as school_name');

/** The stocks of the schools in the caller's scope, by school name (wrapped: a builder returned from an async function would run). */
export async function diplomaStockListQuery(knex: Knex, scope: DataScope): Promise<{ query: Knex.QueryBuilder }> {
  const query = diplomaStockRows(knex);
  await scope.restrict(query, { org: 'diploma_stocks.school_id' });
  query.orderByRaw('school.name collate "zh-x-icu"');
  return { query };
}

/** Who owns a school's stock: the school. */
export async function diplomaStockOwner(knex: Knex, schoolId: string) {
  const row = await diplomaStocksTable(knex).where({ school_id: schoolId }).first('school_id');
  return row && { orgIds: [row.school_id] };
}
