// 资金 read model: one row per fund with its figures. The fund's state holds every reservation (a
// map that can reach 100,000 entries), which a row does not need: the figures follow from the
// amounts each event carries, and the allocation resets them, so a replay over existing rows
// yields the same row.
import type { Knex } from 'knex';
import { fundStreams, type FundEvent } from '../../domain/fund/fund';
import { upcast } from '../../store/upcasters';
import { READ_MODEL_SCHEMA } from '../runner/projection';
import { rowProjection } from '../runner/row-projection';

export const FUNDS_TABLE = 'funds';

export interface FundRow extends Record<string, unknown> {
  id: string;
  stream_id: string;
  authority_id: string;
  name: string;
  line: string;
  year: number;
  basis: string;
  /** Fen, as bigint columns (text when read back). */
  allocated_fen: string;
  reserved_fen: string;
  spent_fen: string;
  remaining_fen: string;
  /** Reservations made, released, and settled parts (counts). */
  reservations: number;
  releases: number;
  settlements: number;
  /** The last day 对账 found a difference (null: never), and how many it found. */
  difference_on: string | null;
  differences: number;
  created_by: string;
  created_at: string;
  updated_at: string;
}

const add = (a: string, b: number) => String(BigInt(a) + BigInt(b));

function figures(row: FundRow, change: { allocated?: number; reserved?: number; spent?: number }): FundRow {
  const allocated = add(row.allocated_fen, change.allocated ?? 0);
  const reserved = add(row.reserved_fen, change.reserved ?? 0);
  const spent = add(row.spent_fen, change.spent ?? 0);
  return { ...row, allocated_fen: allocated, reserved_fen: reserved, spent_fen: spent, remaining_fen: String(BigInt(allocated) - BigInt(reserved) - BigInt(spent)) };
}

export const fundsProjection = rowProjection<FundRow>({
  name: 'funds',
  version: 2,
  typePrefixes: ['Fund'],
  table: FUNDS_TABLE,
  key: 'id',
  async createTable(knex, qualified) {
    const [schema, table] = qualified.split('.') as [string, string];
    await knex.schema.withSchema(schema).createTable(table, (t) => {
      t.text('id').primary();
      t.text('stream_id').notNullable();
      t.text('authority_id').notNullable().index();
      t.text('name').notNullable();
      t.text('line').notNullable();
      t.integer('year').notNullable();
      t.text('basis').notNullable();
      t.bigInteger('allocated_fen').notNullable();
      t.bigInteger('reserved_fen').notNullable();
      t.bigInteger('spent_fen').notNullable();
      t.bigInteger('remaining_fen').notNullable();
      t.integer('reservations').notNullable();
      t.integer('releases').notNullable();
      t.integer('settlements').notNullable();
      t.text('difference_on');
      t.integer('differences').notNullable();
      t.text('created_by').notNullable();
      t.text('created_at').notNullable();
      t.text('updated_at').notNullable();
      t.index([knex.raw('updated_at desc'), 'id'], `${table}_updated_at_id_index`);
    });
  },
  rowKey: (event) => fundStreams.idOf(event.streamId),
  evolve(row, recorded) {
    const event = upcast(recorded) as FundEvent;
    const at = recorded.metadata.occurredAt;
    if (event.type === 'FundAllocated') {
      const d = event.data;
      return {
        id: d.fundId, stream_id: recorded.streamId, authority_id: d.authorityId, name: d.name, line: d.line, year: d.year, basis: d.basis,
        allocated_fen: String(d.amountFen), reserved_fen: '0', spent_fen: '0', remaining_fen: String(d.amountFen),
        reservations: 0, releases: 0, settlements: 0, difference_on: null, differences: 0, created_by: recorded.metadata.actorId, created_at: at, updated_at: at,
      };
    }
    if (!row) return row;
    const touched = { ...row, updated_at: at };
    switch (event.type) {
      case 'FundAllocationAdjusted':
        return figures(touched, { allocated: event.data.deltaFen });
      case 'FundReserved':
        return { ...figures(touched, { reserved: event.data.amountFen }), reservations: row.reservations + 1 };
      case 'FundReservationReduced':
        return figures(touched, { reserved: -event.data.amountFen });
      case 'FundReservationReleased':
        return { ...figures(touched, { reserved: -event.data.amountFen }), releases: row.releases + 1 };
      case 'FundSettled':
        return { ...figures(touched, { reserved: -(event.data.paidFen + event.data.releasedFen), spent: event.data.paidFen }), settlements: row.settlements + 1 };
      case 'FundReconciliationDifferenceFound':
        return { ...touched, difference_on: event.data.on, differences: event.data.report.differences.length };
      default:
        return row;
    }
  },
});

export const fundsTable = (knex: Knex) => knex<FundRow>(`${READ_MODEL_SCHEMA}.${FUNDS_TABLE}`);

/** Who owns a fund: its authority (and every authority above it, through the data scope's tree). */
export async function fundOwner(knex: Knex, id: string) {
  const row = await fundsTable(knex).where({ id }).first('authority_id', 'created_by');
  return row && { orgIds: [row.authority_id], createdBy: row.created_by };
}
