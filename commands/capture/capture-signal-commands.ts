// The supervisors' decisions on a fraud signal (issue 13 §4): confirm (the affected attendance no
// longer counts) or dismiss, each with a reason, each an event on the signal's stream.
import { captureSignalDecider, captureSignalStreams } from '../../domain/capture/capture-signal';
import type { EventStore } from '../../store/event-store/event-store';
import { handleCommand } from '../pipeline/handle-command';
import type { RequestContext } from '../pipeline/request-context';

export function captureSignalCommands(store: EventStore) {
  const run = (signalId: string, command: { type: 'ConfirmSignal' | 'DismissSignal'; reason: string }, request: RequestContext) =>
    handleCommand(store, captureSignalDecider, captureSignalStreams.streamId(signalId), command, request);
  return {
    confirm: (signalId: string, reason: string, request: RequestContext) => run(signalId, { type: 'ConfirmSignal', reason }, request),
    dismiss: (signalId: string, reason: string, request: RequestContext) => run(signalId, { type: 'DismissSignal', reason }, request),
  };
}

export type CaptureSignalCommands = ReturnType<typeof captureSignalCommands>;
