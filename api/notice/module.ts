// 通知公告 (issue 16 §3): authorities publish notices to the organisations below them; rich text is
// sanitised on the server (commands/notice/rich-text.ts), attachments go through the storage port
// (POST /files?purpose=notice), reads are receipts on the notice's stream, and the bell counts the
// unread ones.
import { noticeCommands } from '../../commands/notice/notice-commands';
import { NOTICE_EVENT_LABELS, NOTICE_FIELD_LABELS, NOTICE_STATUS_LABELS } from '../../domain/notice/labels';
import { noticeDecider } from '../../domain/notice/notice';
import { noticeDirectory, noticeOwner } from '../../projections/notice/notice-queries';
import { noticesProjection } from '../../projections/notice/notices-table';
import { defineModule, recordType } from '../module';
import { NOTICE_SORT, noticeResolvers, noticeTypeDefs } from './notice-graphql';

export const noticeModule = defineModule({
  name: 'notice',
  label: '通知公告',
  record: recordType({ decider: noticeDecider, statusLabels: NOTICE_STATUS_LABELS, owner: noticeOwner }),
  eventLabels: NOTICE_EVENT_LABELS,
  fieldLabels: NOTICE_FIELD_LABELS,
  projections: [noticesProjection],
  graphql: [{ typeDefs: noticeTypeDefs, resolvers: noticeResolvers }],
  lists: [{ query: 'notices', paged: true, sort: NOTICE_SORT, owners: { selection: 'authorOrgId', of: (n) => [n.authorOrgId as string] } }],
  commands: (deps) => ({ notices: noticeCommands(deps.store, deps.files, noticeDirectory(deps.knex)) }),
  permissions: ['notice:publish'],
});
