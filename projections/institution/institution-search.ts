import type { InstitutionState } from '../../domain/institution/institution';
import type { RecordSummarySource } from '../search/records-index';
import { institutionsTable } from './institutions-table';

export const institutionSearch: RecordSummarySource = {
  module: 'institution',
  dependsOn: ['institutions'],
  async summaries(knex, ids) {
    const rows = await institutionsTable(knex).whereIn('id', ids);
    return rows.map((r) => {
      const state = r.state as Extract<InstitutionState, { status: 'registered' }>;
      const d = state.effective ?? state.pending!;
      return {
        streamId: r.stream_id,
        module: 'institution',
        title: r.name,
        subtitle: `${d.schoolAddress} · ${d.occupationScope.map((o) => o.name).join('、')}`,
        keywords: [d.registeredAddress, d.schoolAddress, d.legalPersonName, d.trainingHead, ...d.occupationScope.map((o) => o.name)],
        codes: [r.credit_code, d.licenceNumber, ...d.occupationScope.map((o) => o.code)],
        status: r.lifecycle,
        ownerOrgIds: [r.scope_org_id],
        createdBy: null,
        updatedAt: r.updated_at,
      };
    });
  },
};
