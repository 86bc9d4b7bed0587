// The home page: key counts and charts per the user's permissions and data scope. Every count is a
// list query's total, so the server's data-scope filter applies: a county sees its county, the
// province the province; the administrators see their own domains (users and roles, the audit log).
import { useQuery } from '@vue/apollo-composable';
import type { EChartsCoreOption } from 'echarts/core';
import { computed } from 'vue';
import { toConsoleError } from '@/api/errors';
import { can } from '@/auth/permission';
import { barOption, lineOption, pieOption } from '@/components/charts';
import { HomeAdministrationDocument, HomeAuditDocument, HomeInstitutionsDocument, HomeOccupationsDocument, HomeReconciliationNoticesDocument, HomeTraineesDocument } from '@/graphql/generated';
import { useDict } from '@/utils/dict';
import { useOrganizations } from '../organization/useOrganizations';

const STATUSES = ['draft', 'pending', 'returned', 'approved', 'rejected', 'withdrawn'] as const;
const LIFECYCLES = ['draft', 'active', 'suspended', 'revoked'] as const;

/** Midnight boundaries (browser time) of the last seven days and tomorrow: b0 .. b7. */
function dayBoundaries() {
  const start = new Date();
  start.setHours(0, 0, 0, 0);
  start.setDate(start.getDate() - 6);
  return Array.from({ length: 8 }, (_, i) => {
    const d = new Date(start);
    d.setDate(start.getDate() + i);
    return d;
  });
}

