// The applications under 公示 on a day (read by the public notice endpoint): approved, not revoked,
// the day within their notice period, newest first.
import type { Knex } from 'knex';
import { joinOrganizationName } from '../organization/organization-names';
import { subsidyApplicationsTable, type SubsidyApplicationRow } from './applications-table';

export type NoticeRow = SubsidyApplicationRow & { institution_name: string | null; payer_name: string | null };

export async function noticesOn(knex: Knex, day: string, page: { page: number; pageSize: number }): Promise<{ rows: NoticeRow[]; total: number }> {
  const base = () =>
    subsidyApplicationsTable(knex).where('subsidy_applications.review_status', 'approved').where('subsidy_applications.revoked', false).where('subsidy_applications.notice_from', '<=', day).where('subsidy_applications.notice_until', '>=', day);
  const [{ count }] = (await base().count({ count: '*' })) as [{ count: string | number }];
  const query = joinOrganizationName(base(), 'subsidy_applications.institution_id', 'inst');
  const rows = (await joinOrganizationName(query, 'subsidy_applications.payer_id', 'payer')
    .select('subsidy_applications.*', 'inst.name as institution_name', 'payer.name as payer_name')
    .orderBy([{ column: 'subsidy_applications.notice_from', order: 'desc' }, { column: 'subsidy_applications.id', order: 'asc' }])
    .limit(page.pageSize)
    .offset((page.page - 1) * page.pageSize)) as NoticeRow[];
  return { rows, total: Number(count) };
}
