// The funds list as SQL (paged by the list, streamed by the export): rows with their authority's name.
import type { Knex } from 'knex';
import { joinOrganizationName } from '../organization/organization-names';
import { fundsTable, type FundRow } from './funds-table';

export type FundListRow = FundRow & { authority_name?: string | null };

export const fundRows = (knex: Knex) => joinOrganizationName(fundsTable(knex), 'funds.authority_id', 'org').select('funds.*', 'org.name as authority_name');

/** Every fund's id (the daily reconciliation's list; commands/fund/fund-list.ts). */
export const fundList = (knex: Knex) => ({
  fundIds: async () => (await fundsTable(knex).orderBy('id').select('id')).map((r) => r.id),
});
