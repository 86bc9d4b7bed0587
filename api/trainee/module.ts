// 学员 (requirement 3): one person per ID number in the province, entered by institutions, each
// entry reviewed; changes to an approved person reviewed by its home authority.
import { traineeImportKind } from '../../commands/import/trainee-import-kind';
import { traineeCommands, traineeReviewable } from '../../commands/trainee/trainee-commands';
import { TRAINEE_EVENT_LABELS, TRAINEE_FIELD_LABELS, TRAINEE_STATUS_LABELS } from '../../domain/trainee/labels';
import { traineeDecider } from '../../domain/trainee/trainee';
import { traineeOwner, traineePersonalData } from '../../projections/trainee/trainee-records';
import { traineeSearch } from '../../projections/trainee/trainee-search';
import { traineesProjection } from '../../projections/trainee/trainees-table';
import { defineModule, recordType } from '../module';
import { traineeExport } from './trainee-export';
import { TRAINEE_SORT, traineeResolvers, traineeTypeDefs } from './trainee-graphql';
import { grantsRights, type Affiliation } from '../../domain/affiliation/affiliation';

export const traineeModule = defineModule({
  name: 'trainee',
  label: '学员',
  record: recordType({ decider: traineeDecider, statusLabels: TRAINEE_STATUS_LABELS, owner: traineeOwner, personalData: traineePersonalData }),
  review: traineeReviewable(),
  eventLabels: TRAINEE_EVENT_LABELS,
  fieldLabels: TRAINEE_FIELD_LABELS,
  projections: [traineesProjection],
  search: { source: traineeSearch, permission: 'trainee:read' },
  graphql: [{ typeDefs: traineeTypeDefs, resolvers: traineeResolvers }],
  lists: [
    {
      query: 'trainees',
      paged: true,
      sort: TRAINEE_SORT,
      // Only ties that give rights put a person in a scope (a pending duplicate entry opens nothing).
      owners: { selection: 'enrolments { institutionId status duplicateEntry }', of: (t) => (t.enrolments as Affiliation[]).filter(grantsRights).map((e) => e.institutionId) },
      exportName: 'trainees',
      importKind: 'trainee',
    },
  ],
  exports: { trainees: traineeExport },
  commands: (deps) => ({
    trainees: traineeCommands({
      store: deps.store,
      protector: deps.personalData,
      dictionaries: deps.dictionaries,
      institutions: deps.directories.institutions,
      trainees: deps.directories.trainees,
      submissionFor: deps.submissionFor,
    }),
  }),
  imports: (commands) => [traineeImportKind(commands)],
  permissions: ['trainee:read', 'trainee:enter', 'review:submit', 'pii:unmask'],
});
