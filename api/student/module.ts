// 学籍 (requirement 9(6)): one record per person in the province (the duplicate check), registered by
// schools within their authority's window, each registration and status change reviewed.
import { studentImportKind } from '../../commands/import/student-import-kind';
import { majorCommands } from '../../commands/major/major-commands';
import { schoolWindowCommands } from '../../commands/school-window/school-window-commands';
import { studentCommands, studentReviewable } from '../../commands/student/student-commands';
import { technicalSchoolCommands } from '../../commands/technical-school/technical-school-commands';
import { STUDENT_EVENT_LABELS, STUDENT_FIELD_LABELS, STUDENT_STATUS_LABELS } from '../../domain/student/labels';
import { studentDecider } from '../../domain/student/student';
import { studentOwner, studentPersonalData } from '../../projections/student/student-records';
import { studentsProjection } from '../../projections/student/students-table';
import { defineModule, recordType } from '../module';
import { studentExport, studentFullExport } from './student-export';
import { STUDENT_SORT, studentResolvers, studentTypeDefs } from './student-graphql';
import { studentSearch } from '../../projections/student/student-search';

export const studentModule = defineModule({
  name: 'student',
  label: '学籍',
  record: recordType({ decider: studentDecider, statusLabels: STUDENT_STATUS_LABELS, owner: studentOwner, personalData: studentPersonalData }),
  review: studentReviewable(),
  eventLabels: STUDENT_EVENT_LABELS,
  fieldLabels: STUDENT_FIELD_LABELS,
  projections: [studentsProjection],
  search: { source: studentSearch, permission: 'student:read' },
  graphql: [{ typeDefs: studentTypeDefs, resolvers: studentResolvers }],
  lists: [
    {
      query: 'students',
      paged: true,
      sort: STUDENT_SORT,
      owners: { selection: 'ownerSchoolIds', of: (s) => s.ownerSchoolIds as string[] },
      exportName: 'students',
      importKind: 'student',
    },
  ],
  exports: { students: studentExport, 'students-all': studentFullExport },
  commands: (deps) => ({
    students: studentCommands({
      store: deps.store,
      protector: deps.personalData,
      students: deps.directories.students,
      windows: schoolWindowCommands(deps.store, deps.directories.technicalSchools),
      majors: majorCommands(deps.store),
      schools: technicalSchoolCommands(deps.store),
      submissionFor: deps.submissionFor,
      dictionaries: deps.dictionaries,
    }),
  }),
  imports: (commands) => [studentImportKind({ students: commands.students, directory: commands.students, dictionaries: commands.dictionaries })],
  permissions: ['student:read', 'student:register', 'review:submit', 'pii:unmask'],
});