export function useHomeStats() {
  const showOccupations = computed(() => can({ allOf: ['occupation:read'] }));
  const withInbox = computed(() => can({ allOf: ['review:decide'] }));
  const showInstitutions = computed(() => can({ allOf: ['institution:read'] }));
  const showTrainees = computed(() => can({ allOf: ['trainee:read'] }));
  const showAdministration = computed(() => can({ anyOf: ['user:manage', 'role:manage'] }));
  const showOrganizations = computed(() => can({ allOf: ['organization:read', 'organization:manage'] }));
  const showAudit = computed(() => can({ allOf: ['audit:read'] }));
  const withSecurity = computed(() => can({ allOf: ['security-log:read'] }));
  // The daily 对账's differences (funds of the user's scope, last 7 days), for those who may read funds.
  const showReconciliation = computed(() => can({ allOf: ['subsidy:read'] }));
  const reconciliation = useQuery(HomeReconciliationNoticesDocument, null, () => ({ enabled: showReconciliation.value }));
  const reconciliationNotices = computed(() => (showReconciliation.value ? (reconciliation.result.value?.reconciliationNotices ?? []) : []));

  const occupations = useQuery(HomeOccupationsDocument, () => ({ withInbox: withInbox.value }), () => ({ enabled: showOccupations.value }));
  const institutions = useQuery(HomeInstitutionsDocument, null, () => ({ enabled: showInstitutions.value }));
  const trainees = useQuery(HomeTraineesDocument, null, () => ({ enabled: showTrainees.value }));
  const administration = useQuery(HomeAdministrationDocument, null, () => ({ enabled: showAdministration.value }));
  const days = dayBoundaries();
  const iso = days.map((d) => d.toISOString());
  const audit = useQuery(
    HomeAuditDocument,
    () => ({ b0: iso[0]!, b1: iso[1]!, b2: iso[2]!, b3: iso[3]!, b4: iso[4]!, b5: iso[5]!, b6: iso[6]!, b7: iso[7]!, withSecurity: withSecurity.value }),
    () => ({ enabled: showAudit.value }),
  );
  const organizations = useOrganizations();

  const statusDict = useDict('review_status');
  const lifecycleDict = useDict('institution_lifecycle');

  const firstError = computed(() => [occupations, institutions, trainees, administration, audit].map((q) => q.error.value).find(Boolean));
  const loadError = computed(() => (firstError.value ? toConsoleError(firstError.value) : undefined));
  const refetch = () => [occupations, institutions, trainees, administration, audit].forEach((q) => void q.refetch());

  const byStatus = computed(() => STATUSES.map((s) => ({ status: s, label: statusDict.label(s), count: occupations.result.value?.[s].total ?? 0 })));
  const byLifecycle = computed(() => LIFECYCLES.map((l) => ({ name: lifecycleDict.label(l), value: institutions.result.value?.[l].total ?? 0 })));
  const orgKinds = computed(() => {
    const counts = new Map<string, number>();
    for (const o of organizations.rows.value) counts.set(o.kindLabel, (counts.get(o.kindLabel) ?? 0) + 1);
    return [...counts.entries()];
  });
  const dayLabels = days.slice(0, 7).map((d) => `${d.getMonth() + 1}-${d.getDate()}`);
  const auditPerDay = computed(() => (['d0', 'd1', 'd2', 'd3', 'd4', 'd5', 'd6'] as const).map((k) => audit.result.value?.[k].total ?? 0));

  /** The number cards, in display order: only those the user may see. */
  const cards = computed(() => {
    const list: { key: string; title: string; value: number; to?: string }[] = [];
    if (withInbox.value) list.push({ key: 'inbox', title: '待我审核', value: occupations.result.value?.reviewInboxCount ?? 0, to: 'ReviewInbox' });
    if (showOccupations.value) {
      list.push({ key: 'total', title: '培训工种申报（全部）', value: occupations.result.value?.all.total ?? 0 });
      list.push({ key: 'pending', title: '培训工种（审核中）', value: occupations.result.value?.pending.total ?? 0 });
    }
    if (showInstitutions.value) list.push({ key: 'institutions', title: '培训机构（生效）', value: institutions.result.value?.active.total ?? 0, to: 'InstitutionList' });
    if (showTrainees.value) {
      list.push({ key: 'trainees', title: '学员', value: trainees.result.value?.all.total ?? 0, to: 'TraineeList' });
      list.push({ key: 'duplicates', title: '学员（多机构录入）', value: trainees.result.value?.duplicates.total ?? 0 });
    }
    if (showAdministration.value) {
      list.push({ key: 'users', title: '用户', value: administration.result.value?.users.total ?? 0, to: 'UserList' });
      list.push({ key: 'roles', title: '角色', value: administration.result.value?.roles.length ?? 0, to: 'RoleList' });
    }
    if (showOrganizations.value) list.push({ key: 'organizations', title: '组织机构', value: organizations.rows.value.length, to: 'OrganizationTree' });
    if (showAudit.value) list.push({ key: 'audit-today', title: '今日事件', value: auditPerDay.value[6] ?? 0, to: 'AuditEventList' });
    if (withSecurity.value && showAudit.value) {
      list.push({ key: 'failed-logins', title: '近7日登录失败', value: audit.result.value?.failedLogins?.total ?? 0, to: 'SecurityLogList' });
      list.push({ key: 'pii-views', title: '近7日个人信息查看', value: audit.result.value?.piiViews?.total ?? 0, to: 'SecurityLogList' });
    }
    return list;
  });

  /** The charts, each with its title and ECharts option. */
  const charts = computed(() => {
    const list: { key: string; title: string; option: EChartsCoreOption }[] = [];
    if (showOccupations.value)
      list.push({ key: 'status', title: '培训工种申报按审核状态', option: barOption(byStatus.value.map((s) => s.label), byStatus.value.map((s) => s.count), '工种申报') });
    if (showInstitutions.value) list.push({ key: 'lifecycle', title: '培训机构按状态', option: pieOption(byLifecycle.value, '培训机构') });
    if (showOrganizations.value)
      list.push({ key: 'organizations', title: '组织机构按类型', option: barOption(orgKinds.value.map(([k]) => k), orgKinds.value.map(([, v]) => v), '机构数', '#3a8c6e') });
    if (showAdministration.value && !showOrganizations.value) {
      const roles = administration.result.value?.roles ?? [];
      list.push({ key: 'roles', title: '各角色的权限数', option: barOption(roles.map((r) => r.label), roles.map((r) => r.permissions.length), '权限数', '#8a5cb8') });
    }
    if (showAudit.value) list.push({ key: 'audit', title: '近7日事件数', option: lineOption(dayLabels, [{ name: '全部事件', values: auditPerDay.value }]) });
    return list;
  });

  const loading = computed(() => [occupations, institutions, trainees, administration, audit].some((q) => q.loading.value));

  return { cards, charts, loading, loadError, refetch, reconciliationNotices };
}
