// 院校教师 (requirement 9(5)): a school's teachers, 在职 or 退休. Added, changed and removed by the
// school, each an event on the teacher's stream; removal is a fact with its reason, never a
// deletion (the teacher's history stays readable). No review: the requirement gives teachers none,
// and a school answers for its own staff list. One stream per person and school (the id derives
// from the school and the ID number's blind index), so the same person cannot be added twice.
import { chinaDate } from '../personal-data/normalize';
import { assertNever, type CommandContext, type Decider, type DomainEvent } from '../shared/decider';
import { ForbiddenError, NotFoundError, RuleViolationError } from '../shared/errors';
import { streamNaming } from '../shared/streams';
import { sameTeacher, type SchoolTeacherProfile } from './school-teacher-input';

export const schoolTeacherStreams = streamNaming('school-teacher');

export type SchoolTeacherAdded = DomainEvent<'SchoolTeacherAdded', { teacherId: string; schoolId: string; profile: SchoolTeacherProfile }>;
export type SchoolTeacherUpdated = DomainEvent<'SchoolTeacherUpdated', { profile: SchoolTeacherProfile }>;
export type SchoolTeacherRemoved = DomainEvent<'SchoolTeacherRemoved', { reason: string; removedOn: string }>;
export type SchoolTeacherEvent = SchoolTeacherAdded | SchoolTeacherUpdated | SchoolTeacherRemoved;

export type SchoolTeacherState =
  | { status: 'none' }
  | { status: 'listed'; teacherId: string; schoolId: string; profile: SchoolTeacherProfile }
  | { status: 'removed'; teacherId: string; schoolId: string; profile: SchoolTeacherProfile; reason: string; removedOn: string };

/** What the commands check a teacher's major against: the school's approved majors. */
export interface MajorCheck {
  majorId: string;
  /** Approved, and of this school. */
  open: boolean;
}

export type SchoolTeacherCommand =
  | { type: 'AddSchoolTeacher'; teacherId: string; schoolId: string; profile: SchoolTeacherProfile; major: MajorCheck | null }
  | { type: 'UpdateSchoolTeacher'; profile: SchoolTeacherProfile; major: MajorCheck | null }
  | { type: 'RemoveSchoolTeacher'; reason: string };

function requireMajor(major: MajorCheck | null) {
  if (major && !major.open) throw new RuleViolationError('所属专业不是本院校已审批的专业', 'school_teacher.major');
}

function requireSchool(schoolId: string, context: CommandContext) {
  if (context.actor.orgId !== schoolId) throw new ForbiddenError('只有本院校可以维护本校教师');
}

function decide(command: SchoolTeacherCommand, state: SchoolTeacherState, context: CommandContext): SchoolTeacherEvent[] {
  switch (command.type) {
    case 'AddSchoolTeacher': {
      requireSchool(command.schoolId, context);
      requireMajor(command.major);
      if (state.status === 'listed') throw new RuleViolationError('该教师已在本校教师名单中', 'school_teacher.exists');
      // A removed teacher who returns is added again: a new fact on the same history.
      return [{ type: 'SchoolTeacherAdded', data: { teacherId: command.teacherId, schoolId: command.schoolId, profile: command.profile } }];
    }
    case 'UpdateSchoolTeacher': {
      if (state.status === 'none') throw new NotFoundError('教师不存在');
      requireSchool(state.schoolId, context);
      if (state.status === 'removed') throw new RuleViolationError('教师已移出本校名单，不能修改', 'school_teacher.removed');
      requireMajor(command.major);
      if (command.profile.idNumber.blindIndex !== state.profile.idNumber.blindIndex) throw new RuleViolationError('身份证号码不能修改', 'school_teacher.id_fixed');
      if (sameTeacher(state.profile, command.profile)) return [];
      return [{ type: 'SchoolTeacherUpdated', data: { profile: command.profile } }];
    }
    case 'RemoveSchoolTeacher': {
      if (state.status === 'none') throw new NotFoundError('教师不存在');
      requireSchool(state.schoolId, context);
      if (state.status === 'removed') return [];
      const reason = command.reason.trim();
      if (!reason) throw new RuleViolationError('请填写移出原因', 'school_teacher.reason_required');
      return [{ type: 'SchoolTeacherRemoved', data: { reason: reason.slice(0, 200), removedOn: chinaDate(context.now) } }];
    }
    default:
      return assertNever(command);
  }
}

function evolve(state: SchoolTeacherState, event: SchoolTeacherEvent): SchoolTeacherState {
  switch (event.type) {
    case 'SchoolTeacherAdded':
      return { status: 'listed', teacherId: event.data.teacherId, schoolId: event.data.schoolId, profile: event.data.profile };
    case 'SchoolTeacherUpdated':
      return state.status === 'listed' ? { ...state, profile: event.data.profile } : state;
    case 'SchoolTeacherRemoved':
      return state.status === 'listed' ? { ...state, status: 'removed', reason: event.data.reason, removedOn: event.data.removedOn } : state;
    default:
      return assertNever(event);
  }
}

export const schoolTeacherDecider: Decider<SchoolTeacherCommand, SchoolTeacherEvent, SchoolTeacherState> = {
  initialState: () => ({ status: 'none' }),
  evolve,
  decide,
};
