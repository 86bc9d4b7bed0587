import type { OnlineSessionsQuery } from '@/graphql/generated';

export type SessionRow = OnlineSessionsQuery['onlineSessions']['items'][number];

export interface SessionFilters {
  keyword: string;
  orgId: string;
}
