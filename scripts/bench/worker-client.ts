// The orchestrator's handle on a worker process (worker.ts): request/response over Node's IPC.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Measurement, StoreKind, WorkerConfig, WorkerMessage, WorkerRequest } from './protocol';

export interface WorkerHandle {
  kind: StoreKind;
  call(request: WorkerRequest): Promise<Measurement>;
  /** Closes the store's connections and waits for the process to exit. */
  close(): Promise<void>;
}

const WORKER_FILE = fileURLToPath(new URL('./worker.ts', import.meta.url));

export function startWorker(kind: StoreKind, config: WorkerConfig): Promise<WorkerHandle> {
  // The child inherits tsx's loader through process.execArgv.
  const child: ChildProcess = fork(WORKER_FILE, [kind, JSON.stringify(config)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const pending = new Map<number, { resolve: (m: Measurement) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  return new Promise((resolveReady, rejectReady) => {
    child.once('exit', (code) => {
      const error = new Error(`${kind} worker exited with code ${code}`);
      rejectReady(error);
      for (const p of pending.values()) p.reject(error);
      pending.clear();
    });
    child.on('message', (message: WorkerMessage) => {
      if ('ready' in message) {
        resolveReady(handle);
        return;
      }
      const waiter = pending.get(message.id);
      pending.delete(message.id);
      if (!waiter) return;
      if (message.ok) waiter.resolve(message.value as Measurement);
      else waiter.reject(new Error(`${kind} worker: ${message.error}`));
    });

    const call = (request: WorkerRequest) =>
      new Promise<Measurement>((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        child.send({ id, request });
      });

    const handle: WorkerHandle = {
      kind,
      call,
      async close() {
        if (child.exitCode !== null || !child.connected) return;
        await call({ op: 'close' }).catch(() => undefined);
        await exited;
      },
    };
  });
}
