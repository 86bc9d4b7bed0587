// An open class: it starts, may be suspended and resumed by an authority, teachers correct
// attendance by hand, graduates are followed up, and a class may be cancelled.
import { atField } from '../personal-data/confirmable-warning';
import { requireConfirmedWarnings, withConfirmedWarnings } from '../personal-data/confirmable-warning';
import { creditCodeWarnings } from '../personal-data/credit-code';
import { chinaDate } from '../personal-data/normalize';
import type { CommandContext } from '../shared/decider';
import { ForbiddenError, RuleViolationError, ValidationError } from '../shared/errors';
import { parseInput } from '../shared/validation';
import { TRAINING_KIND_LABELS } from './class-details';
import type { TrainingClassCommand } from './commands';
import type { TrainingClassEvent } from './events';
import { followUpDue, followUpSchema, type FollowUpRecord } from './follow-up';
import { requireAuthority, requireClass, requireInstitution, requireReason, requireStatus } from './guards';
import type { TrainingClassState } from './state';
import { describeTime } from './timetable';

type Command<T extends TrainingClassCommand['type']> = Extract<TrainingClassCommand, { type: T }>;

export function start(_command: Command<'StartTrainingClass'>, state: TrainingClassState, context: CommandContext): TrainingClassEvent[] {
  const s = requireClass(state);
  requireInstitution(s, context);
  if (s.status === 'in_progress') return [];
  if (s.status === 'draft' || s.status === 'declared') {
    throw new RuleViolationError('开班申报尚未审核通过，不能开始培训：班级须在开班前按时申报，经审核通过（开班）后方可开始', 'training_class.not_opened');
  }
  const c = requireStatus(s, ['approved'], '开始培训');
  const today = chinaDate(context.now);
  if (today < c.details.plannedStart) throw new RuleViolationError(`计划开班日期为${c.details.plannedStart}，不能提前开始培训`, 'training_class.too_early');
  if (today > c.details.plannedEnd) throw new RuleViolationError(`培训期间已于${c.details.plannedEnd}结束，不能再开始培训`, 'training_class.too_late');
  return [{ type: 'TrainingClassStarted', data: { startedOn: today } }];
}

export function suspend(command: Command<'SuspendTrainingClass'>, state: TrainingClassState, context: CommandContext): TrainingClassEvent[] {
  const s = requireClass(state);
  requireAuthority(command.authority, '暂停培训');
  if (s.status === 'suspended') return [];
  requireStatus(s, ['approved', 'in_progress'], '暂停');
  const reason = requireReason(command.reason, '暂停原因');
  return [{ type: 'TrainingClassSuspended', data: { reason, byOrgId: context.actor.orgId!, on: chinaDate(context.now) } }];
}

export function resume(command: Command<'ResumeTrainingClass'>, state: TrainingClassState, context: CommandContext): TrainingClassEvent[] {
  const s = requireClass(state);
  requireAuthority(command.authority, '恢复培训');
  if (s.status === 'approved' || s.status === 'in_progress') return [];
  requireStatus(s, ['suspended'], '恢复');
  const reason = requireReason(command.reason, '恢复原因');
  return [{ type: 'TrainingClassResumed', data: { reason, byOrgId: context.actor.orgId!, on: chinaDate(context.now) } }];
}

/** 标记出勤: the teacher of a session that has begun marks one participant present or absent, with a reason. */
export function markAttendance(command: Command<'MarkAttendance'>, state: TrainingClassState, context: CommandContext): TrainingClassEvent[] {
  const s = requireClass(state);
  requireInstitution(s, context);
  const c = requireStatus(s, ['in_progress'], '标记出勤');
  if (c.subject === 'completion' && c.review.status === 'pending') throw new RuleViolationError('结业申请正在审核中，不能再修改出勤；如需修改请先撤回', 'training_class.pending');
  const session = c.timetable.find((x) => x.sessionId === command.sessionId);
  if (!session) throw new ValidationError([{ field: 'sessionId', message: '本班课程表中没有该节课' }]);
  if (session.startsAt > context.now) throw new RuleViolationError(`${describeTime(session)}的课程尚未开始，不能标记出勤`, 'training_class.session_not_started');
  if (session.teacherId !== command.teacherId) throw new ForbiddenError('只有该节课的授课教师可以标记出勤');
  const entry = c.roster.find((e) => e.participant.personId === command.participantId);
  if (!entry) throw new ValidationError([{ field: 'participantId', message: '该人员不在本班名册中' }]);
  if (entry.withdrawal && entry.withdrawal.on <= session.date) throw new RuleViolationError(`${entry.participant.name}已于${entry.withdrawal.on}退学`, 'training_class.withdrawn');
  const reason = requireReason(command.reason, '标记原因');
  const last = [...c.marks].reverse().find((m) => m.participantId === command.participantId && m.sessionId === command.sessionId);
  if (last && last.present === command.present && last.reason === reason) return [];
  const mark = { participantId: command.participantId, sessionId: command.sessionId, present: command.present, reason, teacherId: command.teacherId, markedAt: context.now };
  return [{ type: 'TrainingClassAttendanceMarked', data: { mark } }];
}

/**
 * 点名: the teacher of a session that has begun marks its participants present or absent in one go,
 * each as MarkAttendance would (on the roster, not withdrawn by then); nothing is marked when one is wrong.
 */
