// 院校教师 (requirement 9(5)): the technical schools' teachers; no review (the school answers for its staff list).
import { majorCommands } from '../../commands/major/major-commands';
import { schoolTeacherCommands } from '../../commands/school-teacher/school-teacher-commands';
import { SCHOOL_TEACHER_EVENT_LABELS, SCHOOL_TEACHER_FIELD_LABELS, SCHOOL_TEACHER_STATUS_LABELS } from '../../domain/school-teacher/labels';
import { schoolTeacherDecider } from '../../domain/school-teacher/school-teacher';
import { schoolTeacherOwner, schoolTeacherPersonalData, schoolTeachersProjection } from '../../projections/school-teacher/school-teachers-table';
import { defineModule, recordType } from '../module';
import { schoolTeacherExport } from './school-teacher-export';
import { SCHOOL_TEACHER_SORT, schoolTeacherResolvers, schoolTeacherTypeDefs } from './school-teacher-graphql';
import { schoolTeacherSearch } from '../../projections/school-teacher/school-teacher-search';

export const schoolTeacherModule = defineModule({
  name: 'school-teacher',
  label: '院校教师',
  record: recordType({ decider: schoolTeacherDecider, statusLabels: SCHOOL_TEACHER_STATUS_LABELS, owner: schoolTeacherOwner, personalData: schoolTeacherPersonalData }),
  eventLabels: SCHOOL_TEACHER_EVENT_LABELS,
  fieldLabels: SCHOOL_TEACHER_FIELD_LABELS,
  projections: [schoolTeachersProjection],
  search: { source: schoolTeacherSearch, permission: 'technical-school:read' },
  graphql: [{ typeDefs: schoolTeacherTypeDefs, resolvers: schoolTeacherResolvers }],
  lists: [
    { query: 'schoolTeachers', paged: true, sort: SCHOOL_TEACHER_SORT, owners: { selection: 'schoolId', of: (t) => [t.schoolId as string] }, exportName: 'school-teachers' },
  ],
  exports: { 'school-teachers': schoolTeacherExport },
  commands: (deps) => ({ schoolTeachers: schoolTeacherCommands({ store: deps.store, protector: deps.personalData, majors: majorCommands(deps.store) }) }),
  permissions: ['technical-school:read', 'technical-school:edit', 'pii:unmask'],
});
