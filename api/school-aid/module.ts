// 免学费、助学金 (requirement 9(7)-(8)): applications per student within the period, assessed from
// the approved standard (aid-standard) and the student's status, reviewed by the school's authorities.
import { aidStandardCommands } from '../../commands/aid-standard/aid-standard-commands';
import { schoolAidCommands, schoolAidReviewable } from '../../commands/school-aid/school-aid-commands';
import { schoolWindowCommands } from '../../commands/school-window/school-window-commands';
import { SCHOOL_AID_EVENT_LABELS, SCHOOL_AID_FIELD_LABELS, SCHOOL_AID_STATUS_LABELS } from '../../domain/school-aid/labels';
import { schoolAidDecider } from '../../domain/school-aid/school-aid';
import { schoolAidOwner, schoolAidsProjection } from '../../projections/school-aid/school-aids-table';
import { defineModule, recordType } from '../module';
import { SCHOOL_AID_SORT, schoolAidResolvers, schoolAidTypeDefs } from './school-aid-graphql';

export const schoolAidModule = defineModule({
  name: 'school-aid',
  label: '学生资助',
  record: recordType({ decider: schoolAidDecider, statusLabels: SCHOOL_AID_STATUS_LABELS, owner: schoolAidOwner }),
  review: schoolAidReviewable(),
  eventLabels: SCHOOL_AID_EVENT_LABELS,
  fieldLabels: SCHOOL_AID_FIELD_LABELS,
  projections: [schoolAidsProjection],
  graphql: [{ typeDefs: schoolAidTypeDefs, resolvers: schoolAidResolvers }],
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
  }),
  permissions: ['student:read', 'student:register', 'review:submit'],
});
