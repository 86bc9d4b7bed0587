// Personal subsidies of a fund that may be put into a payment batch on a day
// (commands/personal-subsidy/payment-source.ts): approved, not revoked, the notice period over, no
// objection open, no payment ordered. The batch checks each one again on its own stream; this only
// narrows which streams to read.
import type { Knex } from 'knex';
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
