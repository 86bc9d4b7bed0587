// 免学费、助学金 (requirement 9(7)-(8)): applications per student within the period, assessed from
// the approved standard (aid-standard) and the student's status, reviewed by the school's authorities.
import { aidStandardCommands } from '../../commands/aid-standard/aid-standard-commands';
import { schoolAidPayouts, withPayoutReview } from '../../commands/school-aid/payout-commands';
import { schoolAidCommands, schoolAidReviewable } from '../../commands/school-aid/school-aid-commands';
import { schoolWindowCommands } from '../../commands/school-window/school-window-commands';
import { SCHOOL_AID_EVENT_LABELS, SCHOOL_AID_FIELD_LABELS, SCHOOL_AID_STATUS_LABELS } from '../../domain/school-aid/labels';
import { schoolAidDecider } from '../../domain/school-aid/school-aid';
import { schoolAidPayoutDirectory, schoolAidPayoutsProjection } from '../../projections/school-aid/school-aid-payouts';
import { schoolAidOwner, schoolAidsProjection } from '../../projections/school-aid/school-aids-table';
import { defineModule, recordType, type ModuleDeps } from '../module';
import { payoutResolvers, payoutTypeDefs } from './payout-graphql';
import { SCHOOL_AID_SORT, schoolAidResolvers, schoolAidTypeDefs } from './school-aid-graphql';

// The payout (资助发放) through payment batches: its fund reservation at approval, its payable source.
const payouts = (deps: ModuleDeps) => schoolAidPayouts({ store: deps.store, authorities: deps.directories.authorities, personalData: deps.personalData, directory: schoolAidPayoutDirectory(deps.knex) });

export const schoolAidModule = defineModule({
  name: 'school-aid',
  label: '学生资助',
  record: recordType({ decider: schoolAidDecider, statusLabels: SCHOOL_AID_STATUS_LABELS, owner: schoolAidOwner }),
  review: withPayoutReview(schoolAidReviewable()),
  eventLabels: SCHOOL_AID_EVENT_LABELS,
  fieldLabels: SCHOOL_AID_FIELD_LABELS,
  projections: [schoolAidsProjection, schoolAidPayoutsProjection],
  graphql: [{ typeDefs: schoolAidTypeDefs, resolvers: schoolAidResolvers }, { typeDefs: payoutTypeDefs, resolvers: payoutResolvers }],
  payables: (deps) => payouts(deps).source,
  lists: [
    { query: 'schoolAids', paged: true, sort: SCHOOL_AID_SORT, owners: { selection: 'schoolId', of: (a) => [a.schoolId as string] } },
    { query: 'schoolAidTotals', paged: false, owners: { selection: 'schoolId', of: (a) => [a.schoolId as string] } },
  ],
  commands: (deps) => ({
    schoolAids: schoolAidCommands({
      store: deps.store,
      windows: schoolWindowCommands(deps.store, deps.directories.technicalSchools),
      standards: aidStandardCommands(deps.store),
      submissionFor: deps.submissionFor,
    }),
    schoolAidPayouts: payouts(deps),
  }),
  permissions: ['student:read', 'student:register', 'review:submit', 'payment:manage'],
});
