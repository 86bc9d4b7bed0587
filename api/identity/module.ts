// Users, roles and the security policy (三员, MLPS level 3): the platform's own commands
// (api/platform.ts), the login routes (api/auth), and these read models and GraphQL parts.
import { IDENTITY_EVENT_LABELS, IDENTITY_FIELD_LABELS, USER_STATUS_LABELS } from '../../domain/identity/labels';
import { userDecider } from '../../domain/identity/user';
import { rolesProjection } from '../../projections/identity/roles-table';
import { userOwner } from '../../projections/identity/user-records';
import { usersProjection } from '../../projections/identity/users-table';
import { defineModule, recordType } from '../module';
import { USER_SORT, adminResolvers, adminTypeDefs } from './admin-graphql';
import { identityResolvers, identityTypeDefs } from './identity-graphql';

export const userModule = defineModule({
  name: 'user',
  label: '用户',
  record: recordType({ decider: userDecider, statusLabels: USER_STATUS_LABELS, owner: userOwner }),
  eventLabels: IDENTITY_EVENT_LABELS,
  fieldLabels: IDENTITY_FIELD_LABELS,
  projections: [rolesProjection, usersProjection],
  lists: [{ query: 'users', paged: true, sort: USER_SORT, owners: { selection: 'orgId', of: (u) => [u.orgId as string] } }],
  graphql: [
    { typeDefs: identityTypeDefs, resolvers: identityResolvers },
    { typeDefs: adminTypeDefs, resolvers: adminResolvers },
  ],
  permissions: ['user:manage', 'role:manage', 'policy:manage'],
});

