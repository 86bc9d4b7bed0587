// 毕业生就业 (requirement 9(10), 9(12)): each graduate's destination and skill-level certificates,
// recorded by the school the person graduated from (no review: the school answers for it, as for its
// teachers), and the skilled-talent report of graduates. Statistics: api/school-statistics.
import { employmentCommands } from '../../commands/employment/employment-commands';
import { employmentDecider } from '../../domain/employment/employment';
import { EMPLOYMENT_EVENT_LABELS, EMPLOYMENT_FIELD_LABELS, EMPLOYMENT_STATUS_LABELS } from '../../domain/employment/labels';
import { employmentOwner, employmentsProjection } from '../../projections/employment/employments-table';
import { defineModule, recordType } from '../module';
import { employmentExport, talentExport } from './employment-export';
import { EMPLOYMENT_SORT, TALENT_SORT, employmentResolvers, employmentTypeDefs } from './employment-graphql';
import { employmentSearch } from '../../projections/employment/employment-search';

export const employmentModule = defineModule({
  name: 'employment',
  label: '毕业生就业',
  record: recordType({ decider: employmentDecider, statusLabels: EMPLOYMENT_STATUS_LABELS, owner: employmentOwner }),
  eventLabels: EMPLOYMENT_EVENT_LABELS,
  fieldLabels: EMPLOYMENT_FIELD_LABELS,
  projections: [employmentsProjection],
  search: { source: employmentSearch, permission: 'student:read' },
  graphql: [{ typeDefs: employmentTypeDefs, resolvers: employmentResolvers }],
  lists: [
    { query: 'employments', paged: true, sort: EMPLOYMENT_SORT, owners: { selection: 'schoolId', of: (e) => [e.schoolId as string] }, exportName: 'employments' },
    { query: 'graduateTalents', paged: true, sort: TALENT_SORT, owners: { selection: 'schoolId', of: (t) => [t.schoolId as string | null] }, exportName: 'graduate-talents' },
  ],
  exports: { employments: employmentExport, 'graduate-talents': talentExport },
  commands: (deps) => ({ employments: employmentCommands(deps.store) }),
  permissions: ['student:read', 'student:register'],
});
