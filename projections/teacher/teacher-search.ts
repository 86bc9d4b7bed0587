import { rightsHolders } from '../../domain/affiliation/affiliation';
import type { TeacherState } from '../../domain/teacher/teacher';
import type { RecordSummarySource } from '../search/records-index';
import { teachersTable } from './teachers-table';

export const teacherSearch: RecordSummarySource = {
  module: 'teacher',
  dependsOn: ['teachers'],
  async summaries(knex, ids) {
    const rows = await teachersTable(knex).whereIn('id', ids);
    return rows.map((r) => {
      const state = r.state as Extract<TeacherState, { status: 'declared' }>;
      return {
        streamId: r.stream_id,
        module: 'teacher',
        title: r.name,
        subtitle: `${r.id_number_masked} · ${state.profile.subjects.join('、')}`,
        keywords: [...state.profile.subjects, state.profile.trainingQualification],
        codes: state.qualification ? [state.qualification.certificateNo] : [],
        status: r.revoked ? 'revoked' : r.review_status,
        // A pending duplicate declaration opens nothing (affiliation.ts), in search as in lists.
        ownerOrgIds: rightsHolders(state.engagements),
        createdBy: null,
        updatedAt: r.updated_at,
      };
    });
  },
};
