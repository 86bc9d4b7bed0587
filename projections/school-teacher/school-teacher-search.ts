// 9(13): a school's teachers in the records index (name, masked ID number, title), under the school's scope.
import { TEACHER_TITLE_LABELS, type TeacherTitle } from '../../domain/technical-school/school-vocabulary';
import { organizationNames } from '../organization/organization-names';
import type { RecordSummarySource } from '../search/records-index';
import { schoolTeachersTable } from './school-teachers-table';

export const schoolTeacherSearch: RecordSummarySource = {
  module: 'school-teacher',
  dependsOn: ['school-teachers'],
  typePrefixes: ['SchoolTeacher'],
  async summaries(knex, ids) {
    const rows = await schoolTeachersTable(knex).whereIn('id', ids);
    const schools = await organizationNames(knex, rows.map((r) => r.school_id));
    return rows.map((r) => ({
      streamId: r.stream_id,
      module: 'school-teacher',
      title: r.name,
      subtitle: `${r.id_number_masked} · ${schools.get(r.school_id) ?? ''} · ${TEACHER_TITLE_LABELS[r.title as TeacherTitle] ?? r.title}`,
      keywords: [schools.get(r.school_id) ?? ''],
      codes: [],
      status: r.status,
      ownerOrgIds: [r.school_id],
      createdBy: null,
      updatedAt: r.updated_at,
    }));
  },
};
