// The notice read models as the API and the command side's port read them: who a notice reaches
// (a user sees a published notice when it is addressed to their organisation or one above it), the
// inbox and its unread count, read receipts, and the organisation checks the commands need.
import type { Knex } from 'knex';
import { USERS_TABLE } from '../identity/users-table';
import { ORGANIZATIONS_TABLE, findOrganization } from '../organization/organizations-table';
import { READ_MODEL_SCHEMA } from '../runner/projection';
import { NOTICE_RECEIPTS_TABLE, NOTICE_TARGETS_TABLE, NOTICES_TABLE, noticesTable, type NoticeRow } from './notices-table';

const q = (table: string) => `${READ_MODEL_SCHEMA}.${table}`;

/** The organisation and every one above it: the organisations whose notices reach its users. */
export async function addressedOrgIds(knex: Knex, orgId: string): Promise<string[]> {
  const org = await findOrganization(knex, orgId);
  return org ? org.path.split('/').filter(Boolean) : [orgId];
}

/**
 * Published notices reaching a user whose organisation and those above it are `orgIds`
 * (addressedOrgIds), with the user's own read time (null: unread).
 */
export function inboxQuery(knex: Knex, userId: string, orgIds: readonly string[]) {
  return noticesTable(knex)
    .where(`${NOTICES_TABLE}.status`, 'published')
    .whereExists((sub) => sub.select(knex.raw('1')).from(q(NOTICE_TARGETS_TABLE)).whereRaw('?? = ??', [`${NOTICE_TARGETS_TABLE}.notice_id`, `${NOTICES_TABLE}.id`]).whereIn(`${NOTICE_TARGETS_TABLE}.org_id`, [...orgIds]))
    .leftJoin(`${q(NOTICE_RECEIPTS_TABLE)} as receipt`, (join) => join.on('receipt.notice_id', `${NOTICES_TABLE}.id`).andOn('receipt.user_id', knex.raw('?', [userId])))
    .select(`${NOTICES_TABLE}.*`, 'receipt.read_at');
}

export async function unreadNoticeCount(knex: Knex, user: { id: string; orgId: string }): Promise<number> {
  const query = inboxQuery(knex, user.id, await addressedOrgIds(knex, user.orgId)).whereNull('receipt.read_at').clearSelect().count<{ n: string }[]>({ n: '*' });
  return Number((await query)[0]?.n ?? 0);
}

/** Whether a published notice reaches a user of `orgId`. */
export async function reaches(knex: Knex, noticeId: string, orgId: string): Promise<boolean> {
  const orgIds = await addressedOrgIds(knex, orgId);
  const row = await knex(q(NOTICE_TARGETS_TABLE)).where({ notice_id: noticeId }).whereIn('org_id', orgIds).first('notice_id');
  return Boolean(row);
}

/** When the user first read the notice (null: not yet). */
export async function readAt(knex: Knex, noticeId: string, userId: string): Promise<string | null> {
  const row = (await knex(q(NOTICE_RECEIPTS_TABLE)).where({ notice_id: noticeId, user_id: userId }).first('read_at')) as { read_at: string } | undefined;
  return row?.read_at ?? null;
}

export const findNotice = (knex: Knex, id: string): Promise<NoticeRow | undefined> => noticesTable(knex).where({ id }).first();

/** Read receipts of a notice: who read it, when (a page), and how many users it reaches in all. */
export function receiptsQuery(knex: Knex, noticeId: string) {
  return knex(`${q(NOTICE_RECEIPTS_TABLE)} as r`)
    .where('r.notice_id', noticeId)
    .leftJoin(`${q(USERS_TABLE)} as u`, 'u.id', 'r.user_id')
    .leftJoin(`${q(ORGANIZATIONS_TABLE)} as org`, 'org.id', 'r.org_id')
    .select('r.user_id', 'r.read_at', 'u.username', 'u.display_name', 'org.name as org_name');
}

export async function recipientCount(knex: Knex, targetOrgIds: readonly string[]): Promise<number> {
  if (targetOrgIds.length === 0) return 0;
  const rows = await knex(`${q(USERS_TABLE)} as u`)
    .join(`${q(ORGANIZATIONS_TABLE)} as org`, 'org.id', 'u.org_id')
    .where((w) => {
      for (const id of targetOrgIds) w.orWhere('org.path', 'like', `%/${id.replace(/[\\%_]/g, (c) => `\\${c}`)}/%`);
    })
    .count<{ n: string }[]>({ n: '*' });
  return Number(rows[0]?.n ?? 0);
}

/** Whether a file is the attachment of a published notice reaching a user of `orgId` (file downloads). */
export async function attachmentReaches(knex: Knex, fileId: string, orgId: string): Promise<boolean> {
  const orgIds = await addressedOrgIds(knex, orgId);
  const row = await noticesTable(knex)
    .where(`${NOTICES_TABLE}.status`, 'published')
    .whereRaw(`${NOTICES_TABLE}.attachments @> ?::jsonb`, [JSON.stringify([{ fileId }])])
    .whereExists((sub) => sub.select(knex.raw('1')).from(q(NOTICE_TARGETS_TABLE)).whereRaw('?? = ??', [`${NOTICE_TARGETS_TABLE}.notice_id`, `${NOTICES_TABLE}.id`]).whereIn(`${NOTICE_TARGETS_TABLE}.org_id`, orgIds))
    .first('id');
  return Boolean(row);
}

/** The port the notice commands read the organisation tree through (commands/notice/notice-directory.ts). */
export function noticeDirectory(knex: Knex) {
  return {
    async kindOf(orgId: string) {
      return (await findOrganization(knex, orgId))?.kind;
    },
    async outsideSubtree(authorOrgId: string, orgIds: readonly string[]) {
      const author = await findOrganization(knex, authorOrgId);
      if (!author) return [...orgIds];
      const inside = new Set(
        (await knex(q(ORGANIZATIONS_TABLE)).whereIn('id', [...orgIds]).where('path', 'like', `${author.path.replace(/[\\%_]/g, (c) => `\\${c}`)}%`).select('id')).map((r: { id: string }) => r.id),
      );
      return orgIds.filter((id) => !inside.has(id));
    },
  };
}

/** The organisations a notice belongs to (record scope: timelines, detail, mutations): its author's. */
export async function noticeOwner(knex: Knex, id: string) {
  const row = await findNotice(knex, id);
  return row ? { orgIds: [row.author_org_id], createdBy: row.author_id } : undefined;
}
