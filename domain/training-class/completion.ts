// 结业: assessment results, the completion request (who completes, computed from the attendance
// facts and the results, then reviewed), and the training certificates (培训合格证书) issued when
// it is approved.
import { chinaDate } from '../personal-data/normalize';
import type { CommandContext } from '../shared/decider';
import { RuleViolationError, ValidationError } from '../shared/errors';
import { checkAgainstPlan } from './assessment';
import { attendanceSummary, completionOutcomes, type AttendanceRules, type ParticipantOutcome, type RosterMember } from './attendance';
import type { TrainingClassCommand } from './commands';
import type { Certificate, CompletionRequest, TrainingClassEvent } from './events';
import { requireClass, requireInstitution, requireStatus } from './guards';
import { REVIEW_SUBJECT_LABELS } from './labels';
import type { RosterEntry } from './participants';
import type { InProgressClass, TrainingClassState } from './state';
import { describeTime } from './timetable';

type Command<T extends TrainingClassCommand['type']> = Extract<TrainingClassCommand, { type: T }>;

/**
 * 培训合格证书编号: `<classNo>-<NNN>`, NNN the completer's place among the completers in roster
 * (enrolment) order, from 001. The class number is unique in the province (assigned at
 * registration), so the certificate number is too, and anyone recomputes it from the completion.
 */
export function certificatesFor(classNo: string, outcomes: readonly ParticipantOutcome[]): Certificate[] {
  return outcomes.filter((o) => o.completed).map((o, i) => ({ participantId: o.participantId, name: o.name, certificateNo: `${classNo}-${String(i + 1).padStart(3, '0')}` }));
}

export const rosterMembers = (roster: readonly RosterEntry[]): RosterMember[] =>
  roster.map((e) => ({ participantId: e.participant.personId, name: e.participant.name, joinedOn: e.joinedOn, withdrawnOn: e.withdrawal?.on ?? null }));

/** While running, with nothing under review, the institution enters results; a later result of a person replaces the earlier. */
export function recordAssessment(command: Command<'RecordAssessmentResults'>, state: TrainingClassState, context: CommandContext): TrainingClassEvent[] {
  const s = requireClass(state);
  requireInstitution(s, context);
  const c = requireStatus(s, ['in_progress'], '录入考核结果');
  if (c.subject === 'completion' && c.review.status === 'pending') throw new RuleViolationError('结业申请正在审核中，不能修改考核结果；如需修改请先撤回', 'training_class.pending');
  const unknown = command.results.findIndex((r) => !c.roster.some((e) => e.participant.personId === r.participantId));
  if (unknown >= 0) throw new ValidationError([{ field: `results.${unknown}.participantId`, message: '该人员不在本班名册中' }]);
  const problems = checkAgainstPlan(command.results, c.declaration.assessmentPlan);
  if (problems.length) throw new ValidationError(problems, '考核结果与考核方案不符');
  const changed = command.results.filter((r) => JSON.stringify(c.assessments.find((a) => a.participantId === r.participantId)) !== JSON.stringify(r));
  return changed.length ? [{ type: 'TrainingClassAssessmentRecorded', data: { results: changed } }] : [];
}

/** 申请结业: computes every participant's outcome from the facts (the caller submits it for review). */
export function requestCompletion(command: Command<'RequestCompletion'>, state: TrainingClassState, context: CommandContext): TrainingClassEvent[] {
  const s = requireClass(state);
  requireInstitution(s, context);
  const c: InProgressClass = requireStatus(s, ['in_progress'], '申请结业');
  if (c.review.status === 'pending') throw new RuleViolationError(`${REVIEW_SUBJECT_LABELS[c.subject ?? 'change']}正在审核中，不能申请结业`, 'training_class.pending');
  if (c.change) throw new RuleViolationError('有尚未审核通过的变更申请，请先完成或放弃变更后再申请结业', 'training_class.change_pending');
  const last = c.timetable[c.timetable.length - 1];
  if (last && last.endsAt > context.now) throw new RuleViolationError(`课程尚未全部结束（最后一节课${describeTime(last)}），全部课程结束后才能申请结业`, 'training_class.sessions_remaining');
  const { settings } = command;
  const rules: AttendanceRules = {
    checkToleranceMinutes: settings.checkToleranceMinutes,
    minAttendancePercent: settings.minAttendancePercent,
    classDayThresholdPercent: settings.classDayThresholdPercent,
    assessmentRequired: settings.assessmentRequired,
  };
  const roster = rosterMembers(c.roster);
  const summary = attendanceSummary({ sessions: c.timetable, roster, captures: command.captures, marks: c.marks, rules });
  const outcomes = completionOutcomes(summary, roster, new Map(c.assessments.map((a) => [a.participantId, a.passed])), rules);
  const request: CompletionRequest = {
    requestedOn: chinaDate(context.now),
    capturesAsOf: command.capturesAsOf,
    captureCount: command.captures.length,
    rules,
    followUp: { months: settings.followUpMonths, graceDays: settings.followUpGraceDays },
    days: summary.days,
    outcomes,
  };
  return [{ type: 'TrainingClassCompletionRequested', data: { request } }];
}

/**
 * 证书打印: the command layer rendered the completed class's certificates as one PDF and stored it;
 * this records which file it is. Printing again with the same content changes nothing; a reprint
 * (e.g. after a corrected layout) records the new file.
 */
export function recordCertificatePrint(command: Command<'RecordCertificatePrint'>, state: TrainingClassState, context: CommandContext): TrainingClassEvent[] {
  const s = requireClass(state);
  const c = requireStatus(s, ['completed'], '打印培训合格证书');
  if (c.completion.certificates.length === 0) throw new RuleViolationError('本班没有结业人员，无证书可打印', 'training_class.no_certificates');
  if (c.certificateFile?.sha256 === command.sha256) return [];
  return [{ type: 'TrainingClassCertificatesPrinted', data: { fileId: command.fileId, sha256: command.sha256, count: c.completion.certificates.length, printedOn: chinaDate(context.now) } }];
}
