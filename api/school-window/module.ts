// 时间限制管理 (requirement 9(2)): the periods an authority opens for its schools' registrations,
// waiver and grant applications; the student module refuses a registration outside them.
import { schoolWindowCommands } from '../../commands/school-window/school-window-commands';
import { SCHOOL_WINDOW_EVENT_LABELS, SCHOOL_WINDOW_FIELD_LABELS, SCHOOL_WINDOW_STATUS_LABELS } from '../../domain/school-window/labels';
import { schoolWindowDecider } from '../../domain/school-window/school-window';
import { schoolWindowOwner, schoolWindowsProjection } from '../../projections/school-window/school-windows-table';
import { defineModule, recordType } from '../module';
import { schoolWindowResolvers, schoolWindowTypeDefs } from './school-window-graphql';

export const schoolWindowModule = defineModule({
  name: 'school-window',
  label: '办理时间',
  record: recordType({ decider: schoolWindowDecider, statusLabels: SCHOOL_WINDOW_STATUS_LABELS, owner: schoolWindowOwner }),
  eventLabels: SCHOOL_WINDOW_EVENT_LABELS,
  fieldLabels: SCHOOL_WINDOW_FIELD_LABELS,
  projections: [schoolWindowsProjection],
  graphql: [{ typeDefs: schoolWindowTypeDefs, resolvers: schoolWindowResolvers }],
  lists: [{ query: 'schoolWindows', paged: false, owners: { selection: 'authorityId', of: (w) => [w.authorityId as string] } }],
  commands: (deps) => ({ schoolWindows: schoolWindowCommands(deps.store, deps.directories.technicalSchools) }),
  permissions: ['technical-school:read', 'technical-school:manage'],
});
