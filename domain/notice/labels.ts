import type { NoticeEvent, NoticeState } from './notice';

/** Chinese names of the notice module's events, states and fields: a type without a label fails to compile. */
export const NOTICE_EVENT_LABELS: Record<NoticeEvent['type'], string> = {
  NoticeDrafted: '起草通知',
  NoticeRevised: '修改通知',
  NoticePublished: '发布通知',
  NoticeWithdrawn: '撤回通知',
  NoticeRead: '阅读通知',
};
export const NOTICE_STATUS_LABELS: Record<NoticeState['status'], string> = { none: '无', draft: '草稿', published: '已发布', withdrawn: '已撤回' };
export const NOTICE_FIELD_LABELS: Record<string, string> = {
  kind: '类别',
  title: '标题',
  body: '正文',
  targetOrgIds: '接收单位',
  attachments: '附件',
  authorOrgId: '发布单位',
  publishedAt: '发布时间',
  withdrawnAt: '撤回时间',
  withdrawReason: '撤回原因',
};
