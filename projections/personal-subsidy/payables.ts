// Personal subsidies of a fund that may be put into a payment batch on a day
// (commands/personal-subsidy/payment-source.ts): approved, not revoked, the notice period over, no
// objection open, no payment ordered. The batch checks each one again on its own stream; this only
// narrows which streams to read.
import type { Knex } from 'knex';
import { traineesTable } from '../trainee/trainees-table';
import { personalSubsidiesTable } from './personal-subsidies-table';

export const payablePersonalSubsidies = (knex: Knex) => async (fundId: string, today: string): Promise<string[]> => {
  const rows = await personalSubsidiesTable(knex)
    .where({ fund_id: fundId, review_status: 'approved', revoked: false, open_objections: 0 })
    .whereNull('payment_status')
    .where('notice_until', '<', today)
    .orderBy('id')
    .limit(5000)
    .select('id');
  return rows.map((r) => r.id);
};

/**
 * The person's subsidy records (every kind) by the blind index of their ID number, for 对账 per person
 * (commands/personal-subsidy/payment-source.ts personMoney): the trainee with that ID number, then
 * the records of that person. The money itself is read from each record's stream.
 */
export const personalSubsidiesOfPerson = (knex: Knex) => async (personKey: string): Promise<string[]> => {
  const people = traineesTable(knex).where('id_number_bidx', personKey).select('id');
  const rows = await personalSubsidiesTable(knex).whereIn('person_id', people).orderBy('id').select('id');
  return rows.map((r) => r.id);
};
