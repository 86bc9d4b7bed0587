// 9(13): technical schools in the records index (name, code, level and nature), found by the
// school itself and every authority above it.
import { SCHOOL_LEVEL_LABELS, SCHOOL_NATURE_LABELS, type SchoolLevel, type SchoolNature } from '../../domain/technical-school/school-info';
import type { RecordSummarySource } from '../search/records-index';
import { technicalSchoolsTable } from './technical-schools-table';

export const technicalSchoolSearch: RecordSummarySource = {
  module: 'technical-school',
  dependsOn: ['technical-schools'],
  typePrefixes: ['TechnicalSchool'],
  async summaries(knex, ids) {
    const rows = await technicalSchoolsTable(knex).whereIn('id', ids);
    return rows.map((r) => ({
      streamId: r.stream_id,
      module: 'technical-school',
      title: r.name,
      subtitle: `${r.code} · ${SCHOOL_LEVEL_LABELS[r.level as SchoolLevel] ?? r.level} · ${SCHOOL_NATURE_LABELS[r.nature as SchoolNature] ?? r.nature}`,
      keywords: [r.info.address, r.info.principal].filter(Boolean),
      codes: [r.code],
      status: r.review_status,
      ownerOrgIds: [r.id],
      createdBy: null,
      updatedAt: r.updated_at,
    }));
  },
};
