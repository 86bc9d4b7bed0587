// The platform's face engine, as every module uses it (reference-face enrolment, the capture
// matcher): one pool per process, started on first use rather than at start-up. Loading the models
// takes about 3 s and about 500 MB per worker (README "Face matching"), which a process that never
// matches a face (a test, an API node that only accepts captures) should not pay.
import type { DescriptorSealer } from './descriptor-cipher';
import type { FaceEngine } from './face-engine';
import { FaceMatcher } from './face-matcher';
import { startFacePool, type FacePool, type FacePoolStats } from './face-pool';
import type { FaceSettings } from './face-settings';

export interface FaceService {
  readonly settings: FaceSettings;
  readonly sealer: DescriptorSealer;
  /** The engine, started on the first call (concurrent first calls share one start). */
  engine(): Promise<FaceEngine>;
  /** A matcher over the engine with the threshold setting. */
  matcher(): Promise<FaceMatcher>;
  /** The pool's counters, or undefined before it started (metrics). */
  stats(): FacePoolStats | undefined;
  /** Ends the workers if they were started (queued photos finish first). */
  close(): Promise<void>;
}

export interface FaceServiceOptions {
  settings: FaceSettings;
  sealer: DescriptorSealer;
  /** How to start the engine; default: the embedded pool with the settings' workers, queue and liveness. */
  start?: (settings: FaceSettings) => Promise<FaceEngine & { stats?(): FacePoolStats }>;
}

const startPool = (settings: FaceSettings): Promise<FacePool> =>
  startFacePool({ size: settings.workers, maxQueue: settings.maxQueue, liveness: settings.liveness, detectionMinScore: settings.detectionMinScore, maxPixels: settings.maxPixels });

export function lazyFaceService(options: FaceServiceOptions): FaceService {
  const start = options.start ?? startPool;
  let starting: Promise<FaceEngine & { stats?(): FacePoolStats }> | undefined;
  let started: (FaceEngine & { stats?(): FacePoolStats }) | undefined;
  let closed = false;
  const engine = () => {
    if (closed) return Promise.reject(new Error('the face service is closed'));
    starting ??= start(options.settings).then(
      (e) => (started = e),
      (error: unknown) => {
        // A failed start (models missing, out of memory) may be retried by the next caller.
        starting = undefined;
        throw error;
      },
    );
    return starting;
  };
  return {
    settings: options.settings,
    sealer: options.sealer,
    engine,
    matcher: async () => new FaceMatcher(await engine(), options.settings.matchThreshold),
    stats: () => started?.stats?.(),
    async close() {
      closed = true;
      const pending = starting;
      starting = undefined;
      const e = await pending?.catch(() => undefined);
      await e?.close();
    },
  };
}
