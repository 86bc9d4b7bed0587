// 数据对接 (issue 15 §7): each exchange with the national system is a record of its own
// (`student-exchange-<id>`): who sent which students' registrations or changes, in which form, with
// the file's SM3 hash (the clear ID numbers left the system in it: the record says whose), and each
// reconciliation with the national list and its counts. One event per exchange: the decision is only
// that it happened once.
import { assertNever, type CommandContext, type Decider, type DomainEvent } from '../shared/decider';
import { ForbiddenError } from '../shared/errors';
import { streamNaming } from '../shared/streams';

export const studentExchangeStreams = streamNaming('student-exchange');

export const EXCHANGE_KINDS = ['registrations', 'changes'] as const;
export type ExchangeKind = (typeof EXCHANGE_KINDS)[number];
export const EXCHANGE_KIND_LABELS: Record<ExchangeKind, string> = { registrations: '学籍注册', changes: '学籍异动' };
export type ExchangeChannel = 'xlsx' | 'csv' | 'http';

export interface ExchangeFilter {
  schoolId: string | null;
  from: string | null;
  to: string | null;
}

export type StudentDataExported = DomainEvent<
  'StudentDataExported',
  { exchangeId: string; orgId: string; kind: ExchangeKind; channel: ExchangeChannel; filter: ExchangeFilter; count: number; studentIds: string[]; sha256: string; receipt: { batchId: string; accepted: number; rejected: number } | null }
>;
export type NationalListReconciled = DomainEvent<
  'NationalListReconciled',
  { exchangeId: string; orgId: string; source: 'file' | 'http'; fileId: string | null; schoolId: string | null; sha256: string; rows: number; matched: number; differing: number; onlyNational: number; onlyOurs: number }
>;
export type StudentExchangeEvent = StudentDataExported | NationalListReconciled;

export type StudentExchangeState = { status: 'none' } | { status: 'recorded'; exchangeId: string; orgId: string; event: StudentExchangeEvent['type'] };

export type StudentExchangeCommand = { type: 'RecordExchange'; event: StudentExchangeEvent };

export const studentExchangeDecider: Decider<StudentExchangeCommand, StudentExchangeEvent, StudentExchangeState> = {
  initialState: () => ({ status: 'none' }),
  evolve: (_state, event) => ({ status: 'recorded', exchangeId: event.data.exchangeId, orgId: event.data.orgId, event: event.type }),
  decide(command, state, context: CommandContext) {
    switch (command.type) {
      case 'RecordExchange':
        if (context.actor.orgId !== command.event.data.orgId) throw new ForbiddenError('只能以本单位名义进行数据对接');
        // One exchange, one fact: recording it again (a retried request) adds nothing.
        return state.status === 'recorded' ? [] : [command.event];
      default:
        return assertNever(command.type);
    }
  },
};

export const STUDENT_EXCHANGE_EVENT_LABELS: Record<StudentExchangeEvent['type'], string> = {
  StudentDataExported: '向全国系统报送学籍数据',
  NationalListReconciled: '与全国系统学生名单比对',
};
export const STUDENT_EXCHANGE_STATUS_LABELS: Record<StudentExchangeState['status'], string> = { none: '无', recorded: '已记录' };
