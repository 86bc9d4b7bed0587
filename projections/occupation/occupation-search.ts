import type { RecordSummarySource } from '../search/records-index';
import { occupationsTable } from './occupations-table';

export const occupationSearch: RecordSummarySource = {
  module: 'occupation',
  dependsOn: ['occupations'],
  async summaries(knex, ids) {
    const rows = await occupationsTable(knex).leftJoin('rm.organizations as org', 'org.id', 'occupations.institution_id').whereIn('occupations.id', ids).select('occupations.*', 'org.name as institution_name');
    return rows.map((r) => ({
      streamId: r.stream_id,
      module: 'occupation',
      title: r.name,
      subtitle: `${r.code} · ${(r as { institution_name?: string }).institution_name ?? ''}`,
      keywords: [(r as { institution_name?: string }).institution_name ?? '', r.scope],
      codes: [r.code],
      status: r.review_status,
      ownerOrgIds: [r.institution_id],
      createdBy: r.declared_by,
      updatedAt: r.updated_at,
    }));
  },
};
