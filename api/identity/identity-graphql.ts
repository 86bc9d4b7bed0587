import { PERMISSIONS, ROLES, type Role } from '../../domain/identity/roles';
import { findOrganization } from '../../projections/organization/organizations-table';
import type { GraphQLContext } from '../graphql/context';

export const identityTypeDefs = /* GraphQL */ `
  type Me {
    id: ID!
    username: String!
    displayName: String!
    orgId: ID!
    orgName: String
    roles: [String!]!
    roleLabels: [String!]!
    permissions: [String!]!
    mustChangePassword: Boolean!
  }
  type PermissionInfo {
    name: String!
    label: String!
  }
  extend type Query {
    me: Me!
    permissionCatalogue: [PermissionInfo!]!
  }
`;

export const identityResolvers = {
  Query: {
    async me(_: unknown, _args: unknown, ctx: GraphQLContext) {
      const org = await findOrganization(ctx.platform.knex, ctx.user.orgId);
      return {
        id: ctx.user.id,
        username: ctx.user.username,
        displayName: ctx.user.displayName,
        orgId: ctx.user.orgId,
        orgName: org?.name ?? null,
        roles: ctx.user.roles,
        roleLabels: ctx.user.roles.map((r) => ROLES[r as Role]?.label ?? r),
        permissions: [...ctx.user.permissions],
        mustChangePassword: ctx.user.mustChangePassword,
      };
    },
    permissionCatalogue: () => Object.entries(PERMISSIONS).map(([name, label]) => ({ name, label })),
  },
};
