import type { Knex } from 'knex';
import type { OrganizationDirectory } from '../../commands/organization/organization-commands';
import type { OrganizationKind } from '../../domain/organization/organization';
import type { ReviewAuthorities, ReviewLevel } from '../../domain/review/review';
import type { RecordedEvent } from '../../commands/event-store/event-store';
import { READ_MODEL_SCHEMA, type ProjectionDefinition } from '../runner/projection';

export const ORGANIZATIONS_TABLE = 'organizations';

export interface OrganizationRow {
  id: string;
  name: string;
  kind: OrganizationKind;
  parent_id: string | null;
  division_code: string;
  /** Ids from the root down to this organisation, `/`-separated and `/`-terminated: scope queries use a prefix match. */
  path: string;
  depth: number;
}

/** The organisation tree. Not a row projection: a row's path depends on its parent's. */
export const organizationsProjection: ProjectionDefinition = {
  name: 'organizations',
  version: 1,
  typePrefixes: ['Organization'],
  tables: [ORGANIZATIONS_TABLE],
  async setup(knex, schema) {
    await knex.schema.withSchema(schema).createTable(ORGANIZATIONS_TABLE, (t) => {
      t.text('id').primary();
      t.text('name').notNullable();
      t.text('kind').notNullable();
      t.text('parent_id');
      t.text('division_code').notNullable();
      t.text('path').notNullable();
      t.integer('depth').notNullable();
      t.index(['parent_id']);
    });
    await knex.raw(`CREATE INDEX ON ??.?? (path text_pattern_ops)`, [schema, ORGANIZATIONS_TABLE]);
  },
  async apply(trx, events: RecordedEvent[], schema) {
    const table = `${schema}.${ORGANIZATIONS_TABLE}`;
    const known = new Map<string, OrganizationRow>();
    for (const event of events) {
      if (event.type !== 'OrganizationRegistered') continue;
      const data = event.data as { orgId: string; name: string; kind: OrganizationKind; parentId: string | null; divisionCode: string };
      let parent = data.parentId ? known.get(data.parentId) : undefined;
      if (data.parentId && !parent) parent = await trx(table).where({ id: data.parentId }).first();
      const row: OrganizationRow = {
        id: data.orgId,
        name: data.name,
        kind: data.kind,
        parent_id: data.parentId,
        division_code: data.divisionCode,
        path: `${parent?.path ?? '/'}${data.orgId}/`,
        depth: (parent?.depth ?? -1) + 1,
      };
      known.set(row.id, row);
      await trx(table).insert(row).onConflict('id').merge();
    }
  },
};

const LEVEL_OF_KIND: Partial<Record<OrganizationKind, ReviewLevel>> = { county: 'county', prefecture: 'city', province: 'province' };

export const findOrganization = (knex: Knex, id: string): Promise<OrganizationRow | undefined> =>
  knex(`${READ_MODEL_SCHEMA}.${ORGANIZATIONS_TABLE}`).where({ id }).first();

export const listOrganizations = (knex: Knex): Promise<OrganizationRow[]> =>
  knex(`${READ_MODEL_SCHEMA}.${ORGANIZATIONS_TABLE}`).orderBy([{ column: 'depth' }, { column: 'division_code' }, { column: 'name' }]);

/** The authorities above an organisation, keyed by the review level each one reviews at. */
export function organizationDirectory(knex: Knex): OrganizationDirectory {
  return {
    async reviewAuthoritiesFor(orgId) {
      const org = await findOrganization(knex, orgId);
      if (!org) return {};
      const ancestorIds = org.path.split('/').filter(Boolean);
      const ancestors: OrganizationRow[] = await knex(`${READ_MODEL_SCHEMA}.${ORGANIZATIONS_TABLE}`).whereIn('id', ancestorIds);
      const authorities: ReviewAuthorities = {};
      for (const a of ancestors) {
        const level = LEVEL_OF_KIND[a.kind];
        if (level) authorities[level] = a.id;
      }
      return authorities;
    },
  };
}
