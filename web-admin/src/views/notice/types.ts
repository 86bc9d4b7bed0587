import type { NoticesQuery } from '@/graphql/generated';

export type NoticeRow = NoticesQuery['notices']['items'][number];

export interface NoticeFilters {
  keyword: string;
  status: string;
}

export interface InboxFilters {
  keyword: string;
  unreadOnly: string;
}

export const NOTICE_KIND_OPTIONS = [
  { value: 'notice', label: '通知' },
  { value: 'announcement', label: '公告' },
];
export const NOTICE_STATUS_OPTIONS = [
  { value: 'draft', label: '草稿' },
  { value: 'published', label: '已发布' },
  { value: 'withdrawn', label: '已撤回' },
];
export const NOTICE_STATUS_TAGS: Record<string, 'info' | 'success' | 'warning'> = { draft: 'info', published: 'success', withdrawn: 'warning' };
