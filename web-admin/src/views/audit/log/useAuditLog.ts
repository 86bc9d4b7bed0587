// The global audit query (审计管理员): every event across records, by time, event type, actor,
// organisation or record; and the security log, the same query limited to logins, lockouts, grants,
// policy changes and personal-data views. Both page on the server, newest first.
import { computed } from 'vue';
import { useRouter } from 'vue-router';
import { can } from '@/auth/permission';
import { TIMELINE_READERS } from '@/auth/permissions';
import { filterFields } from '@/components/table/filter-fields';
import { compact, useListState } from '@/components/table/use-list-state';
import { usePagedQuery } from '@/components/table/use-paged-query';
import { useTableSettings } from '@/components/table/use-table-settings';
import { AuditEventsDocument, SecurityLogDocument } from '@/graphql/generated';
import { useOrganizations } from '../../organization/useOrganizations';

export type AuditLogKind = 'audit' | 'security';

/** Event-type prefixes offered as filter choices (any other prefix may be typed in). */
export const TYPE_PREFIXES: Record<AuditLogKind, { value: string; label: string }[]> = {
  audit: [
    { value: 'Review', label: '审核' },
    { value: 'Occupation', label: '培训工种' },
    { value: 'Institution', label: '培训机构' },
    { value: 'Trainee', label: '学员' },
    { value: 'Teacher', label: '培训师资' },
    { value: 'Dictionary', label: '数据字典' },
    { value: 'Organization', label: '机构' },
    { value: 'User', label: '用户与登录' },
    { value: 'PersonalData', label: '个人信息查看' },
    { value: 'AuditTimelineExported', label: '时间线导出' },
  ],
  security: [
    { value: 'UserLoggedIn', label: '登录成功' },
    { value: 'UserLoginFailed', label: '登录失败' },
    { value: 'LoginFailedForUnknownUser', label: '未知用户名登录' },
    { value: 'UserLockedOut', label: '账户锁定' },
    { value: 'UserLoggedOut', label: '退出登录' },
    { value: 'UserCreated', label: '创建用户' },
    { value: 'UserRolesChanged', label: '变更角色' },
    { value: 'UserPasswordSet', label: '设置密码' },
    { value: 'UserTotp', label: '双因素认证' },
    { value: 'Role', label: '角色定义' },
    { value: 'SecurityPolicy', label: '安全策略' },
    { value: 'PersonalData', label: '个人信息查看' },
  ],
};

interface AuditFilters {
  typePrefix: string;
  actorId: string;
  orgId: string;
  streamId: string;
  range: [Date, Date] | null;
}

export function useAuditLog(kind: AuditLogKind) {
  const router = useRouter();
  const list = useListState<AuditFilters>(() => ({ typePrefix: '', actorId: '', orgId: '', streamId: '', range: null }));
  const filter = computed(() => ({
    ...compact({ typePrefix: list.query.typePrefix, actorId: list.query.actorId, orgId: list.query.orgId, streamId: list.query.streamId }),
    ...(list.query.range ? { from: list.query.range[0].toISOString(), to: list.query.range[1].toISOString() } : {}),
  }));
  const variables = () => ({ filter: filter.value, page: list.page() });
  // A page is one kind for its whole life (the route picks it): one query, never both.
  const page = kind === 'audit' ? usePagedQuery(AuditEventsDocument, variables, (r) => r.auditEvents) : usePagedQuery(SecurityLogDocument, variables, (r) => r.securityLog);
  const organizations = useOrganizations();
  const fields = filterFields<AuditFilters>([
    { kind: 'datetimerange', key: 'range', label: '时间', width: 360 },
    { kind: 'select', key: 'typePrefix', label: '事件类型', options: TYPE_PREFIXES[kind], allowCreate: true, width: 180, test: 'type-filter' },
    { kind: 'org', key: 'orgId', label: '所属单位', data: organizations.tree, width: 240, visible: computed(() => can({ allOf: ['organization:read'] })) },
    { kind: 'text', key: 'actorId', label: '操作人编号', placeholder: '点击表中操作人可填入', maxlength: 100, width: 200 },
    { kind: 'text', key: 'streamId', label: '记录', placeholder: '如 occupation-…', maxlength: 200, width: 220 },
  ]);
  const canReplay = computed(() => can(TIMELINE_READERS));

  const table = useTableSettings(kind === 'audit' ? 'AuditEventList' : 'SecurityLogList', [
    { key: 'occurredAt', label: '时间' },
    { key: 'type', label: '事件类型' },
    { key: 'summary', label: '摘要' },
    { key: 'actor', label: '操作人' },
    { key: 'org', label: '所属单位' },
    { key: 'ip', label: 'IP 地址' },
    { key: 'stream', label: '记录' },
    { key: 'correlation', label: '关联编号', visible: false },
  ]);

  /** Narrow the list to one actor or one record by clicking it in a row. */
  function filterBy(field: 'actorId' | 'streamId', value: string) {
    list.filterForm[field] = value;
    list.search();
  }
  const openReplay = (streamId: string, revision: number) => router.push({ name: 'AuditReplay', params: { streamId }, query: { revision: String(revision) } });

  return {
    list,
    page,
    fields,
    table,
    canReplay,
    filterBy,
    openReplay,
  };
}
