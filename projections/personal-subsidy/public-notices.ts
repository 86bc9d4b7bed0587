// The personal subsidies under 公示 on a day (read by the public notice endpoint,
// api/personal-subsidy/public-notices.ts): the application in hand approved, not revoked, the day
// within its notice period (published on or before it, lasting until on or after it), newest first.
import type { Knex } from 'knex';
import { joinOrganizationName } from '../organization/organization-names';
import { personalSubsidiesTable, type PersonalSubsidyRow } from './personal-subsidies-table';

export type PersonalNoticeRow = PersonalSubsidyRow & { institution_name: string | null; payer_name: string | null };

export async function personalNoticesOn(knex: Knex, day: string, page: { page: number; pageSize: number }): Promise<{ rows: PersonalNoticeRow[]; total: number }> {
  // The period's first day lives in the stream's state (the table keeps its last day only).
  const base = () =>
    personalSubsidiesTable(knex)
      .where('personal_subsidies.review_status', 'approved')
      .where('personal_subsidies.revoked', false)
      .where('personal_subsidies.notice_until', '>=', day)
      .whereRaw(`(personal_subsidies.state->'current'->'notice'->>'publishedOn') <= ?`, [day]);
  const [{ count }] = (await base().count({ count: '*' })) as [{ count: string | number }];
  const query = joinOrganizationName(base(), 'personal_subsidies.institution_id', 'inst');
  const rows = (await joinOrganizationName(query, 'personal_subsidies.payer_id', 'payer')
    .select('personal_subsidies.*', 'inst.name as institution_name', 'payer.name as payer_name')
    .orderBy([{ column: 'personal_subsidies.notice_until', order: 'desc' }, { column: 'personal_subsidies.id', order: 'asc' }])
    .limit(page.pageSize)
    .offset((page.page - 1) * page.pageSize)) as PersonalNoticeRow[];
  return { rows, total: Number(count) };
}
