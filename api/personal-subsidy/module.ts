// 个人补贴 (issue 14 §2): 技能提升补贴, 生活费补贴 and 一次性创业补贴, applied for by the person through the
// class's institution or an authority's counter; reviewed by the county, then the prefecture; the
// final approval reserves the amount on the payer's fund and publishes the 公示
// (commands/personal-subsidy/personal-subsidy-commands.ts); once payable, paid by payment batches
// (commands/personal-subsidy/payment-source.ts).
import { personalSubsidyPayables } from '../../commands/personal-subsidy/payment-source';
import { personalSubsidyCommands, personalSubsidyReviewable } from '../../commands/personal-subsidy/personal-subsidy-commands';
import { personalSubsidyDecider } from '../../domain/personal-subsidy/personal-subsidy';
import { PERSONAL_SUBSIDY_EVENT_LABELS, PERSONAL_SUBSIDY_FIELD_LABELS, PERSONAL_SUBSIDY_STATUS_LABELS } from '../../domain/personal-subsidy/labels';
import { payablePersonalSubsidies, personalSubsidiesOfPerson } from '../../projections/personal-subsidy/payables';
import { personalSubsidiesProjection, personalSubsidyOwner } from '../../projections/personal-subsidy/personal-subsidies-table';
import { defineModule, recordType } from '../module';
import { personalSubsidyExport } from './personal-subsidy-export';
import { PERSONAL_SUBSIDY_SORT, personalSubsidyResolvers, personalSubsidyTypeDefs } from './personal-subsidy-graphql';

export const personalSubsidyModule = defineModule({
  name: 'personal-subsidy',
  label: '个人补贴',
  record: recordType({ decider: personalSubsidyDecider, statusLabels: PERSONAL_SUBSIDY_STATUS_LABELS, owner: personalSubsidyOwner }),
  review: personalSubsidyReviewable(),
  eventLabels: PERSONAL_SUBSIDY_EVENT_LABELS,
  fieldLabels: PERSONAL_SUBSIDY_FIELD_LABELS,
  projections: [personalSubsidiesProjection],
  graphql: [{ typeDefs: personalSubsidyTypeDefs, resolvers: personalSubsidyResolvers }],
  lists: [{ query: 'personalSubsidies', paged: true, sort: PERSONAL_SUBSIDY_SORT, owners: { selection: 'institutionId', of: (s) => [s.institutionId as string] }, exportName: 'personal-subsidies' }],
  exports: { 'personal-subsidies': personalSubsidyExport },
  commands: (deps) => ({
    personalSubsidies: personalSubsidyCommands({ store: deps.store, authorities: deps.directories.authorities, funding: deps.directories.funding, personalData: deps.personalData, submissionFor: deps.submissionFor }),
  }),
  // Paid by payment batches to the person's social-security-card financial account.
  payables: (deps) => personalSubsidyPayables({ store: deps.store, candidates: payablePersonalSubsidies(deps.knex), ofPerson: personalSubsidiesOfPerson(deps.knex) }),
  permissions: ['subsidy:read', 'subsidy:apply', 'subsidy:notice', 'payment:manage', 'review:submit'],
});
