// 机构培训经费申报 (issue 14 §2): a completed class's institution applies with the calculated list and
// amount; reviewed by the county, then the prefecture; the final approval reserves the amount on the
// payer's fund (commands/subsidy-application/application-commands.ts).
import { applicationCommands, applicationReviewable } from '../../commands/subsidy-application/application-commands';
import { trainingFundingPayables } from '../../commands/subsidy-application/payment-source';
import { subsidyApplicationDecider } from '../../domain/subsidy-application/application';
import { PERSON_CLAIM_EVENT_LABELS } from '../../domain/subsidy-application/person-claims';
import { SUBSIDY_APPLICATION_EVENT_LABELS, SUBSIDY_APPLICATION_FIELD_LABELS, SUBSIDY_APPLICATION_STATUS_LABELS } from '../../domain/subsidy-application/labels';
import { subsidyApplicationOwner, subsidyApplicationsProjection } from '../../projections/subsidy-application/applications-table';
import { defineModule, recordType } from '../module';
import { applicationExport } from './application-export';
import { APPLICATION_SORT, applicationResolvers, applicationTypeDefs } from './application-graphql';

export const subsidyApplicationModule = defineModule({
  name: 'subsidy-application',
  label: '机构培训经费申报',
  record: recordType({ decider: subsidyApplicationDecider, statusLabels: SUBSIDY_APPLICATION_STATUS_LABELS, owner: subsidyApplicationOwner }),
  review: applicationReviewable(),
  // The per-person claim streams (subsidy-claim-<personId>) are this module's: its final approval records them.
  eventLabels: { ...SUBSIDY_APPLICATION_EVENT_LABELS, ...PERSON_CLAIM_EVENT_LABELS },
  fieldLabels: SUBSIDY_APPLICATION_FIELD_LABELS,
  projections: [subsidyApplicationsProjection],
  graphql: [{ typeDefs: applicationTypeDefs, resolvers: applicationResolvers }],
  lists: [{ query: 'trainingFundingApplications', paged: true, sort: APPLICATION_SORT, owners: { selection: 'institutionId', of: (a) => [a.institutionId as string] }, exportName: 'training-funding-applications' }],
  exports: { 'training-funding-applications': applicationExport },
  payables: (deps) => trainingFundingPayables({ store: deps.store, applications: deps.directories.payables }),
  commands: (deps) => ({
    subsidyApplications: applicationCommands({ store: deps.store, authorities: deps.directories.authorities, funding: deps.directories.funding, captures: deps.directories.attendanceCaptures, submissionFor: deps.submissionFor }),
  }),
  permissions: ['subsidy:read', 'subsidy:apply', 'review:submit'],
});
