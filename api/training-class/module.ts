// 培训班级 (requirements 6, 7, 13; issue 12): an institution opens a class (timetable, teachers,
// roster), declares it, and runs it through review, attendance, assessment and completion with
// certificates and follow-up; the province keeps the working-day calendar, the eligibility policy
// and the settings per training kind.
import { certificateBatch } from '../../commands/training-class/certificate-batch';
import { enrolmentImportKind, timetableImportKind } from '../../commands/training-class/class-import-kinds';
import { inspectionCommands } from '../../commands/training-class/inspection-commands';
import { trainingClassProcesses } from '../../commands/training-class/class-processes';
import { classSettingsCommands } from '../../commands/training-class/class-settings-commands';
import { trainingClassCommands, trainingClassReviewable } from '../../commands/training-class/training-class-commands';
import { CALENDAR_EVENT_LABELS } from '../../domain/calendar/calendar';
import { TRAINING_KIND_SETTINGS_EVENT_LABELS } from '../../domain/training-class/class-settings';
import { ELIGIBILITY_POLICY_EVENT_LABELS } from '../../domain/training-class/eligibility';
import { TRAINING_CLASS_EVENT_LABELS, TRAINING_CLASS_FIELD_LABELS, TRAINING_CLASS_STATUS_LABELS } from '../../domain/training-class/labels';
import { trainingClassDecider } from '../../domain/training-class/training-class';
import { trainingClassOwner } from '../../projections/training-class/training-class-records';
import { trainingClassSearch } from '../../projections/training-class/training-class-search';
import { trainingClassesProjection } from '../../projections/training-class/training-classes-table';
import { defineModule, recordType } from '../module';
import { classSettingsResolvers, classSettingsTypeDefs } from './class-settings-graphql';
import { INSPECTION_SORT, inspectionResolvers, inspectionTypeDefs } from './inspection-graphql';
import { trainingClassExport } from './training-class-export';
import { OVERDUE_SORT, TRAINING_CLASS_SORT, trainingClassQueryResolvers, trainingClassQueryTypeDefs } from './training-class-graphql';
import { trainingClassMutationResolvers, trainingClassMutationTypeDefs } from './training-class-mutations';

export const trainingClassModule = defineModule({
  name: 'training-class',
  label: '培训班级',
  record: recordType({ decider: trainingClassDecider, statusLabels: { none: '无', ...TRAINING_CLASS_STATUS_LABELS }, owner: trainingClassOwner }),
  review: trainingClassReviewable(),
  eventLabels: { ...TRAINING_CLASS_EVENT_LABELS, ...TRAINING_KIND_SETTINGS_EVENT_LABELS, ...ELIGIBILITY_POLICY_EVENT_LABELS, ...CALENDAR_EVENT_LABELS },
  fieldLabels: TRAINING_CLASS_FIELD_LABELS,
  projections: [trainingClassesProjection],
  search: { source: trainingClassSearch, permission: 'training-class:read' },
  graphql: [
    { typeDefs: trainingClassQueryTypeDefs, resolvers: trainingClassQueryResolvers },
    { typeDefs: trainingClassMutationTypeDefs, resolvers: trainingClassMutationResolvers },
    { typeDefs: classSettingsTypeDefs, resolvers: classSettingsResolvers },
    { typeDefs: inspectionTypeDefs, resolvers: inspectionResolvers },
  ],
  lists: [
    { query: 'trainingClasses', paged: true, sort: TRAINING_CLASS_SORT, owners: { selection: 'institutionId', of: (c) => [c.institutionId as string] }, exportName: 'training-classes', importKind: 'training-class-enrolment' },
    { query: 'overdueFollowUps', paged: true, sort: OVERDUE_SORT, owners: { selection: 'institutionId', of: (f) => [f.institutionId as string] } },
    { query: 'classInspections', paged: true, sort: INSPECTION_SORT, owners: { selection: 'institutionId', of: (i) => [i.institutionId as string] } },
  ],
  exports: { 'training-classes': trainingClassExport },
  commands: (deps) => {
    const directory = deps.directories.trainingClasses;
    const trainingClasses = trainingClassCommands({
      store: deps.store,
      knex: deps.knex,
      directory,
      institutions: deps.directories.institutions,
      organizations: deps.directories.organizations,
      protector: deps.personalData,
      captures: deps.directories.attendanceCaptures,
    });
    return {
      trainingClasses,
      trainingClassDirectory: directory,
      classSettings: classSettingsCommands({ store: deps.store, organizations: deps.directories.organizations }),
      classCertificates: certificateBatch({ runner: trainingClasses.runner, files: deps.files, directory }),
      classInspections: inspectionCommands({ store: deps.store, runner: trainingClasses.runner, files: deps.files, organizations: deps.directories.organizations }),
    };
  },
  imports: (commands) => [
    enrolmentImportKind({ trainingClasses: commands.trainingClasses, directory: commands.trainingClassDirectory }),
    timetableImportKind({ trainingClasses: commands.trainingClasses, directory: commands.trainingClassDirectory }),
  ],
  workers: (deps, commands) =>
    trainingClassProcesses({ store: deps.store, knex: deps.knex, runner: commands.trainingClasses.runner, certificates: commands.classCertificates, ...(deps.logger ? { logger: deps.logger } : {}) }),
  permissions: ['training-class:read', 'training-class:manage', 'training-class:supervise', 'training-class:inspect', 'training-class:settings', 'institution:supervise', 'review:submit'],
});
