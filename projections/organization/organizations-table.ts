import type { Knex } from 'knex';
import type { OrganizationKind } from '../../domain/organization/organization';
import type { ReviewAuthorities, ReviewLevel } from '../../domain/review/review';
import type { RecordedEvent } from '../../store/event-store/event-store';
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

/**
 * The organisation tree: authorities registered directly, institutions that become
 * organisations under their supervising authority once effective, and technical schools, which
 * are organisations from their creation. Not a row projection: a row's
 * path depends on its parent's.
 */
export const organizationsProjection: ProjectionDefinition = {
  name: 'organizations',
  // 3: technical schools, organisations of kind `school` under the authority that created them.
  version: 3,
  typePrefixes: ['OrganizationRegistered', 'InstitutionActivated', 'InstitutionChangeApplied', 'TechnicalSchoolCreated', 'TechnicalSchoolInfoApplied'],
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
    const find = async (id: string) => known.get(id) ?? ((await trx(table).where({ id }).first()) as OrganizationRow | undefined);
    const place = async (org: { id: string; name: string; kind: OrganizationKind; parentId: string | null; divisionCode?: string }) => {
      const parent = org.parentId ? await find(org.parentId) : undefined;
      const row: OrganizationRow = {
        id: org.id,
        name: org.name,
        kind: org.kind,
        parent_id: org.parentId,
        division_code: org.divisionCode ?? parent?.division_code ?? '',
        path: `${parent?.path ?? '/'}${org.id}/`,
        depth: (parent?.depth ?? -1) + 1,
      };
      known.set(row.id, row);
      await trx(table).insert(row).onConflict('id').merge();
    };
    for (const event of events) {
      if (event.type === 'OrganizationRegistered') {
        const d = event.data as { orgId: string; name: string; kind: OrganizationKind; parentId: string | null; divisionCode: string };
        await place({ id: d.orgId, name: d.name, kind: d.kind, parentId: d.parentId, divisionCode: d.divisionCode });
      } else if (event.type === 'InstitutionActivated' || event.type === 'InstitutionChangeApplied') {
        // An institution's organisation id is its record id; a change may rename or move it.
        const d = (event.data as { details: { name: string; supervisingAuthorityId: string } }).details;
        await place({ id: event.streamId.slice('institution-'.length), name: d.name, kind: 'institution', parentId: d.supervisingAuthorityId });
      } else if (event.type === 'TechnicalSchoolCreated' || event.type === 'TechnicalSchoolInfoApplied') {
        // A technical school is an organisation from its creation (its authority's own act); an
        // approved change of its information may rename it. Its id is its record id.
        const d = event.data as { authorityId: string; divisionCode?: string; info: { name: string } };
        const existing = await find(event.streamId.slice('technical-school-'.length));
        await place({ id: event.streamId.slice('technical-school-'.length), name: d.info.name, kind: 'school', parentId: d.authorityId, divisionCode: d.divisionCode ?? existing?.division_code });
      }
    }
  },
};

const LEVEL_OF_KIND: Partial<Record<OrganizationKind, ReviewLevel>> = { county: 'county', prefecture: 'city', province: 'province' };

export const findOrganization = (knex: Knex, id: string): Promise<OrganizationRow | undefined> =>
  knex(`${READ_MODEL_SCHEMA}.${ORGANIZATIONS_TABLE}`).where({ id }).first();

export const listOrganizations = (knex: Knex): Promise<OrganizationRow[]> =>
  knex(`${READ_MODEL_SCHEMA}.${ORGANIZATIONS_TABLE}`).orderBy([{ column: 'depth' }, { column: 'division_code' }, { column: 'name' }]);

/** Each organisation's ancestors from the root down, itself included; organisations not in the tree are left out. */
export async function organizationAncestors(knex: Knex, orgIds: readonly string[]): Promise<Map<string, string[]>> {
  const rows: { id: string; path: string }[] = orgIds.length ? await knex(`${READ_MODEL_SCHEMA}.${ORGANIZATIONS_TABLE}`).whereIn('id', orgIds).select('id', 'path') : [];
  return new Map(rows.map((r) => [r.id, r.path.split('/').filter(Boolean)]));
}

/** The organisation tree changes rarely; authorities are looked up on every submission (imports: per row). */
const DIRECTORY_CACHE_MS = 10_000;

/** The authorities above an organisation (and itself, when it is one), keyed by the review level each reviews at. */
export function organizationDirectory(knex: Knex): { reviewAuthoritiesFor(orgId: string): Promise<ReviewAuthorities> } {
  const cache = new Map<string, { authorities: ReviewAuthorities; at: number }>();
  const lookup = async (orgId: string): Promise<ReviewAuthorities> => {
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
  };
  return {
    async reviewAuthoritiesFor(orgId) {
      const hit = cache.get(orgId);
      if (hit && Date.now() - hit.at < DIRECTORY_CACHE_MS) return hit.authorities;
      const authorities = await lookup(orgId);
      // An organisation not (yet) in the tree is not cached: the next submission looks again.
      if (Object.keys(authorities).length) cache.set(orgId, { authorities, at: Date.now() });
      return authorities;
    },
  };
}