export function markRollCall(command: Command<'MarkRollCall'>, state: TrainingClassState, context: CommandContext): TrainingClassEvent[] {
  const s = requireClass(state);
  requireInstitution(s, context);
  const c = requireStatus(s, ['in_progress'], '标记出勤');
  if (c.subject === 'completion' && c.review.status === 'pending') throw new RuleViolationError('结业申请正在审核中，不能再修改出勤；如需修改请先撤回', 'training_class.pending');
  const session = c.timetable.find((x) => x.sessionId === command.sessionId);
  if (!session) throw new ValidationError([{ field: 'sessionId', message: '本班课程表中没有该节课' }]);
  if (session.startsAt > context.now) throw new RuleViolationError(`${describeTime(session)}的课程尚未开始，不能标记出勤`, 'training_class.session_not_started');
  if (session.teacherId !== command.teacherId) throw new ForbiddenError('只有该节课的授课教师可以标记出勤');
  const reason = requireReason(command.reason, '标记原因');
  const both = [...command.present.map((id) => [id, true] as const), ...command.absent.map((id) => [id, false] as const)];
  const twice = both.find(([id], i) => both.findIndex(([other]) => other === id) !== i);
  if (twice) throw new ValidationError([{ field: 'present', message: '同一人不能既出勤又缺勤' }]);
  if (both.length === 0) throw new ValidationError([{ field: 'present', message: '请至少标记一人' }]);
  const marks = both.map(([participantId, present], i) => {
    const entry = c.roster.find((e) => e.participant.personId === participantId);
    if (!entry) throw new ValidationError([{ field: `${present ? 'present' : 'absent'}.${i}`, message: '该人员不在本班名册中' }]);
    if (entry.withdrawal && entry.withdrawal.on <= session.date) throw new RuleViolationError(`${entry.participant.name}已于${entry.withdrawal.on}退学`, 'training_class.withdrawn');
    return { participantId, sessionId: session.sessionId, present, reason, teacherId: command.teacherId, markedAt: context.now };
  });
  return [{ type: 'TrainingClassRollCallMarked', data: { sessionId: session.sessionId, marks } }];
}

/** 后续跟踪: one graduate's situation at a milestone (from its due date on; a later record of the same milestone corrects it). */
export function recordFollowUp(command: Command<'RecordFollowUp'>, state: TrainingClassState, context: CommandContext): TrainingClassEvent[] {
  const s = requireClass(state);
  requireInstitution(s, context);
  const c = requireStatus(s, ['completed'], '记录后续跟踪');
  const today = chinaDate(context.now);
  const input = parseInput(followUpSchema(today), command.followUp);
  const { months: followUpMonths, graceDays } = c.completion.request.followUp;
  if (!followUpMonths.includes(input.milestone)) {
    const kind = TRAINING_KIND_LABELS[c.details.kind];
    throw new RuleViolationError(followUpMonths.length ? `${kind}的跟踪节点为结业后${followUpMonths.join('、')}个月，没有第${input.milestone}个月` : `${kind}不需要后续跟踪`, 'training_class.follow_up_milestone');
  }
  const graduate = c.completion.certificates.find((x) => x.participantId === input.participantId);
  if (!graduate) throw new RuleViolationError('只有本班结业人员需要后续跟踪', 'training_class.not_graduate');
  const { dueOn } = followUpDue(c.completion.completedOn, input.milestone, graceDays);
  if (today < dueOn) throw new RuleViolationError(`${graduate.name}结业后第${input.milestone}个月的跟踪自${dueOn}起记录`, 'training_class.follow_up_not_due');
  if (input.contactedOn < c.completion.completedOn) throw new ValidationError([{ field: 'contactedOn', message: `回访日期不能早于结业日期（${c.completion.completedOn}）` }]);
  if (input.startUp && c.details.kind !== 'entrepreneurship') throw new ValidationError([{ field: 'startUp', message: '只有创业培训（SYB、GYB、网络创业培训）记录创业信息' }]);
  const confirmed = requireConfirmedWarnings(input.startUp ? atField('startUp.creditCode', creditCodeWarnings(input.startUp.creditCode, '创业实体统一社会信用代码')) : [], command.confirmedWarnings);
  const record: FollowUpRecord = withConfirmedWarnings({ ...input, recordedOn: today }, confirmed);
  const before = c.followUps.find((f) => f.participantId === record.participantId && f.milestone === record.milestone);
  if (before && JSON.stringify({ ...before, recordedOn: today }) === JSON.stringify(record)) return [];
  return [{ type: 'TrainingClassFollowUpRecorded', data: { record } }];
}

/** The institution cancels before the class starts; a supervising authority until it completes. */
export function cancel(command: Command<'CancelTrainingClass'>, state: TrainingClassState, context: CommandContext): TrainingClassEvent[] {
  const s = requireClass(state);
  if (s.status === 'cancelled') return [];
  const on = chinaDate(context.now);
  if (command.authority) {
    requireAuthority(command.authority, '取消班级');
    requireStatus(s, ['approved', 'in_progress', 'suspended'], '取消');
    return [{ type: 'TrainingClassCancelled', data: { reason: requireReason(command.reason, '取消原因'), by: 'authority', byOrgId: context.actor.orgId, on } }];
  }
  requireInstitution(s, context);
  requireStatus(s, ['draft', 'declared', 'approved'], '取消（培训开始后只能由主管部门取消）');
  if (s.review.status === 'pending') throw new RuleViolationError('有正在审核的申请，请先撤回后再取消班级', 'training_class.pending');
  return [{ type: 'TrainingClassCancelled', data: { reason: requireReason(command.reason, '取消原因'), by: 'institution', byOrgId: context.actor.orgId, on } }];
}
