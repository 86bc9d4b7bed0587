// Classes in the records search index: found by class name, number, institution, occupation and
// county, in the scope of their institution (and every authority above it).
import { PREFECTURES } from '../../domain/organization/guizhou-divisions';
import { TRAINING_CLASS_STATUS_LABELS } from '../../domain/training-class/labels';
import { subjectLabel } from '../../domain/training-class/class-details';
import { organizationNames } from '../organization/organization-names';
import type { RecordSummarySource } from '../search/records-index';
import { trainingClassesTable } from './training-classes-table';

const COUNTY_NAMES = new Map(PREFECTURES.flatMap((p) => p.counties.map((c) => [c.code, `${p.name}${c.name}`] as const)));

export const trainingClassSearch: RecordSummarySource = {
  module: 'training-class',
  dependsOn: ['training_classes', 'organizations'],
  typePrefixes: ['TrainingClass'],
  async summaries(knex, ids) {
    const rows = await trainingClassesTable(knex).whereIn('id', ids);
    const institutions = await organizationNames(knex, rows.map((r) => r.institution_id));
    return rows.map((r) => {
      const institution = institutions.get(r.institution_id) ?? '';
      const county = COUNTY_NAMES.get(r.county_code) ?? '';
      const subject = subjectLabel(r.state.details);
      return {
        streamId: r.stream_id,
        module: 'training-class',
        title: r.name,
        subtitle: `${r.class_no} · ${institution} · ${subject} · ${TRAINING_CLASS_STATUS_LABELS[r.state.status]}`,
        keywords: [institution, subject, r.state.details.occupation?.name ?? '', county, r.state.details.venue.address],
        codes: [r.class_no, r.state.details.occupation?.code ?? '', r.county_code],
        status: r.status,
        ownerOrgIds: [r.institution_id],
        createdBy: null,
        updatedAt: r.updated_at,
      };
    });
  },
};
