// The global audit query (审计管理员): every event across records, by time, event type, operator,
// organisation or record; and the security log (登录、锁定、授权、策略变更、个人信息查看), which has
// filters of its own (operator, address; no record). Both page on the server, newest first. Every
// word comes from the server (event types, reasons, operators, record names): no code is shown.
import { useApolloClient } from '@vue/apollo-composable';
import { computed } from 'vue';
import { useRouter } from 'vue-router';
import { can } from '@/auth/permission';
import { TIMELINE_READERS } from '@/auth/permissions';
import { filterFields, type FilterField } from '@/components/table/filter-fields';
import { compact, useListState } from '@/components/table/use-list-state';
import { usePagedQuery } from '@/components/table/use-paged-query';
import { useRemoteOptions } from '@/components/table/use-remote-options';
import { useTableSettings } from '@/components/table/use-table-settings';
import { AuditActorsDocument, AuditEventsDocument, AuditRecordsDocument, SecurityLogDocument } from '@/graphql/generated';
import { useOrganizations } from '../../organization/useOrganizations';

export type AuditLogKind = 'audit' | 'security';

/** Event kinds offered as filter choices: a prefix of the server's event types, named in Chinese. */
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
    { value: 'ListExported', label: '列表导出' },
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
  ip: string;
  range: [Date, Date] | null;
}

export function useAuditLog(kind: AuditLogKind) {
  const router = useRouter();
  const { resolveClient } = useApolloClient();
  const list = useListState<AuditFilters>(() => ({ typePrefix: '', actorId: '', orgId: '', streamId: '', ip: '', range: null }));
  const filter = computed(() => ({
    ...compact({ typePrefix: list.query.typePrefix, actorId: list.query.actorId, orgId: list.query.orgId, streamId: list.query.streamId, ip: list.query.ip }),
    ...(list.query.range ? { from: list.query.range[0].toISOString(), to: list.query.range[1].toISOString() } : {}),
  }));
  const variables = () => ({ filter: filter.value, page: list.page() });
  // A page is one kind for its whole life (the route picks it): one query, never both.
  const page = kind === 'audit' ? usePagedQuery(AuditEventsDocument, variables, (r) => r.auditEvents) : usePagedQuery(SecurityLogDocument, variables, (r) => r.securityLog);
  const organizations = useOrganizations();

  // Operators and records are picked by name (the server's lookups, in the user's scope).
  const actors = useRemoteOptions(async (q) =>
    (await resolveClient().query({ query: AuditActorsDocument, variables: { q }, fetchPolicy: 'network-only' })).data.auditActors.map((a) => ({
      value: a.id,
      label: [a.name, a.username && a.username !== a.name ? `（${a.username}）` : '', a.orgName ? ` · ${a.orgName}` : ''].join(''),
    })),
  );
  const records = useRemoteOptions(async (q) =>
    (await resolveClient().query({ query: AuditRecordsDocument, variables: { q }, fetchPolicy: 'network-only' })).data.auditRecords.map((r) => ({
      value: r.streamId,
      label: `${r.kind}：${r.title}${r.subtitle ? `（${r.subtitle}）` : ''}`,
    })),
  );

  const time: FilterField<keyof AuditFilters & string> = { kind: 'datetimerange', key: 'range', label: '时间', width: 360 };
  const type: FilterField<keyof AuditFilters & string> = { kind: 'select', key: 'typePrefix', label: '事件类型', options: TYPE_PREFIXES[kind], width: 180, test: 'type-filter' };
  const org: FilterField<keyof AuditFilters & string> = {
    kind: 'org',
    key: 'orgId',
    label: '所属单位',
    data: organizations.tree,
    width: 240,
    visible: computed(() => can({ allOf: ['organization:read'] })),
  };
  const actor: FilterField<keyof AuditFilters & string> = {
    kind: 'remote',
    key: 'actorId',
    label: '操作人',
    placeholder: '输入姓名或用户名查找',
    options: actors.options,
    loading: actors.loading,
    search: (q) => void actors.search(q),
    width: 220,
    test: 'actor-filter',
  };
  const fields =
    kind === 'audit'
      ? filterFields<AuditFilters>([
          time,
          type,
          org,
          actor,
          {
            kind: 'remote',
            key: 'streamId',
            label: '记录',
            placeholder: '输入名称、编码查找',
            options: records.options,
            loading: records.loading,
            search: (q) => void records.search(q),
            width: 260,
            test: 'record-filter',
          },
        ])
      : filterFields<AuditFilters>([time, type, actor, org, { kind: 'text', key: 'ip', label: 'IP 地址', placeholder: '如 10.52.1.20', maxlength: 64, width: 160, mono: true, test: 'ip-filter' }]);
  const canReplay = computed(() => can(TIMELINE_READERS));

  const table = useTableSettings(
    kind === 'audit' ? 'AuditEventList' : 'SecurityLogList',
    kind === 'audit'
      ? [
          { key: 'occurredAt', label: '时间', essential: true },
          { key: 'type', label: '事件', essential: true },
          { key: 'stream', label: '记录' },
          { key: 'summary', label: '摘要' },
          { key: 'actor', label: '操作人' },
          { key: 'org', label: '所属单位' },
          { key: 'ip', label: 'IP 地址', visible: false },
          { key: 'correlation', label: '关联编号', visible: false },
        ]
      : [
          { key: 'occurredAt', label: '时间', essential: true },
          { key: 'type', label: '事件', essential: true },
          { key: 'subject', label: '对象' },
          { key: 'summary', label: '摘要' },
          { key: 'actor', label: '操作人' },
          { key: 'org', label: '所属单位' },
          { key: 'ip', label: 'IP 地址' },
          { key: 'correlation', label: '关联编号', visible: false },
        ],
  );

  /** Narrow the list to one operator or one record by clicking it in a row (its name shown in the filter). */
  function filterBy(field: 'actorId' | 'streamId', value: string, label: string) {
    (field === 'actorId' ? actors : records).remember({ value, label });
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
