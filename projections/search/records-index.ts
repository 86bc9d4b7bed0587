// The one search index behind the global search box and keyword lists: a document per record
// (occupation, institution, trainee, teacher), carrying the organisations it belongs to and all
// their ancestors, so a search is filtered by data scope inside the engine. Personal data appears
// only masked; exact lookups by ID number go through the blind index in the read models instead.
import type { Knex } from 'knex';
import { organizationAncestors } from '../organization/organizations-table';
import type { SearchProjectionDefinition } from '../runner/search-projection';
import type { SearchDocument, SearchIndexDefinition } from './search-port';

export const RECORDS_INDEX: SearchIndexDefinition = {
  name: 'records',
  primaryKey: 'id',
  searchableAttributes: ['title', 'codes', 'keywords', 'subtitle'],
  chineseAttributes: ['title', 'keywords', 'subtitle'],
  exactAttributes: ['codes'],
  filterableAttributes: ['module', 'scope_path', 'owner_orgs', 'created_by', 'status'],
  sortableAttributes: ['updated_at'],
};

/** What a module says about one of its records; the index adds the scope fields. */
export interface RecordSummary {
  streamId: string;
  module: string;
  title: string;
  subtitle: string;
  keywords: string[];
  codes: string[];
  status: string;
  ownerOrgIds: string[];
  createdBy: string | null;
  updatedAt: string;
}

export interface RecordSummarySource {
  module: string;
  /** Read-model projections the summaries are read from. */
  dependsOn: string[];
  /** Event types (prefixes) that change its documents, beyond the index's own list below. */
  typePrefixes?: readonly string[];
  summaries(knex: Knex, ids: string[]): Promise<RecordSummary[]>;
}

export function recordsSearchProjection(sources: RecordSummarySource[]): SearchProjectionDefinition {
  return {
    kind: 'search',
    name: 'search_records',
    // 2: a trainee's or teacher's owners are the institutions holding rights (no pending duplicate entry).
    // 3: the technical schools' records (schools, majors, teachers, students, diplomas, employment; 9(13)).
    version: 3,
    typePrefixes: [...new Set(['Occupation', 'Institution', 'Trainee', 'Teacher', 'Review', 'OrganizationRegistered', ...sources.flatMap((s) => s.typePrefixes ?? [])])],
    index: RECORDS_INDEX,
    dependsOn: ['organizations', ...new Set(sources.flatMap((s) => s.dependsOn))],
    async documents(knex, streamIds) {
      const summaries: RecordSummary[] = [];
      for (const source of sources) {
        const ids = streamIds.filter((id) => id.startsWith(`${source.module}-`)).map((id) => id.slice(source.module.length + 1));
        if (ids.length) summaries.push(...(await source.summaries(knex, ids)));
      }
      const paths = await organizationAncestors(knex, [...new Set(summaries.flatMap((s) => s.ownerOrgIds))]);
      const upserts: SearchDocument[] = summaries.map((s) => ({
        id: s.streamId,
        module: s.module,
        title: s.title,
        subtitle: s.subtitle,
        keywords: s.keywords.filter(Boolean),
        codes: s.codes.filter(Boolean),
        status: s.status,
        owner_orgs: s.ownerOrgIds,
        // A record of a county institution is found by the institution, the county, its prefecture and the province.
        scope_path: [...new Set(s.ownerOrgIds.flatMap((o) => paths.get(o) ?? [o]))],
        created_by: s.createdBy,
        updated_at: s.updatedAt,
      }));
      return { upserts, deletes: [] };
    },
  };
}
