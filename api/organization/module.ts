// 组织机构: the province, its prefectures and counties, institutions and schools: the tree that
// data scope and review levels are read from.
import { ORGANIZATION_EVENT_LABELS, ORGANIZATION_FIELD_LABELS, ORGANIZATION_STATUS_LABELS } from '../../domain/organization/labels';
import { organizationDecider } from '../../domain/organization/organization';
import { organizationsProjection } from '../../projections/organization/organizations-table';
import { defineModule, recordType } from '../module';
import { organizationResolvers, organizationTypeDefs } from './organization-graphql';

export const organizationModule = defineModule({
  name: 'organization',
  label: '机构',
  record: recordType({ decider: organizationDecider, statusLabels: ORGANIZATION_STATUS_LABELS, owner: async (_knex, id) => ({ orgIds: [id] }) }),
  eventLabels: ORGANIZATION_EVENT_LABELS,
  fieldLabels: ORGANIZATION_FIELD_LABELS,
  projections: [organizationsProjection],
  lists: [{ query: 'organizations', paged: false, owners: { selection: 'id', of: (o) => [o.id as string] } }],
  graphql: [{ typeDefs: organizationTypeDefs, resolvers: organizationResolvers }],
  permissions: ['organization:read', 'organization:manage'],
});
