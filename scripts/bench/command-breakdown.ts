// Where a declare command's time goes: the pipeline's stream read, its append (hash chain + insert
// + commit), and everything else (fold, decide, event ids, metadata), from inside the pipeline.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { v5 as uuidv5 } from 'uuid';
import type { EventStore, NewEvent } from '../../store/event-store/event-store';
import { occupationCommands, occupationStreamId } from '../../commands/occupation/occupation-commands';
import { currentSchemaVersion } from '../../store/upcasters';
import { occupationDecider } from '../../domain/occupation/occupation';
import { testMetadata } from '../../testing/events';
import { runConcurrently } from './clients';
import { startCpuMeter, type CpuSample } from './cpu-meter';
import { institutionActor, occupationDetails } from './sample-events';

/** The pipeline's namespace for event ids (handle-command.ts), so the ids are derived the same way. */
const EVENT_ID_NAMESPACE = '6f1f5a52-3c55-4b1e-9a47-6c0b7c5d2e10';

export interface CommandBreakdown extends CpuSample {
  commandsPerSecond: number;
  /** Mean milliseconds per command, as one client sees it. */
  latencyMs: number;
  readStreamMs: number;
  appendMs: number;
  otherMs: number;
  nodeMicrosPerCommand: number;
  postgresMicrosPerCommand: number;
}

export async function measureCommandBreakdown(store: EventStore, clients: number, total: number, firstSequence: number): Promise<CommandBreakdown> {
  let readMs = 0;
  let appendMs = 0;
  const timed = <A extends unknown[], R>(fn: (...args: A) => Promise<R>, add: (ms: number) => void) =>
    async (...args: A): Promise<R> => {
      const started = performance.now();
      try {
        return await fn(...args);
      } finally {
        add(performance.now() - started);
      }
    };
  const instrumented: EventStore = {
    ...store,
    readStream: timed(store.readStream, (ms) => (readMs += ms)),
    appendToStream: timed(store.appendToStream, (ms) => (appendMs += ms)),
  };
  const occupations = occupationCommands(instrumented);
  const stop = startCpuMeter();
  await runConcurrently(clients, total, async (i) => {
    const actor = institutionActor(firstSequence + i);
    const commandId = randomUUID();
    await occupations.declare(randomUUID(), actor.orgId!, occupationDetails(i), { actor, commandId, correlationId: commandId, ip: '127.0.0.1' });
  });
  const cpu = stop();
  const latencyMs = (cpu.seconds * 1000 * clients) / total;
  const micros = (cores: number) => (cores * cpu.seconds * 1e6) / total;
  return {
    ...cpu,
    commandsPerSecond: total / cpu.seconds,
    latencyMs,
    readStreamMs: readMs / total,
    appendMs: appendMs / total,
    otherMs: latencyMs - (readMs + appendMs) / total,
    nodeMicrosPerCommand: micros(cpu.nodeCores),
    postgresMicrosPerCommand: micros(cpu.postgresCores),
  };
}

/**
 * The proposed fast path for commands that create a stream (a new id chosen by the server): decide
 * on the initial state and append with `no_stream` at once, reading the stream only when that
 * append conflicts (the stream exists, or the command is a repeat). Saves the read's round trip.
 * Approximated here outside the pipeline with the same events and envelope it would write.
 */
export async function measureOptimisticCreate(store: EventStore, clients: number, total: number, firstSequence: number): Promise<CommandBreakdown> {
  const stop = startCpuMeter();
  await runConcurrently(clients, total, async (i) => {
    const actor = institutionActor(firstSequence + i);
    const commandId = randomUUID();
    const occupationId = randomUUID();
    const now = new Date().toISOString();
    const decided = occupationDecider.decide({ type: 'DeclareOccupation', occupationId, institutionId: actor.orgId!, details: occupationDetails(i) }, occupationDecider.initialState(), { actor, now });
    const streamId = occupationStreamId(occupationId);
    const events: NewEvent[] = decided.map((event, index) => ({
      id: uuidv5(`${commandId}:${streamId}:${index}`, EVENT_ID_NAMESPACE),
      type: event.type,
      data: event.data,
      metadata: testMetadata({ actorId: actor.id, actorRole: actor.role, actorOrgId: actor.orgId, commandId, correlationId: commandId, causationId: commandId, occurredAt: now, schemaVersion: currentSchemaVersion(event.type), ip: '127.0.0.1' }),
    }));
    await store.appendToStream(streamId, events, { expectedRevision: 'no_stream' });
  });
  const cpu = stop();
  const micros = (cores: number) => (cores * cpu.seconds * 1e6) / total;
  return {
    ...cpu,
    commandsPerSecond: total / cpu.seconds,
    latencyMs: (cpu.seconds * 1000 * clients) / total,
    readStreamMs: 0,
    appendMs: (cpu.seconds * 1000 * clients) / total,
    otherMs: 0,
    nodeMicrosPerCommand: micros(cpu.nodeCores),
    postgresMicrosPerCommand: micros(cpu.postgresCores),
  };
}
