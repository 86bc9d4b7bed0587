// 培训工种: institutions declare the occupations they train for; reviewed; published in the catalogue.
import { occupationCommands, occupationReviewable } from '../../commands/occupation/occupation-commands';
import { occupationDecider } from '../../domain/occupation/occupation';
import { OCCUPATION_EVENT_LABELS, OCCUPATION_FIELD_LABELS, OCCUPATION_STATUS_LABELS } from '../../domain/occupation/labels';
import { occupationOwner } from '../../projections/occupation/occupation-records';
import { occupationSearch } from '../../projections/occupation/occupation-search';
import { occupationsProjection } from '../../projections/occupation/occupations-table';
import { defineModule, recordType } from '../module';
import { occupationExport } from './occupation-export';
import { OCCUPATION_SORT, occupationResolvers, occupationTypeDefs } from './occupation-graphql';

export const occupationModule = defineModule({
  name: 'occupation',
  label: '培训工种',
  record: recordType({ decider: occupationDecider, statusLabels: OCCUPATION_STATUS_LABELS, owner: occupationOwner }),
  review: occupationReviewable(),
  eventLabels: OCCUPATION_EVENT_LABELS,
  fieldLabels: OCCUPATION_FIELD_LABELS,
  projections: [occupationsProjection],
  search: { source: occupationSearch, permission: 'occupation:read' },
  graphql: [{ typeDefs: occupationTypeDefs, resolvers: occupationResolvers }],
  lists: [
    { query: 'occupations', paged: true, sort: OCCUPATION_SORT, owners: { selection: 'institutionId', of: (o) => [o.institutionId as string] }, exportName: 'occupations' },
    { query: 'occupationCatalogue', paged: true, sort: OCCUPATION_SORT, owners: { selection: 'institutionId', of: (o) => [o.institutionId as string] }, exportName: 'occupation-catalogue' },
  ],
  exports: { occupations: occupationExport(false), 'occupation-catalogue': occupationExport(true) },
  commands: (deps) => ({ occupations: occupationCommands(deps.store, deps.submissionFor) }),
  permissions: ['occupation:read', 'occupation:declare', 'review:submit'],
});
