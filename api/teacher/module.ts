// 培训师资 (requirement 4): one teacher per ID number in the provincial pool, declared by
// institutions, reviewed, certified, placed in a tier, revocable.
import { teacherImportKind } from '../../commands/import/teacher-import-kind';
import { teacherCommands, teacherReviewable } from '../../commands/teacher/teacher-commands';
import { TEACHER_EVENT_LABELS, TEACHER_FIELD_LABELS, TEACHER_STATUS_LABELS } from '../../domain/teacher/labels';
import { teacherDecider } from '../../domain/teacher/teacher';
import { teacherOwner, teacherPersonalData } from '../../projections/teacher/teacher-records';
import { teacherSearch } from '../../projections/teacher/teacher-search';
import { teacherEngagementsProjection, teachersProjection } from '../../projections/teacher/teachers-table';
import { defineModule, recordType } from '../module';
import { teacherAccountResolvers, teacherAccountTypeDefs } from './teacher-account-graphql';
import { teacherExport } from './teacher-export';
import { TEACHER_SORT, teacherResolvers, teacherTypeDefs } from './teacher-graphql';

export const teacherModule = defineModule({
  name: 'teacher',
  label: '培训师资',
  record: recordType({ decider: teacherDecider, statusLabels: TEACHER_STATUS_LABELS, owner: teacherOwner, personalData: teacherPersonalData }),
  review: teacherReviewable(),
  eventLabels: TEACHER_EVENT_LABELS,
  fieldLabels: TEACHER_FIELD_LABELS,
  projections: [teachersProjection, teacherEngagementsProjection],
  search: { source: teacherSearch, permission: 'teacher:read' },
  graphql: [
    { typeDefs: teacherTypeDefs, resolvers: teacherResolvers },
    { typeDefs: teacherAccountTypeDefs, resolvers: teacherAccountResolvers },
  ],
  lists: [
    {
      query: 'teachers',
      paged: true,
      sort: TEACHER_SORT,
      owners: {
        selection: 'engagements { institutionId status }',
        // A pending engagement shown here is the declaring institution's own (others' open nothing).
        of: (t) => (t.engagements as { institutionId: string; status: string }[]).filter((e) => e.status !== 'rejected').map((e) => e.institutionId),
      },
      exportName: 'teachers',
      importKind: 'teacher',
    },
  ],
  exports: { teachers: teacherExport },
  commands: (deps) => ({
    teachers: teacherCommands({ store: deps.store, protector: deps.personalData, institutions: deps.directories.institutions, teachers: deps.directories.teachers, submissionFor: deps.submissionFor }),
  }),
  imports: (commands) => [teacherImportKind(commands)],
  permissions: ['teacher:read', 'teacher:declare', 'teacher:manage', 'review:submit', 'pii:unmask'],
});
