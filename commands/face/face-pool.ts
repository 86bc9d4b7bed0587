// The embedded face engine behind worker threads, so inference (hundreds of milliseconds of CPU per
// photo) never runs on the API's event loop: GraphQL keeps answering while captures are matched.
//
// - One worker per core by default: the wasm backend is single-threaded, so N workers use N cores.
// - One photo per worker at a time; the rest wait in a bounded queue. Past the bound, analyze()
//   refuses at once with FaceEngineBusyError instead of letting memory and latency grow: the capture
//   consumer (issue 13 §2) keeps its capture and retries, nothing is lost.
// - A worker that dies fails only its own photo and is replaced.
// - close() stops taking work, lets queued and running photos finish (with `drain: false` it fails
//   the queued ones at once; running ones still finish), then ends the threads.
// Scaling past one machine needs nothing here: more matcher processes, each with its own pool,
// consume the same capture events (README "Face matching").
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { euclideanDistance, FaceEngineBusyError, FaceEngineError, UnreadableImageError, type AnalyzeOptions, type FaceAnalysis, type FaceEngine } from './face-engine';
import type { FaceApiEngineOptions } from './face-api-engine';
import type { AnalyzeRequest, SerializedError, WorkerMessage } from './face-worker-protocol';

const WORKER_ENTRY = new URL('./face-worker.mjs', import.meta.url);

export interface FacePoolOptions extends FaceApiEngineOptions {
  /** Worker threads (default: the cores Node may use, os.availableParallelism()). */
  size?: number;
  /** Photos allowed to wait for a worker (default 32 per worker). */
  maxQueue?: number;
}

export interface FacePoolStats {
  size: number;
  busy: number;
  queued: number;
  completed: number;
  failed: number;
  /** Workers started to replace ones that died. */
  restarts: number;
}

interface Job {
  id: number;
  image: Uint8Array;
  options: AnalyzeOptions;
  resolve(result: FaceAnalysis): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  job: Job | undefined;
}

const revive = (error: SerializedError): Error =>
  error.name === 'UnreadableImageError' ? new UnreadableImageError(error.reason ?? error.message, error.message) : new FaceEngineError(error.reason ?? error.message);

export interface FacePool extends FaceEngine {
  stats(): FacePoolStats;
  /** Stops taking photos; with `drain` (default) waits for queued and running ones, otherwise fails the queued ones (running ones finish). */
  close(options?: { drain?: boolean }): Promise<void>;
}

/** Starts the workers and resolves once every one has loaded its models. */
export async function startFacePool(options: FacePoolOptions = {}): Promise<FacePool> {
  const size = Math.max(1, options.size ?? os.availableParallelism());
  const maxQueue = options.maxQueue ?? 32 * size;
  const { size: _size, maxQueue: _maxQueue, ...engineOptions } = options;
  const slots: Slot[] = [];
  const queue: Job[] = [];
  const counters = { completed: 0, failed: 0, restarts: 0 };
  let nextId = 1;
  let version = '';
  let closing = false;
  let drained: (() => void) | undefined;

  const idle = () => slots.find((s) => !s.job);
  const busy = () => slots.filter((s) => s.job).length;

  function settle(slot: Slot, outcome: { result: FaceAnalysis } | { error: Error }) {
    const job = slot.job;
    slot.job = undefined;
    if (job) {
      if ('result' in outcome) {
        counters.completed++;
        job.resolve(outcome.result);
      } else {
        counters.failed++;
        job.reject(outcome.error);
      }
    }
    dispatch();
  }

  function dispatch() {
    for (let slot = idle(); slot && queue.length; slot = idle()) {
      const job = queue.shift()!;
      slot.job = job;
      // A copy in a buffer of its own, then transferred: the caller's Buffer may be a slice of
      // Node's shared pool, which must not be detached.
      const image = new Uint8Array(job.image.byteLength);
      image.set(job.image);
      const request: AnalyzeRequest = { id: job.id, image: image.buffer, options: job.options };
      slot.worker.postMessage(request, [image.buffer]);
    }
    if (closing && !queue.length && !busy()) drained?.();
  }

  function spawn(): Promise<Slot> {
    return new Promise((resolve, reject) => {
      const worker = new Worker(WORKER_ENTRY, { workerData: engineOptions });
      const slot: Slot = { worker, job: undefined };
      let ready = false;
      worker.on('message', (message: WorkerMessage) => {
        switch (message.type) {
          case 'ready':
            ready = true;
            version = message.version;
            resolve(slot);
            break;
          case 'fatal':
            reject(new FaceEngineError(`face worker failed to start: ${message.error.message}`));
            void worker.terminate();
            break;
          case 'result':
            if (slot.job?.id === message.id) settle(slot, { result: message.result });
            break;
          case 'error':
            if (slot.job?.id === message.id) settle(slot, { error: revive(message.error) });
            break;
        }
      });
      worker.on('error', (error) => {
        if (!ready) reject(new FaceEngineError(`face worker failed to start: ${error.message}`));
      });
      worker.on('exit', (code) => {
        const index = slots.indexOf(slot);
        if (index < 0) return; // never joined, or removed by close()
        slots.splice(index, 1);
        if (slot.job) settle(slot, { error: new FaceEngineError(`face worker exited (code ${code}) during an analysis`) });
        if (closing) return;
        // Replace it; until the new one is ready the others carry the queue.
        counters.restarts++;
        spawn().then(
          (fresh) => {
            if (closing) return void fresh.worker.terminate();
            slots.push(fresh);
            dispatch();
          },
          (error: Error) => {
            if (slots.length) return;
            // No worker left and none can start: fail what waits rather than leave it hanging.
            for (const job of queue.splice(0)) {
              counters.failed++;
              job.reject(error);
            }
          },
        );
      });
    });
  }

  const started = await Promise.allSettled(Array.from({ length: size }, spawn));
  for (const s of started) if (s.status === 'fulfilled') slots.push(s.value);
  const failure = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failure) {
    await Promise.all(slots.map((s) => s.worker.terminate()));
    throw failure.reason;
  }

  return {
    get version() {
      return version;
    },
    analyze(image, options = {}) {
      if (closing) return Promise.reject(new FaceEngineError('the face pool is closed'));
      if (!idle() && queue.length >= maxQueue) return Promise.reject(new FaceEngineBusyError());
      return new Promise<FaceAnalysis>((resolve, reject) => {
        queue.push({ id: nextId++, image, options, resolve, reject });
        dispatch();
      });
    },
    distance: euclideanDistance,
    stats: () => ({ size: slots.length, busy: busy(), queued: queue.length, ...counters }),
    async close({ drain = true } = {}) {
      if (closing) return;
      closing = true;
      if (!drain) {
        for (const job of queue.splice(0)) {
          counters.failed++;
          job.reject(new FaceEngineError('the face pool was closed'));
        }
      }
      if (queue.length || busy()) await new Promise<void>((resolve) => (drained = resolve));
      const all = slots.splice(0);
      await Promise.all(all.map((s) => s.worker.terminate()));
    },
  };
}
