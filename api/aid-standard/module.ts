// 资助标准 (requirement 9(7)-(8)): the waiver and grant standards per school year, set by the
// province and approved through the review workflow; applications (school-aid) compute from them.
import { aidStandardCommands, aidStandardReviewable } from '../../commands/aid-standard/aid-standard-commands';
import { aidStandardDecider } from '../../domain/aid-standard/aid-standard';
import { AID_STANDARD_EVENT_LABELS, AID_STANDARD_FIELD_LABELS, AID_STANDARD_STATUS_LABELS } from '../../domain/aid-standard/labels';
import { aidStandardOwner, aidStandardsProjection } from '../../projections/aid-standard/aid-standards-table';
import { defineModule, recordType } from '../module';
import { aidStandardResolvers, aidStandardTypeDefs } from './aid-standard-graphql';

export const aidStandardModule = defineModule({
  name: 'aid-standard',
  label: '资助标准',
  record: recordType({ decider: aidStandardDecider, statusLabels: AID_STANDARD_STATUS_LABELS, owner: aidStandardOwner }),
  review: aidStandardReviewable(),
  eventLabels: AID_STANDARD_EVENT_LABELS,
  fieldLabels: AID_STANDARD_FIELD_LABELS,
  projections: [aidStandardsProjection],
  graphql: [{ typeDefs: aidStandardTypeDefs, resolvers: aidStandardResolvers }],
  commands: (deps) => ({ aidStandards: aidStandardCommands(deps.store, deps.submissionFor) }),
  permissions: ['technical-school:read', 'technical-school:manage', 'student:read', 'review:submit'],
});
