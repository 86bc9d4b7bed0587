// 毕业生就业 (requirement 9(10)): one record per graduate (`employment-<studentId>`), kept by the
// school the person graduated from. The first record, each later change of situation (a new job,
// further study) and each correction of a mistake (with its reason) are events, so the employment
// history of a graduate stays readable and the statistics can be recomputed from it.
import { chinaDate } from '../personal-data/normalize';
import { assertNever, type CommandContext, type Decider, type DomainEvent } from '../shared/decider';
import { ForbiddenError, NotFoundError, RuleViolationError } from '../shared/errors';
import { streamNaming } from '../shared/streams';
import { sameDetails, type EmploymentDetails } from './employment-input';

export const employmentStreams = streamNaming('employment');

/** What the student's own stream says of the graduation (read by the command handler). */
export interface GraduateFacts {
  studentId: string;
  /** The school the person graduated or completed at; null when the person has not (or no longer has) a graduation. */
  schoolId: string | null;
  majorId: string | null;
  outcome: 'graduated' | 'completed' | null;
  graduatedOn: string | null;
}

export interface Graduation {
  studentId: string;
  schoolId: string;
  majorId: string;
  outcome: 'graduated' | 'completed';
  graduatedOn: string;
}

export type EmploymentRecorded = DomainEvent<'EmploymentRecorded', { graduation: Graduation; details: EmploymentDetails }>;
export type EmploymentUpdated = DomainEvent<'EmploymentUpdated', { details: EmploymentDetails }>;
export type EmploymentCorrected = DomainEvent<'EmploymentCorrected', { details: EmploymentDetails; reason: string }>;
export type EmploymentEvent = EmploymentRecorded | EmploymentUpdated | EmploymentCorrected;

export type EmploymentState = { status: 'none' } | { status: 'recorded'; graduation: Graduation; details: EmploymentDetails };

export type EmploymentCommand =
  | { type: 'RecordEmployment'; graduate: GraduateFacts; details: EmploymentDetails }
  | { type: 'CorrectEmployment'; details: EmploymentDetails; reason: string };

function checkDates(details: EmploymentDetails, context: CommandContext) {
  const today = chinaDate(context.now);
  if (details.employedOn && details.employedOn > today) throw new RuleViolationError('就业日期不能晚于今天', 'employment.future_date');
  for (const c of details.certificates) if (c.issuedOn > today) throw new RuleViolationError(`技能等级证书 ${c.number} 的发证日期不能晚于今天`, 'employment.future_date');
}

function decide(command: EmploymentCommand, state: EmploymentState, context: CommandContext): EmploymentEvent[] {
  switch (command.type) {
    case 'RecordEmployment': {
      const g = command.graduate;
      if (!g.schoolId || !g.outcome || !g.graduatedOn || !g.majorId) throw new RuleViolationError('该学生尚未毕业或结业，不能登记就业情况', 'employment.not_graduate');
      if (context.actor.orgId !== g.schoolId) throw new ForbiddenError('只有毕业院校可以登记就业情况');
      checkDates(command.details, context);
      const graduation: Graduation = { studentId: g.studentId, schoolId: g.schoolId, majorId: g.majorId, outcome: g.outcome, graduatedOn: g.graduatedOn };
      // A later graduation (e.g. a 高级工班 after a 中级工班) starts the record again under it.
      if (state.status === 'none' || state.graduation.graduatedOn !== g.graduatedOn || state.graduation.schoolId !== g.schoolId)
        return [{ type: 'EmploymentRecorded', data: { graduation, details: command.details } }];
      if (sameDetails(state.details, command.details)) return [];
      return [{ type: 'EmploymentUpdated', data: { details: command.details } }];
    }
    case 'CorrectEmployment': {
      if (state.status === 'none') throw new NotFoundError('就业记录不存在');
      if (context.actor.orgId !== state.graduation.schoolId) throw new ForbiddenError('只有毕业院校可以更正就业情况');
      const reason = command.reason.trim();
      if (!reason) throw new RuleViolationError('请填写更正原因', 'employment.reason_required');
      checkDates(command.details, context);
      if (sameDetails(state.details, command.details)) return [];
      return [{ type: 'EmploymentCorrected', data: { details: command.details, reason: reason.slice(0, 200) } }];
    }
    default:
      return assertNever(command);
  }
}

function evolve(state: EmploymentState, event: EmploymentEvent): EmploymentState {
  switch (event.type) {
    case 'EmploymentRecorded':
      return { status: 'recorded', graduation: event.data.graduation, details: event.data.details };
    case 'EmploymentUpdated':
    case 'EmploymentCorrected':
      return state.status === 'recorded' ? { ...state, details: event.data.details } : state;
    default:
      return assertNever(event);
  }
}

export const employmentDecider: Decider<EmploymentCommand, EmploymentEvent, EmploymentState> = {
  initialState: () => ({ status: 'none' }),
  evolve,
  decide,
};
