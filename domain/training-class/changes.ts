// 变更申请: once a class is open, its roster, teachers and timetable change only through a request
// reviewed like the declaration. The record keeps the approved values and the pending ones side by
// side until the review decides. The result must satisfy every rule the declaration did, and the
// sessions that already began stay exactly as they were: they are history.
import { chinaDate } from '../personal-data/normalize';
import type { CommandContext } from '../shared/decider';
import { RuleViolationError, ValidationError } from '../shared/errors';
import type { TrainingClassCommand } from './commands';
import type { ClassChange, TrainingClassEvent } from './events';
import { requireClass, requireInstitution, requireReason, requireStatus } from './guards';
import { REVIEW_SUBJECT_LABELS } from './labels';
import { activeRoster, assertSessionTeachersAssigned, assignTeachers, type RosterEntry } from './participants';
import { checkPeopleFree, enrolmentsFor } from './preparation';
import { applyRosterChange, mergeChange, type TrainingClassState } from './state';
import { checkWithinDates, describeTime, sameSession, type Session } from './timetable';

type Command<T extends TrainingClassCommand['type']> = Extract<TrainingClassCommand, { type: T }>;

/** Sessions begun by `now` must be in the new timetable unchanged, and no new session may lie in the past. */
function keepHistory(before: readonly Session[], after: readonly Session[], now: string): void {
  for (const old of before.filter((s) => s.startsAt <= now)) {
    const kept = after.find((s) => s.sessionId === old.sessionId);
    if (!kept || !sameSession(old, kept)) throw new RuleViolationError(`${describeTime(old)}的课程已经开始或结束，不能变更或删除`, 'training_class.session_in_past');
  }
  const added = after.find((s) => s.startsAt <= now && !before.some((o) => o.sessionId === s.sessionId));
  if (added) throw new RuleViolationError(`不能新增已过去时间的课程（${describeTime(added)}）`, 'training_class.session_in_past');
}

export function proposeChange(command: Command<'ProposeTrainingClassChange'>, state: TrainingClassState, context: CommandContext): TrainingClassEvent[] {
  const s = requireClass(state);
  requireInstitution(s, context);
  const c = requireStatus(s, ['approved', 'in_progress'], '申请变更');
  if (c.review.status === 'pending') throw new RuleViolationError(`${REVIEW_SUBJECT_LABELS[c.subject ?? 'change']}正在审核中，不能再申请变更；如需修改请先撤回`, 'training_class.pending');
  if (c.status === 'in_progress' && c.completionRequest) throw new RuleViolationError('已申请结业，不能再申请变更', 'training_class.completion_requested');
  const reason = requireReason(command.reason, '变更原因');
  const remove = command.remove ?? [];
  if (!command.timetable && !command.teachers && !command.enrol?.length && !remove.length) {
    throw new ValidationError([{ field: 'reason', message: '请至少变更名册、教师或课程表中的一项' }]);
  }

  const timetable = command.timetable ?? c.change?.timetable ?? c.timetable;
  if (command.timetable) {
    checkWithinDates(command.timetable, c.details);
    keepHistory(c.timetable, command.timetable, context.now);
  }
  const teachers = command.teachers ? assignTeachers(command.teachers, timetable) : (c.change?.teachers ?? c.teachers);
  assertSessionTeachersAssigned(timetable, teachers);

  if (remove.length && c.status !== 'approved') throw new RuleViolationError('培训已开始，人员退出请办理退学', 'training_class.started');
  remove.forEach((r, i) => {
    if (!activeRoster(c.roster).some((e) => e.participant.personId === r.participantId)) throw new ValidationError([{ field: `remove.${i}.participantId`, message: '该人员不在本班名册中' }]);
    requireReason(r.reason, '移出原因', `remove.${i}.reason`);
  });

  const today = chinaDate(context.now);
  const pendingRoster: RosterEntry[] = applyRosterChange(c.roster, mergeChange(c.change, { timetable: null, teachers: null, enrol: [], remove, reason }), today);
  let enrol: ClassChange['enrol'] = [];
  if (command.enrol?.length) {
    if (!command.policy) throw new Error('ProposeTrainingClassChange with enrolments needs the eligibility policy in force');
    enrol = enrolmentsFor({ enrolments: command.enrol, policy: command.policy }, c, pendingRoster, timetable, context.now);
  } else if (activeRoster(pendingRoster).length > c.details.maxSize) {
    throw new RuleViolationError(`班级最多${c.details.maxSize}人`, 'training_class.full');
  }
  // The people already in the class must be free at the times of a changed timetable.
  if (command.timetable) checkPeopleFree(timetable, teachers, pendingRoster, command.busy);

  const change: ClassChange = { timetable: command.timetable ?? null, teachers: command.teachers ? teachers : null, enrol, remove, reason };
  return [{ type: 'TrainingClassChangeProposed', data: { change } }];
}

/** The institution gives up a change not under review (a draft, or one returned). */
export function discardChange(command: Command<'DiscardTrainingClassChange'>, state: TrainingClassState, context: CommandContext): TrainingClassEvent[] {
  const s = requireClass(state);
  requireInstitution(s, context);
  const c = requireStatus(s, ['approved', 'in_progress', 'suspended'], '放弃变更');
  if (!c.change) return [];
  if (c.review.status === 'pending') throw new RuleViolationError('变更申请正在审核中，请先撤回', 'training_class.pending');
  return [{ type: 'TrainingClassChangeDiscarded', data: { reason: requireReason(command.reason, '放弃原因') } }];
}
