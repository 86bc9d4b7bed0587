// A fraud signal (异常预警, issue 13 §4) is a record of its own, `capture-signal-<id>`: raised by the
// detector with its evidence, then confirmed or dismissed by a supervisor with a reason. The id is
// derived from the rule and what it saw, so the detector raising it again (at-least-once delivery,
// a restart) records nothing new. A confirmed signal names the attendance it takes out of the
// class's completion and, for the subsidies module, out of claims.
import { assertNever, type CommandContext, type Decider, type DomainEvent } from '../shared/decider';
import { NotFoundError, RuleViolationError } from '../shared/errors';
import { streamNaming } from '../shared/streams';
import { parseInput, requiredText } from '../shared/validation';
import type { Exclusion, SignalDraft, SignalKind } from './detection';
import type { FacePersonKind } from './reference-face';

export const captureSignalStreams = streamNaming('capture-signal');

export type SignalFacts = {
  signalId: string;
  kind: SignalKind;
  classId: string;
  institutionId: string;
  countyCode: string;
  person: { kind: FacePersonKind; id: string; name: string } | null;
  sessionId: string | null;
  captureIds: string[];
  evidence: Record<string, unknown>;
  affected: Exclusion[];
};

export type CaptureSignalRaised = DomainEvent<'CaptureSignalRaised', SignalFacts>;
export type CaptureSignalConfirmed = DomainEvent<'CaptureSignalConfirmed', { reason: string; excluded: Exclusion[] }>;
export type CaptureSignalDismissed = DomainEvent<'CaptureSignalDismissed', { reason: string }>;
export type CaptureSignalEvent = CaptureSignalRaised | CaptureSignalConfirmed | CaptureSignalDismissed;

export type SignalStatus = 'open' | 'confirmed' | 'dismissed';
export const SIGNAL_STATUS_LABELS: Record<SignalStatus | 'none', string> = { none: '无', open: '待处理', confirmed: '已确认', dismissed: '已排除' };

export type CaptureSignalState =
  | { status: 'none' }
  | { status: 'open'; signal: SignalFacts }
  | { status: 'confirmed'; signal: SignalFacts; reason: string; excluded: Exclusion[] }
  | { status: 'dismissed'; signal: SignalFacts; reason: string };

export type CaptureSignalCommand =
  | { type: 'RaiseSignal'; signalId: string; draft: SignalDraft }
  | { type: 'ConfirmSignal'; reason: string }
  | { type: 'DismissSignal'; reason: string };

const reasonOf = (label: string, reason: string) => parseInput(requiredText(label, 500, { multiline: true }), reason);

function decide(command: CaptureSignalCommand, state: CaptureSignalState, _context: CommandContext): CaptureSignalEvent[] {
  switch (command.type) {
    case 'RaiseSignal': {
      if (state.status !== 'none') return [];
      const { key: _key, ...draft } = command.draft;
      return [{ type: 'CaptureSignalRaised', data: { signalId: command.signalId, ...draft } }];
    }
    case 'ConfirmSignal': {
      if (state.status === 'none') throw new NotFoundError('预警记录不存在');
      if (state.status === 'dismissed') throw new RuleViolationError('该预警已排除，不能再确认', 'capture_signal.dismissed');
      const reason = reasonOf('确认理由', command.reason);
      if (state.status === 'confirmed') return [];
      return [{ type: 'CaptureSignalConfirmed', data: { reason, excluded: state.signal.affected } }];
    }
    case 'DismissSignal': {
      if (state.status === 'none') throw new NotFoundError('预警记录不存在');
      if (state.status === 'confirmed') throw new RuleViolationError('该预警已确认，不能再排除', 'capture_signal.confirmed');
      const reason = reasonOf('排除理由', command.reason);
      if (state.status === 'dismissed') return [];
      return [{ type: 'CaptureSignalDismissed', data: { reason } }];
    }
    default:
      return assertNever(command);
  }
}

function evolve(state: CaptureSignalState, event: CaptureSignalEvent): CaptureSignalState {
  switch (event.type) {
    case 'CaptureSignalRaised':
      return { status: 'open', signal: event.data };
    case 'CaptureSignalConfirmed':
      return state.status === 'none' ? state : { status: 'confirmed', signal: state.signal, reason: event.data.reason, excluded: event.data.excluded };
    case 'CaptureSignalDismissed':
      return state.status === 'none' ? state : { status: 'dismissed', signal: state.signal, reason: event.data.reason };
    default:
      return assertNever(event);
  }
}

export const captureSignalDecider: Decider<CaptureSignalCommand, CaptureSignalEvent, CaptureSignalState> = {
  initialState: () => ({ status: 'none' }),
  evolve,
  decide,
};
