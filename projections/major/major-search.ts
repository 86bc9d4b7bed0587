// 9(13): a school's majors in the records index (name and code), under the school's scope.
import { SCHOOL_FIELD_LABELS, type SchoolField } from '../../domain/technical-school/school-vocabulary';
import { organizationNames } from '../organization/organization-names';
import type { RecordSummarySource } from '../search/records-index';
import { majorsTable } from './majors-table';

export const majorSearch: RecordSummarySource = {
  module: 'major',
  dependsOn: ['majors'],
  typePrefixes: ['Major'],
  async summaries(knex, ids) {
    const rows = await majorsTable(knex).whereIn('id', ids);
    const schools = await organizationNames(knex, rows.map((r) => r.school_id));
    return rows.map((r) => ({
      streamId: r.stream_id,
      module: 'major',
      title: r.name,
      subtitle: `${schools.get(r.school_id) ?? ''} · ${r.code} · ${SCHOOL_FIELD_LABELS[r.field as SchoolField] ?? r.field}`,
      keywords: [schools.get(r.school_id) ?? ''],
      codes: [r.code],
      status: r.review_status,
      ownerOrgIds: [r.school_id],
      createdBy: null,
      updatedAt: r.updated_at,
    }));
  },
};
