import { ORGANIZATION_KIND_LABELS, type OrganizationKind } from '../../domain/organization/organization';
import { ORGANIZATIONS_TABLE, type OrganizationRow } from '../../projections/organization/organizations-table';
import { READ_MODEL_SCHEMA } from '../../projections/runner/projection';
import type { GraphQLContext } from '../graphql/context';

export const organizationTypeDefs = /* GraphQL */ `
  type Organization {
    id: ID!
    name: String!
    kind: String!
    kindLabel: String!
    parentId: ID
    divisionCode: String!
    depth: Int!
  }
  extend type Query {
    "本单位及下级单位（按层级排序，前端组装为树）"
    organizations: [Organization!]!
  }
`;

export const organizationResolvers = {
  Query: {
    async organizations(_: unknown, _args: unknown, ctx: GraphQLContext) {
      ctx.require('organization:read');
      const query = ctx.platform.knex(`${READ_MODEL_SCHEMA}.${ORGANIZATIONS_TABLE}`);
      await ctx.scope.restrict(query, { org: 'id' });
      const rows: OrganizationRow[] = await query.orderBy([{ column: 'depth' }, { column: 'division_code' }, { column: 'name' }]);
      return rows.map((r) => ({
        id: r.id,
        name: r.name,
        kind: r.kind,
        kindLabel: ORGANIZATION_KIND_LABELS[r.kind as OrganizationKind] ?? r.kind,
        parentId: r.parent_id,
        divisionCode: r.division_code,
        depth: r.depth,
      }));
    },
  },
};
