// 9(13): students in the records index (name, masked ID number, student number, school, status),
// found by the schools whose scope the student is in (studentOwners) and the authorities above them.
import { STUDENT_STATUS_LABELS, studentOwners } from '../../domain/student/student';
import { organizationNames } from '../organization/organization-names';
import type { RecordSummarySource } from '../search/records-index';
import { studentsTable } from './students-table';

export const studentSearch: RecordSummarySource = {
  module: 'student',
  dependsOn: ['students'],
  typePrefixes: ['Student'],
  async summaries(knex, ids) {
    const rows = await studentsTable(knex).whereIn('id', ids);
    const schools = await organizationNames(knex, rows.map((r) => r.school_id).filter((id): id is string => Boolean(id)));
    return rows.map((r) => {
      const school = r.school_id ? (schools.get(r.school_id) ?? '') : '';
      return {
        streamId: r.stream_id,
        module: 'student',
        title: r.name,
        subtitle: [r.id_number_masked, school, STUDENT_STATUS_LABELS[r.state.status]].filter(Boolean).join(' · '),
        keywords: [school],
        codes: [r.student_number ?? ''],
        status: r.status,
        ownerOrgIds: studentOwners(r.state),
        createdBy: null,
        updatedAt: r.updated_at,
      };
    });
  },
};
