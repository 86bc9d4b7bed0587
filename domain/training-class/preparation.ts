// Before a class opens: registration (开班登记), details, timetable, teachers (选配教师), enrolment
// (学员报名) and withdrawal. The institution edits freely until it declares; while the declaration
// is under review nothing changes; once open, the same changes are change requests (changes.ts).
import { chinaDate } from '../personal-data/normalize';
import type { CommandContext } from '../shared/decider';
import { diffStates } from '../shared/diff';
import { ForbiddenError, RuleViolationError, ValidationError } from '../shared/errors';
import { occupationLabel, type ClassDetails } from './class-details';
import type { BusyLookup, OccupationStanding, TrainingClassCommand } from './commands';
import type { TrainingClassEvent } from './events';
import { requireClass, requireInstitution, requireNotBarred, requirePreparing, requireReason, requireStatus } from './guards';
import { activeRoster, assertSessionTeachersAssigned, assignTeachers, buildEnrolments, type AssignedTeacher, type RosterEntry } from './participants';
import type { TrainingClassState } from './state';
import { assertParticipantFree, assertTeacherFree, checkWithinDates, type Session } from './timetable';

type Command<T extends TrainingClassCommand['type']> = Extract<TrainingClassCommand, { type: T }>;

/** A class number: 6 to 32 capital letters, digits or hyphens (e.g. 520102-2026-0001). */
const CLASS_NO = /^[0-9A-Z-]{6,32}$/;

function checkOccupation(details: ClassDetails, standing: OccupationStanding | null): void {
  if (!details.occupation) return;
  const label = occupationLabel(details.occupation.code, details.occupation.name, details.occupation.level);
  if (!standing?.published) throw new RuleViolationError(`培训工种“${label}”不在已发布的工种目录中，不能开班`, 'training_class.occupation_unpublished');
  if (!standing.approvedForInstitution) throw new RuleViolationError(`本机构尚未获准开展“${label}”培训，请先申报该工种`, 'training_class.occupation_not_approved');
}

export function register(command: Command<'RegisterTrainingClass'>, state: TrainingClassState, context: CommandContext): TrainingClassEvent[] {
  if (state.status !== 'none') throw new RuleViolationError('该班级已登记', 'training_class.exists');
  if (context.actor.orgId !== command.institution.institutionId) throw new ForbiddenError('只能以本机构名义登记班级');
  if (!command.institution.canOperate) throw new RuleViolationError('本机构未生效、已暂停或已撤销，不能开班', 'training_class.institution_inactive');
  if (!CLASS_NO.test(command.classNo)) throw new ValidationError([{ field: 'classNo', message: '班级编号应为6至32位大写字母、数字或连字符' }]);
  requireNotBarred(command.institution, command.details, chinaDate(context.now), '开班登记');
  checkOccupation(command.details, command.occupation);
  const { classId, classNo, details } = command;
  return [{ type: 'TrainingClassRegistered', data: { classId, classNo, institutionId: command.institution.institutionId, details, registeredOn: chinaDate(context.now) } }];
}

export function editDetails(command: Command<'EditTrainingClassDetails'>, state: TrainingClassState, context: CommandContext): TrainingClassEvent[] {
  const s = requireClass(state);
  requireInstitution(s, context);
  const c = requirePreparing(s, '修改班级信息');
  const { details } = command;
  if (diffStates(c.details, details).length === 0) return [];
  const subject = (d: ClassDetails) => ({ kind: d.kind, subKind: d.subKind, occupation: d.occupation, fundingSource: d.fundingSource });
  if (c.roster.length > 0 && diffStates(subject(c.details), subject(details)).length > 0) {
    throw new RuleViolationError('已有人员报名，培训类型、工种及等级和资金来源不能再修改（报名时的补贴资格按原设置判定）；如需修改请先移出已报名人员', 'training_class.subject_fixed');
  }
  checkOccupation(details, command.occupation);
  const enrolled = activeRoster(c.roster).length;
  if (enrolled > details.maxSize) throw new ValidationError([{ field: 'maxSize', message: `已报名${enrolled}人，最多人数不能少于已报名人数` }]);
  checkWithinDates(c.timetable, details);
  return [{ type: 'TrainingClassDetailsEdited', data: { details } }];
}

