// The capture module's services, assembled once per process from the platform's (api/capture/module.ts
// hands them to the manifest): commands, the match-queue feeder, the matcher, the signal detector
// and its sweep. The workers run where the projections run.
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { v5 as uuidv5 } from 'uuid';
import { trainingClassStreams } from '../../domain/training-class/training-class';
import type { RequestContext } from '../pipeline/request-context';
import type { Knex } from 'knex';
import type { EventStore } from '../../store/event-store/event-store';
import type { FaceService } from '../face/face-service';
import type { ReferenceFaceDirectory } from '../face/reference-face-directory';
import type { BlobStore } from '../storage/blob-store';
import type { FileService } from '../storage/files';
import { teacherReferenceFaceCommands } from '../teacher/teacher-reference-face';
import { processManager, type ProcessLogger } from '../training-class/class-processes';
import { traineeReferenceFaceCommands } from '../trainee/trainee-reference-face';
import { captureCommands, loadCaptureLimits, type CaptureLimits } from './capture-commands';
import { captureSignalCommands } from './capture-signal-commands';
import { streamClassSource, type CaptureClassSource } from './class-source';
import { matchQueue } from './match-queue';
import { photoRetentionJob, purgeExpiredPhotos, type ExpiredPhotoDirectory } from './photo-retention';
import type { JobDefinition } from '../jobs/job-registry';
import { captureMatcher, type CaptureMatcher } from './matcher';
import type { PersonIdentityDirectory } from './person-identity';
import { signalDetector } from './signal-detector';

export interface CaptureModuleDeps {
  store: EventStore;
  knex: Knex;
  files: FileService;
  face: FaceService;
  references: ReferenceFaceDirectory;
  identities: PersonIdentityDirectory;
  /** Capture photos past their retention (the daily job). */
  photos: ExpiredPhotoDirectory;
  logger?: ProcessLogger;
  env?: NodeJS.ProcessEnv;
}

export interface CaptureServices {
  classes: CaptureClassSource;
  limits: CaptureLimits;
  blobs: BlobStore;
  captures: ReturnType<typeof captureCommands>;
  signals: ReturnType<typeof captureSignalCommands>;
  traineeFaces: ReturnType<typeof traineeReferenceFaceCommands>;
  teacherFaces: ReturnType<typeof teacherReferenceFaceCommands>;
  queue: ReturnType<typeof matchQueue>;
  /** This process's matcher (CAPTURE_MATCHER=0: none, for an API node leaving matching to other processes). */
  matcher: CaptureMatcher | undefined;
  detector: ReturnType<typeof signalDetector>;
  /** Queues every capture of a class for matching again with the engine now running; returns how many. */
  rematchClass(classId: string): Promise<number>;
  /** Removes the photos past the retention now (the job's work; `now` for tests). */
  purgeExpiredPhotos(now?: Date): Promise<{ purged: number; deleted: number }>;
  /** The daily retention job, registered where the scheduled jobs run (scripts/start.ts). */
  retentionJob: JobDefinition;
}

const SCHEDULE_TRIGGERS = ['TrainingClassOpened', 'TrainingClassStarted', 'TrainingClassChangeApplied', 'TrainingClassResumed'] as const;
/** Classes whose sessions may still be captured: a completed or cancelled class draws nothing (history replayed by a new drawer included). */
const SCHEDULED_STATUSES = new Set(['approved', 'in_progress', 'suspended']);
const SCHEDULE_NAMESPACE = '9e6c1f2a-47b3-4d85-a0e9-3c5b7d1f8e24';
/** The drawer's envelope: the system, a command id per class and triggering event (a replay draws nothing twice). */
const scheduleRequest = (classId: string, eventId: string): RequestContext => {
  const commandId = uuidv5(`${classId}:${eventId}`, SCHEDULE_NAMESPACE);
  return { actor: { id: 'system:capture-schedule', role: 'system', orgId: null }, commandId, correlationId: commandId, ip: null };
};

