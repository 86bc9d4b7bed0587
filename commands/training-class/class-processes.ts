// The module's process managers: reactions to recorded facts that write other facts, each on a
// catch-up subscription of its own with a checkpoint (process_checkpoints). Delivery is at least
// once (a crash before the checkpoint moves repeats a batch), so every reaction is idempotent:
// its command ids derive from the event it reacts to, and the pipeline returns a repeated
// command's first result without writing again.
// - reservations: after any event of a class, bring its bookings to what its stream says (the
//   releases of review decisions, the repair after a failed append; see reservations.ts).
// - completion: when a class completes (结业), print its certificates as one PDF and record the
//   file; for a teachers' capability class, write each completing teacher's training (and the tier
//   the class qualifies for) on the teacher's record.
// They run where the projections run (the platform's worker), started and stopped with it.
import { v5 as uuidv5 } from 'uuid';
import type { Knex } from 'knex';
import { DomainError } from '../../domain/shared/errors';
import { teacherDecider, teacherStreams } from '../../domain/teacher/teacher';
import { teacherTrainingRecords } from '../../domain/training-class/queries';
import { trainingClassStreams } from '../../domain/training-class/training-class';
import type { EventStore, RecordedEvent, Subscription } from '../../store/event-store/event-store';
import { handleCommand } from '../pipeline/handle-command';
import type { RequestContext } from '../pipeline/request-context';
import type { CertificateBatch } from './certificate-batch';
import type { ClassRunner } from './class-runner';

const PROCESS_NAMESPACE = '5c1e9a7d-2b4f-4e61-9d0c-8a3f6b2e7c14';
const ACTOR_ID = 'system:training-class';

export interface ProcessLogger {
  error(object: object, message?: string): void;
}

export interface ProcessManager {
  name: string;
  start(): void;
  stop(): Promise<void>;
}

/** A subscription from the process's checkpoint, the checkpoint moved after each handled batch; a failed batch is retried. */
export function processManager(options: {
  name: string;
  store: EventStore;
  knex: Knex;
  typePrefixes: readonly string[];
  handle(events: RecordedEvent[]): Promise<void>;
  logger?: ProcessLogger;
  retryDelayMs?: number;
}): ProcessManager {
  let subscription: Subscription | undefined;
  let stopped = false;
  let loop: Promise<void> | undefined;
  // A promise, not a flag alone: a subscription's `failed` never settles when it is stopped cleanly.
  let signalStop!: () => void;
  const stopping = new Promise<void>((resolve) => (signalStop = resolve));
  const checkpoint = async () => BigInt((await options.knex('process_checkpoints').where({ name: options.name }).first('position'))?.position ?? 0);
  const save = (position: bigint) =>
    options.knex('process_checkpoints').insert({ name: options.name, position: position.toString(), updated_at: options.knex.fn.now() }).onConflict('name').merge();
  let unsaved: bigint | undefined;
  return {
    name: options.name,
    start() {
      loop = (async () => {
        while (!stopped) {
          try {
            subscription = options.store.subscribeToAll({ after: await checkpoint(), typePrefixes: options.typePrefixes, batchSize: 100 }, async (events, scannedUpTo) => {
              if (events.length === 0) {
                // Batches with nothing for this process are not worth a commit each; the next real one saves past them.
                unsaved = scannedUpTo;
                return;
              }
              await options.handle(events);
              await save(scannedUpTo);
              unsaved = undefined;
            });
            const error = await Promise.race([subscription.failed, stopping.then(() => undefined)]);
            if (stopped || !error) return;
            throw error;
          } catch (error) {
            if (stopped) return;
            options.logger?.error({ process: options.name, err: error instanceof Error ? error.message : String(error) }, 'process manager failed; resuming from its checkpoint');
            await Promise.race([new Promise((r) => setTimeout(r, options.retryDelayMs ?? 1000)), stopping]);
          }
        }
      })();
    },
    async stop() {
      stopped = true;
      signalStop();
      await subscription?.stop();
      await loop;
      if (unsaved !== undefined) await save(unsaved).catch(() => undefined);
    },
  };
}

const requestFor = (event: RecordedEvent, step: string, orgId: string | null): RequestContext => ({
  actor: { id: ACTOR_ID, role: 'system', orgId },
  commandId: uuidv5(`${step}:${event.id}`, PROCESS_NAMESPACE),
  correlationId: event.metadata.correlationId,
  causationId: event.id,
  ip: null,
});

export function trainingClassProcesses(deps: { store: EventStore; knex: Knex; runner: ClassRunner; certificates: CertificateBatch; logger?: ProcessLogger }): ProcessManager[] {
  const { store, knex, runner, logger } = deps;
  const classIdOf = (event: RecordedEvent) => trainingClassStreams.idOf(event.streamId);

  const reservations = processManager({
    name: 'training-class-reservations',
    store,
    knex,
    logger,
    typePrefixes: ['TrainingClass', 'Review'],
    async handle(events) {
      const last = new Map<string, RecordedEvent>();
      for (const e of events) {
        const id = classIdOf(e);
        if (id) last.set(id, e);
      }
      for (const [classId, event] of last) {
        const outcome = await runner.reconcile(classId, uuidv5(`reconcile:${event.id}`, PROCESS_NAMESPACE));
        if (outcome.refused) logger?.error({ classId, refused: outcome.refused }, 'the log holds bookings that overlap another class: kept out of the reservations');
      }
    },
  });

  /** A reaction a rule refuses (a name the certificate font cannot print, a teacher's record gone) is logged, not retried forever. */
  const tolerate = async (what: string, event: RecordedEvent, work: () => Promise<unknown>) => {
    try {
      await work();
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      logger?.error({ process: 'training-class-completion', what, eventId: event.id, err: error.message }, 'reaction refused');
    }
  };

  const completion = processManager({
    name: 'training-class-completion',
    store,
    knex,
    logger,
    typePrefixes: ['TrainingClassCompleted'],
    async handle(events) {
      for (const event of events) {
        const classId = classIdOf(event);
        if (!classId) continue;
        const state = await runner.load(classId);
        if (state.status !== 'completed') continue;
        await tolerate('certificates', event, () =>
          deps.certificates.print(classId, requestFor(event, 'certificates', state.institutionId), { fileId: uuidv5(`certificate-file:${event.id}`, PROCESS_NAMESPACE) }),
        );
        // A teachers' capability class (requirement 13): the training joins each completer's record.
        for (const record of teacherTrainingRecords(state)) {
          const managedBy = record.tier ? (state.authorities[record.tier] ?? record.organiserId) : null;
          const training = { classId, classNo: state.classNo, from: record.from, to: record.to, content: record.content, organiserId: record.organiserId, certificateNo: record.certificateNo, completedOn: state.completion.completedOn };
          await tolerate(`teacher ${record.teacherId}`, event, () =>
            handleCommand(
              store,
              teacherDecider,
              teacherStreams.streamId(record.teacherId),
              { type: 'RecordTeacherTraining', training, tier: record.tier && managedBy ? { tier: record.tier, managedByOrgId: managedBy } : null },
              requestFor(event, `teacher:${record.teacherId}`, record.organiserId),
            ),
          );
        }
      }
    },
  });

  return [reservations, completion];
}
