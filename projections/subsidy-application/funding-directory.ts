// The read side of the training-funding calculation (commands/subsidy-application/funding-directory.ts).
import type { Knex } from 'knex';
import type { SubsidisedTraining } from '../../domain/training-class/eligibility';
import { candidateStandardIds } from '../subsidy-standard/standards-table';
import { traineeListTable } from '../trainee/trainees-table';
import { subsidyApplicationsTable } from './applications-table';

export function fundingDirectory(knex: Knex) {
  return {
    candidateStandardIds: (subject: string, authorityIds: readonly string[]) => candidateStandardIds(knex, subject, authorityIds),

    async personCategories(traineeIds: readonly string[]) {
      if (traineeIds.length === 0) return new Map<string, string>();
      const rows = await traineeListTable(knex).whereIn('trainee_id', [...traineeIds]).distinct('trainee_id', 'person_category');
      return new Map(rows.map((r) => [r.trainee_id as string, r.person_category as string]));
    },

    async claims(personIds: readonly string[], excludeApplicationId: string) {
      const claims = new Map<string, SubsidisedTraining[]>(personIds.map((id) => [id, []]));
      if (personIds.length === 0) return claims;
      const rows = await subsidyApplicationsTable(knex)
        .whereRaw('claimants && ?::text[]', [[...personIds]])
        .whereNot('id', excludeApplicationId)
        .whereNotIn('review_status', ['rejected'])
        .select('claimants', 'class_id', 'class_name', 'kind', 'sub_kind', 'occupation_code', 'occupation_name', 'occupation_level', 'planned_start');
      for (const r of rows) {
        const training: SubsidisedTraining = {
          classId: r.class_id,
          className: r.class_name,
          details: {
            kind: r.kind as SubsidisedTraining['details']['kind'],
            subKind: r.sub_kind as SubsidisedTraining['details']['subKind'],
            occupation: r.occupation_code ? { code: r.occupation_code, name: r.occupation_name ?? '', level: r.occupation_level as NonNullable<SubsidisedTraining['details']['occupation']>['level'] } : null,
            plannedStart: r.planned_start,
          },
        };
        for (const person of r.claimants) claims.get(person)?.push(training);
      }
      return claims;
    },
  };
}