/** How often the detector's time-based rules run (teacher absent, identical patterns). */
const SWEEP_MS = 5 * 60_000;

export function captureServices(deps: CaptureModuleDeps): CaptureServices {
  const env = deps.env ?? process.env;
  const classes = streamClassSource(deps.store);
  const blobs = deps.files.blobs;
  const limits = loadCaptureLimits(env);
  const captures = captureCommands({ store: deps.store, blobs, classes, limits });
  const matcher =
    env.CAPTURE_MATCHER === '0'
      ? undefined
      : captureMatcher({ store: deps.store, knex: deps.knex, blobs, face: deps.face, references: deps.references, classes, workerId: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`, ...(deps.logger ? { logger: deps.logger } : {}) });
  const queue = matchQueue(deps.knex);
  const retention = { store: deps.store, blobs, photos: deps.photos, policy: () => captures.policy() };
  return {
    classes,
    limits,
    blobs,
    captures,
    signals: captureSignalCommands(deps.store),
    traineeFaces: traineeReferenceFaceCommands({ store: deps.store, face: deps.face, files: deps.files }),
    teacherFaces: teacherReferenceFaceCommands({ store: deps.store, face: deps.face, files: deps.files }),
    queue,
    matcher,
    detector: signalDetector({ store: deps.store, knex: deps.knex, classes, identities: deps.identities, policy: () => captures.policy(), ...(deps.logger ? { logger: deps.logger } : {}) }),
    async rematchClass(classId) {
      // The detector's trail lists every accepted capture of the class (commands' own table, no read model).
      const rows: { capture_stream: string }[] = await deps.knex('capture_person_trail').where({ class_id: classId }).select('capture_stream');
      await queue.enqueue(rows.map((r) => ({ captureStream: r.capture_stream, reason: 'rematch' as const })));
      matcher?.wake();
      return rows.length;
    },
    purgeExpiredPhotos: (now) => purgeExpiredPhotos(retention, now),
    retentionJob: photoRetentionJob(retention),
  };
}

/** The module's background work: the feeder (accepted captures onto the match queue), the matcher, the detector and its sweep. */
export function captureWorkers(services: CaptureServices, deps: Pick<CaptureModuleDeps, 'store' | 'knex' | 'logger'>) {
  const feeder = processManager({
    name: 'capture-match-feeder',
    store: deps.store,
    knex: deps.knex,
    typePrefixes: ['CaptureAccepted'],
    async handle(events) {
      await services.queue.enqueue(events.map((e) => ({ captureStream: e.streamId, reason: 'first' as const })));
      services.matcher?.wake();
    },
    ...(deps.logger ? { logger: deps.logger } : {}),
  });
  // Random captures are drawn when a timetable takes effect (opened, started, a change applied,
  // resumed), never by a read; sessions drawn before keep their times (the decider draws only the missing).
  const drawer = processManager({
    name: 'capture-schedule-drawer',
    store: deps.store,
    knex: deps.knex,
    typePrefixes: SCHEDULE_TRIGGERS,
    async handle(events) {
      for (const event of events) {
        const classId = trainingClassStreams.idOf(event.streamId);
        const klass = classId ? await services.classes.load(classId) : undefined;
        if (!klass || !SCHEDULED_STATUSES.has(klass.status)) continue;
        await services.captures.drawSchedule(klass, scheduleRequest(klass.classId, event.id));
      }
    },
    ...(deps.logger ? { logger: deps.logger } : {}),
  });
  let timer: NodeJS.Timeout | undefined;
  const sweeper = {
    start() {
      timer = setInterval(() => {
        services.detector.sweep(new Date()).catch((error: unknown) => deps.logger?.error({ err: error instanceof Error ? error.message : String(error) }, 'capture signal sweep failed'));
      }, SWEEP_MS);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
    },
  };
  return [feeder, drawer, ...(services.matcher ? [services.matcher] : []), services.detector.manager, sweeper];
}
