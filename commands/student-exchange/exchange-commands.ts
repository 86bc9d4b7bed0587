import { studentExchangeDecider, studentExchangeStreams, type StudentExchangeEvent } from '../../domain/student-exchange/student-exchange';
import type { EventStore } from '../../store/event-store/event-store';
import { handleCommand } from '../pipeline/handle-command';
import type { RequestContext } from '../pipeline/request-context';
import type { NationalRegistry } from './national-registry';

export const STUDENT_EXCHANGE_MODULE = studentExchangeStreams.module;

/** The exchange's commands: record what was exchanged, and the HTTP adapter when the province is connected. */
export function studentExchangeCommands(store: EventStore, registry: NationalRegistry | undefined) {
  return {
    /** The national system's interface, when configured (NATIONAL_REGISTRY_URL ...); file-based exchange needs none. */
    registry,
    record: (event: StudentExchangeEvent, request: RequestContext) =>
      handleCommand(store, studentExchangeDecider, studentExchangeStreams.streamId(event.data.exchangeId), { type: 'RecordExchange', event }, request, { likelyNew: true }),
  };
}

export type StudentExchangeCommands = ReturnType<typeof studentExchangeCommands>;
