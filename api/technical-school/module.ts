// 技工院校 (requirement 9(1)-(3)): schools created by their authority, organisations of kind `school`;
// their basic information, each change reviewed by the school's authorities.
import { technicalSchoolCommands, technicalSchoolReviewable } from '../../commands/technical-school/technical-school-commands';
import { TECHNICAL_SCHOOL_EVENT_LABELS, TECHNICAL_SCHOOL_FIELD_LABELS, TECHNICAL_SCHOOL_STATUS_LABELS } from '../../domain/technical-school/labels';
import { technicalSchoolDecider } from '../../domain/technical-school/technical-school';
import { technicalSchoolOwner } from '../../projections/technical-school/technical-school-records';
import { technicalSchoolsProjection } from '../../projections/technical-school/technical-schools-table';
import { defineModule, recordType } from '../module';
import { technicalSchoolExport } from './technical-school-export';
import { TECHNICAL_SCHOOL_SORT, technicalSchoolResolvers, technicalSchoolTypeDefs } from './technical-school-graphql';
import { vocabularyResolvers, vocabularyTypeDefs } from './vocabulary-graphql';
import { technicalSchoolSearch } from '../../projections/technical-school/technical-school-search';

export const technicalSchoolModule = defineModule({
  name: 'technical-school',
  label: '技工院校',
  record: recordType({ decider: technicalSchoolDecider, statusLabels: TECHNICAL_SCHOOL_STATUS_LABELS, owner: technicalSchoolOwner }),
  review: technicalSchoolReviewable(),
  eventLabels: TECHNICAL_SCHOOL_EVENT_LABELS,
  fieldLabels: TECHNICAL_SCHOOL_FIELD_LABELS,
  projections: [technicalSchoolsProjection],
  search: { source: technicalSchoolSearch, permission: 'technical-school:read' },
  graphql: [
    { typeDefs: technicalSchoolTypeDefs, resolvers: technicalSchoolResolvers },
    { typeDefs: vocabularyTypeDefs, resolvers: vocabularyResolvers },
  ],
  lists: [{ query: 'technicalSchools', paged: true, sort: TECHNICAL_SCHOOL_SORT, owners: { selection: 'id', of: (s) => [s.id as string] }, exportName: 'technical-schools' }],
  exports: { 'technical-schools': technicalSchoolExport },
  commands: (deps) => ({ technicalSchools: technicalSchoolCommands(deps.store, deps.submissionFor) }),
  permissions: ['technical-school:read', 'technical-school:manage', 'technical-school:edit', 'review:submit'],
});
