// 补贴标准 (issue 14 §1): standards set by the province or a prefecture, reviewed, each approved
// change a new version in force from its own date.
import { standardCommands, standardReviewable } from '../../commands/subsidy-standard/standard-commands';
import { SUBSIDY_STANDARD_EVENT_LABELS, SUBSIDY_STANDARD_FIELD_LABELS, SUBSIDY_STANDARD_STATUS_LABELS } from '../../domain/subsidy-standard/labels';
import { subsidyStandardDecider } from '../../domain/subsidy-standard/standard';
import { subsidyStandardOwner, subsidyStandardsProjection } from '../../projections/subsidy-standard/standards-table';
import { defineModule, recordType } from '../module';
import { standardExport } from './standard-export';
import { STANDARD_SORT, standardResolvers, standardTypeDefs } from './standard-graphql';

export const subsidyStandardModule = defineModule({
  name: 'subsidy-standard',
  label: '补贴标准',
  record: recordType({ decider: subsidyStandardDecider, statusLabels: SUBSIDY_STANDARD_STATUS_LABELS, owner: subsidyStandardOwner }),
  review: standardReviewable(),
  eventLabels: SUBSIDY_STANDARD_EVENT_LABELS,
  fieldLabels: SUBSIDY_STANDARD_FIELD_LABELS,
  projections: [subsidyStandardsProjection],
  graphql: [{ typeDefs: standardTypeDefs, resolvers: standardResolvers }],
  lists: [{ query: 'subsidyStandards', paged: true, sort: STANDARD_SORT, owners: { selection: 'authorityId', of: (s) => [s.authorityId as string] }, exportName: 'subsidy-standards' }],
  exports: { 'subsidy-standards': standardExport },
  commands: (deps) => ({ subsidyStandards: standardCommands({ store: deps.store, authorities: deps.directories.authorities, submissionFor: deps.submissionFor }) }),
  permissions: ['subsidy:read', 'subsidy:standard', 'review:submit'],
});
