// 资助发放 read model: one row per approved school-aid application with a payout plan: its fund, the
// person it pays (the ID number's blind index), the date of the next instalment not yet ordered, and
// whether the school recorded the card account. Payment batches start from it
// (the SchoolAidPayoutDirectory port of commands/school-aid/payout-commands.ts); each candidate is checked again on its stream.
import type { Knex } from 'knex';
import { evolvePayout, isPayoutEvent, type Payout } from '../../domain/school-aid/payout';
import { schoolAidStreams } from '../../domain/school-aid/school-aid';
import { upcast } from '../../store/upcasters';
import { READ_MODEL_SCHEMA } from '../runner/projection';
import { rowProjection } from '../runner/row-projection';

export const SCHOOL_AID_PAYOUTS_TABLE = 'school_aid_payouts';

export interface SchoolAidPayoutRow extends Record<string, unknown> {
  id: string;
  fund_id: string;
  person_key: string | null;
  has_account: boolean;
  /** The earliest date of an instalment without a payment (null: every instalment ordered). */
  next_due_on: string | null;
  payout: Payout;
  updated_at: string;
}

export const schoolAidPayoutsProjection = rowProjection<SchoolAidPayoutRow>({
  name: 'school_aid_payouts',
  // 2: a stopped instalment is no longer due.
  version: 2,
  typePrefixes: ['SchoolAid'],
  table: SCHOOL_AID_PAYOUTS_TABLE,
  key: 'id',
  jsonColumns: ['payout'],
  async createTable(knex, qualified) {
    const [schema, table] = qualified.split('.') as [string, string];
    await knex.schema.withSchema(schema).createTable(table, (t) => {
      t.text('id').primary();
      t.text('fund_id').notNullable();
      t.text('person_key').index();
      t.boolean('has_account').notNullable();
      t.text('next_due_on');
      t.jsonb('payout').notNullable();
      t.text('updated_at').notNullable();
      t.index(['fund_id', 'next_due_on'], `${table}_fund_due_index`);
    });
  },
  rowKey: (event) => (isPayoutEvent(event) ? schoolAidStreams.idOf(event.streamId) : undefined),
  evolve(row, recorded) {
    const event = upcast(recorded);
    if (!isPayoutEvent(event)) return row;
    const payout = evolvePayout(row?.payout ?? null, event);
    if (!payout) return row;
    return {
      id: schoolAidStreams.idOf(recorded.streamId)!,
      fund_id: payout.fundId,
      person_key: payout.account?.personKey ?? null,
      has_account: Boolean(payout.account),
      next_due_on: payout.instalments.filter((i) => !i.payment && !i.stopped).map((i) => i.on).sort()[0] ?? null,
      payout,
      updated_at: recorded.metadata.occurredAt,
    };
  },
});

export const schoolAidPayoutsTable = (knex: Knex) => knex<SchoolAidPayoutRow>(`${READ_MODEL_SCHEMA}.${SCHOOL_AID_PAYOUTS_TABLE}`);

// The port commands/school-aid/payout-commands.ts SchoolAidPayoutDirectory (checked where api/school-aid/module.ts wires it).
export const schoolAidPayoutDirectory = (knex: Knex) => ({
  async due(fundId: string, today: string): Promise<string[]> {
    const rows = await schoolAidPayoutsTable(knex).where({ fund_id: fundId, has_account: true }).where('next_due_on', '<=', today).orderBy('id').limit(100_000).select('id');
    return rows.map((r) => r.id);
  },
  async ofPerson(personKey: string): Promise<string[]> {
    const rows = await schoolAidPayoutsTable(knex).where({ person_key: personKey }).orderBy('id').select('id');
    return rows.map((r) => r.id);
  },
});
