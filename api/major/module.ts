// 专业 (requirement 9(4)): majors of the technical schools, approved through the review workflow.
import { majorCommands, majorReviewable } from '../../commands/major/major-commands';
import { MAJOR_EVENT_LABELS, MAJOR_FIELD_LABELS, MAJOR_STATUS_LABELS } from '../../domain/major/labels';
import { majorDecider } from '../../domain/major/major';
import { majorOwner, majorsProjection } from '../../projections/major/majors-table';
import { defineModule, recordType } from '../module';
import { majorExport } from './major-export';
import { MAJOR_SORT, majorResolvers, majorTypeDefs } from './major-graphql';
import { majorSearch } from '../../projections/major/major-search';

export const majorModule = defineModule({
  name: 'major',
  label: '专业',
  record: recordType({ decider: majorDecider, statusLabels: MAJOR_STATUS_LABELS, owner: majorOwner }),
  review: majorReviewable(),
  eventLabels: MAJOR_EVENT_LABELS,
  fieldLabels: MAJOR_FIELD_LABELS,
  projections: [majorsProjection],
  search: { source: majorSearch, permission: 'technical-school:read' },
  graphql: [{ typeDefs: majorTypeDefs, resolvers: majorResolvers }],
  lists: [
    { query: 'majors', paged: true, sort: MAJOR_SORT, owners: { selection: 'schoolId', of: (m) => [m.schoolId as string] }, exportName: 'majors' },
    { query: 'majorStatistics', paged: false, owners: { selection: 'schoolId', of: (m) => [m.schoolId as string] } },
  ],
  exports: { majors: majorExport },
  commands: (deps) => ({ majors: majorCommands(deps.store, deps.submissionFor) }),
  permissions: ['technical-school:read', 'technical-school:edit', 'review:submit'],
});