/** The people of a class against a timetable: teachers and participants free at every one of its sessions. */
export function checkPeopleFree(sessions: readonly Session[], teachers: readonly AssignedTeacher[], roster: readonly RosterEntry[], busy: BusyLookup): void {
  const lookup = <T>(map: Record<string, T>, id: string) => {
    const found = map[id];
    if (found === undefined) throw new Error(`busy lookup lacks ${id}: the command layer must look up every person of the class`);
    return found;
  };
  for (const t of teachers) if (sessions.some((s) => s.teacherId === t.teacherId)) assertTeacherFree(t, sessions, lookup(busy.teachers, t.teacherId));
  for (const e of activeRoster(roster)) assertParticipantFree(e.participant, sessions, lookup(busy.participants, e.participant.personId));
}

export function setTimetable(command: Command<'SetTimetable'>, state: TrainingClassState, context: CommandContext): TrainingClassEvent[] {
  const s = requireClass(state);
  requireInstitution(s, context);
  const c = requirePreparing(s, '编排课程表');
  if (JSON.stringify(c.timetable) === JSON.stringify(command.sessions)) return [];
  checkWithinDates(command.sessions, c.details);
  // Teachers may be assigned after the timetable: the declaration checks every session has one.
  if (c.teachers.length > 0) assertSessionTeachersAssigned(command.sessions, c.teachers);
  checkPeopleFree(command.sessions, c.teachers, c.roster, command.busy);
  return [{ type: 'TrainingClassTimetableSet', data: { sessions: command.sessions } }];
}

export function setTeachers(command: Command<'AssignTeachers'>, state: TrainingClassState, context: CommandContext): TrainingClassEvent[] {
  const s = requireClass(state);
  requireInstitution(s, context);
  const c = requirePreparing(s, '选配教师');
  const teachers = assignTeachers(command.teachers, c.timetable);
  if (JSON.stringify(teachers) === JSON.stringify(c.teachers)) return [];
  const dropped = c.teachers.filter((t) => !teachers.some((n) => n.teacherId === t.teacherId) && c.timetable.some((s) => s.teacherId === t.teacherId));
  if (dropped.length) throw new RuleViolationError(`${dropped.map((t) => t.name).join('、')}在课程表中有课，请先调整课程表再取消选配`, 'training_class.teacher_in_timetable');
  return [{ type: 'TrainingClassTeachersAssigned', data: { teachers } }];
}

/** Enrolments for the class within its size limit; the shared rules are in participants.ts. */
export function enrolmentsFor(command: Pick<Command<'EnrolParticipants'>, 'enrolments' | 'policy'>, c: Exclude<TrainingClassState, { status: 'none' }>, roster: readonly RosterEntry[], sessions: readonly Session[], now: string) {
  const enrolments = buildEnrolments(command.enrolments, { classId: c.classId, details: c.details, sessions, roster }, command.policy, now);
  const total = activeRoster(roster).length + enrolments.length;
  if (total > c.details.maxSize) throw new RuleViolationError(`班级最多${c.details.maxSize}人，已报名${activeRoster(roster).length}人，本次不能再报名${enrolments.length}人`, 'training_class.full');
  return enrolments;
}

export function enrol(command: Command<'EnrolParticipants'>, state: TrainingClassState, context: CommandContext): TrainingClassEvent[] {
  const s = requireClass(state);
  requireInstitution(s, context);
  const c = requirePreparing(s, '报名');
  const enrolments = enrolmentsFor(command, c, c.roster, c.timetable, context.now);
  return enrolments.length ? [{ type: 'TrainingClassParticipantsEnrolled', data: { enrolments } }] : [];
}

export function withdraw(command: Command<'WithdrawParticipant'>, state: TrainingClassState, context: CommandContext): TrainingClassEvent[] {
  const s = requireClass(state);
  requireInstitution(s, context);
  const entry = s.roster.find((e) => e.participant.personId === command.participantId);
  if (!entry) throw new RuleViolationError('该人员不在本班名册中', 'training_class.not_enrolled');
  if (entry.withdrawal) return [];
  const reason = requireReason(command.reason, '退学原因');
  if (s.status === 'draft' || s.status === 'declared') {
    requirePreparing(s, '调整名册');
    return [{ type: 'TrainingClassParticipantRemoved', data: { participantId: command.participantId, reason } }];
  }
  // Once open, a participant who leaves is withdrawn (退学): kept on the roster, earning no completion.
  requireStatus(s, ['approved', 'in_progress', 'suspended'], '办理退学');
  // The completion under review counted this person as they were; a withdrawal now would not be in it.
  if (s.subject === 'completion' && s.review.status === 'pending') throw new RuleViolationError('结业申请正在审核中，不能办理退学；如需办理请先撤回结业申请', 'training_class.pending');
  return [{ type: 'TrainingClassParticipantWithdrew', data: { participantId: command.participantId, reason, on: chinaDate(context.now) } }];
}
