// 9(13): graduates' employment records in the records index (the graduate's name, employer or
// further-study school, certificate numbers), under the scope of the school the person graduated from.
import { DESTINATION_LABELS, type Destination } from '../../domain/employment/employment-input';
import type { RecordSummarySource } from '../search/records-index';
import { employmentRows } from './employment-list';

export const employmentSearch: RecordSummarySource = {
  module: 'employment',
  dependsOn: ['employments', 'students'],
  typePrefixes: ['Employment'],
  async summaries(knex, ids) {
    const rows = (await employmentRows(knex).whereIn('employments.id', ids)) as {
      stream_id: string;
      student_name: string;
      school_id: string;
      school_name: string | null;
      destination: string;
      employer: string;
      further_study_school: string;
      state: { status: string; details?: { certificates: { occupation: string; number: string }[] } };
      updated_at: string;
    }[];
    return rows.map((r) => {
      const certificates = r.state.details?.certificates ?? [];
      return {
        streamId: r.stream_id,
        module: 'employment',
        title: `${r.student_name}·就业情况`,
        subtitle: [DESTINATION_LABELS[r.destination as Destination] ?? r.destination, r.employer || r.further_study_school, r.school_name].filter(Boolean).join(' · '),
        keywords: [r.student_name, r.employer, r.further_study_school, ...certificates.map((c) => c.occupation)].filter(Boolean),
        codes: certificates.map((c) => c.number),
        status: r.destination,
        ownerOrgIds: [r.school_id],
        createdBy: null,
        updatedAt: r.updated_at,
      };
    });
  },
};
