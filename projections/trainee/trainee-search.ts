import { rightsHolders } from '../../domain/affiliation/affiliation';
import type { TraineeState } from '../../domain/trainee/trainee';
import type { RecordSummarySource } from '../search/records-index';
import { traineesTable } from './trainees-table';

export const traineeSearch: RecordSummarySource = {
  module: 'trainee',
  dependsOn: ['trainees'],
  async summaries(knex, ids) {
    const rows = await traineesTable(knex).whereIn('id', ids);
    return rows.map((r) => {
      const state = r.state as Extract<TraineeState, { status: 'registered' }>;
      return {
        streamId: r.stream_id,
        module: 'trainee',
        title: r.name,
        subtitle: `${r.id_number_masked} · ${r.region_code}`,
        keywords: [],
        codes: [],
        status: r.review_status,
        // A pending duplicate entry opens nothing (affiliation.ts), in search as in lists.
        ownerOrgIds: rightsHolders(state.enrolments),
        createdBy: null,
        updatedAt: r.updated_at,
      };
    });
  },
};
