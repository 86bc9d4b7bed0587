// 通知公告 read models: one row per notice (rm.notices), the organisations a published notice is
// addressed to (rm.notice_targets: a user sees a notice when one of them is their organisation or
// above it), and the read receipts (rm.notice_receipts, the first read of each user).
import type { Knex } from 'knex';
import type { NoticeEvent } from '../../domain/notice/notice';
import { upcast } from '../../store/upcasters';
import { READ_MODEL_SCHEMA, type ProjectionDefinition } from '../runner/projection';

export const NOTICES_TABLE = 'notices';
export const NOTICE_TARGETS_TABLE = 'notice_targets';
export const NOTICE_RECEIPTS_TABLE = 'notice_receipts';

export interface NoticeRow {
  id: string;
  author_org_id: string;
  author_id: string;
  kind: string;
  title: string;
  body: string;
  target_org_ids: string[];
  attachments: { fileId: string; name: string }[];
  status: 'draft' | 'published' | 'withdrawn';
  created_at: string;
  updated_at: string;
  published_at: string | null;
  withdrawn_at: string | null;
  withdraw_reason: string | null;
}

export const noticesProjection: ProjectionDefinition = {
  name: 'notices',
  version: 1,
  typePrefixes: ['Notice'],
  tables: [NOTICES_TABLE, NOTICE_TARGETS_TABLE, NOTICE_RECEIPTS_TABLE],
  async setup(knex, schema) {
    await knex.schema.withSchema(schema).createTable(NOTICES_TABLE, (t) => {
      t.text('id').primary();
      t.text('author_org_id').notNullable().index();
      t.text('author_id').notNullable();
      t.text('kind').notNullable();
      t.text('title').notNullable();
      t.text('body').notNullable();
      t.jsonb('target_org_ids').notNullable();
      t.jsonb('attachments').notNullable();
      t.text('status').notNullable();
      t.text('created_at').notNullable();
      t.text('updated_at').notNullable();
      t.text('published_at');
      t.text('withdrawn_at');
      t.text('withdraw_reason');
    });
    await knex.schema.withSchema(schema).createTable(NOTICE_TARGETS_TABLE, (t) => {
      t.text('notice_id').notNullable();
      t.text('org_id').notNullable();
      t.primary(['notice_id', 'org_id']);
      t.index(['org_id']);
    });
    await knex.schema.withSchema(schema).createTable(NOTICE_RECEIPTS_TABLE, (t) => {
      t.text('notice_id').notNullable();
      t.text('user_id').notNullable();
      t.text('org_id').notNullable();
      t.text('read_at').notNullable();
      t.primary(['notice_id', 'user_id']);
      t.index(['user_id']);
    });
  },
  async apply(trx, events, schema) {
    const notices = () => trx(`${schema}.${NOTICES_TABLE}`);
    const targets = () => trx(`${schema}.${NOTICE_TARGETS_TABLE}`);
    for (const recorded of events) {
      const event = upcast(recorded) as NoticeEvent;
      const id = recorded.streamId.slice('notice-'.length);
      const at = recorded.metadata.occurredAt;
      switch (event.type) {
        case 'NoticeDrafted': {
          const { noticeId: _id, authorOrgId, targetOrgIds, attachments, ...content } = event.data;
          await notices()
            .insert({ id, author_org_id: authorOrgId, author_id: recorded.metadata.actorId, ...content, target_org_ids: JSON.stringify(targetOrgIds), attachments: JSON.stringify(attachments), status: 'draft', created_at: at, updated_at: at })
            .onConflict('id')
            .ignore();
          break;
        }
        case 'NoticeRevised': {
          const { targetOrgIds, attachments, ...content } = event.data;
          await notices().where({ id }).update({ ...content, target_org_ids: JSON.stringify(targetOrgIds), attachments: JSON.stringify(attachments), updated_at: at });
          break;
        }
        case 'NoticePublished': {
          await notices().where({ id }).update({ status: 'published', published_at: event.data.publishedAt, updated_at: at });
          const row = (await notices().where({ id }).first('target_org_ids')) as Pick<NoticeRow, 'target_org_ids'> | undefined;
          const rows = (row?.target_org_ids ?? []).map((orgId) => ({ notice_id: id, org_id: orgId }));
          if (rows.length) await targets().insert(rows).onConflict(['notice_id', 'org_id']).ignore();
          break;
        }
        case 'NoticeWithdrawn':
          await notices().where({ id }).update({ status: 'withdrawn', withdrawn_at: event.data.withdrawnAt, withdraw_reason: event.data.reason, updated_at: at });
          await targets().where({ notice_id: id }).delete();
          break;
        case 'NoticeRead':
          // The first read is the receipt; a later one changes nothing.
          await trx(`${schema}.${NOTICE_RECEIPTS_TABLE}`).insert({ notice_id: id, user_id: event.data.userId, org_id: event.data.orgId, read_at: at }).onConflict(['notice_id', 'user_id']).ignore();
          break;
      }
    }
  },
};

export const noticesTable = (knex: Knex) => knex<NoticeRow>(`${READ_MODEL_SCHEMA}.${NOTICES_TABLE}`);
