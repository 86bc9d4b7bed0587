// 审计: the audit and security logs, the record state as of an event (replay), the verifiable
// timeline export, and the facts the platform records about reads and exports.
import { auditLogProjection } from '../../projections/audit/audit-log-table';
import { defineModule } from '../module';
import { AUDIT_SORT, auditResolvers, auditTypeDefs } from './audit-graphql';

export const auditModule = defineModule({
  name: 'audit',
  label: '审计',
  eventLabels: {
    AuditTimelineExported: '导出时间线',
    LedgerProofExported: '导出账本证明',
    ListExported: '导出列表',
    FileStored: '上传文件',
    FileDownloaded: '下载文件',
    PersonalDataViewed: '查看完整个人信息',
  },
  projections: [auditLogProjection],
  // System actions (seeding, jobs) carry no organisation: only the province's auditors see them.
  lists: [
    { query: 'auditEvents', paged: true, sort: AUDIT_SORT, owners: { selection: 'actorOrgId', of: (e) => [e.actorOrgId as string | null] } },
    { query: 'securityLog', paged: true, sort: AUDIT_SORT, owners: { selection: 'actorOrgId', of: (e) => [e.actorOrgId as string | null] } },
  ],
  graphql: [{ typeDefs: auditTypeDefs, resolvers: auditResolvers }],
  permissions: ['audit:read', 'security-log:read', 'record:timeline'],
});
