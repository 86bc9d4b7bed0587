// One face worker: loads the embedded engine once (about half a second of weights) and analyses one
// photo at a time; the pool never sends a second before the first is answered.
import { parentPort, workerData } from 'node:worker_threads';
import { loadFaceApiEngine } from './face-api-engine';
import type { AnalyzeRequest, SerializedError, WorkerData, WorkerMessage } from './face-worker-protocol';

const port = parentPort;
if (!port) throw new Error('face-worker-main runs only as a worker thread (face-pool.ts)');

const serialize = (error: unknown): SerializedError =>
  error instanceof Error ? { name: error.name, message: error.message, ...('reason' in error && typeof error.reason === 'string' ? { reason: error.reason } : {}) } : { name: 'Error', message: String(error) };

const post = (message: WorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

try {
  const engine = await loadFaceApiEngine(workerData as WorkerData);
  port.on('message', (request: AnalyzeRequest) => {
    engine.analyze(new Uint8Array(request.image), request.options).then(
      (result) => {
        // Each descriptor copied into a buffer of its own, then moved: a view could share its buffer
        // with other data (the backend's memory), which must not be transferred away.
        const faces = result.faces.map((f) => ({ ...f, descriptor: new Float32Array(f.descriptor) }));
        post({ type: 'result', id: request.id, result: { ...result, faces } }, faces.map((f) => f.descriptor.buffer as ArrayBuffer));
      },
      (error: unknown) => post({ type: 'error', id: request.id, error: serialize(error) }),
    );
  });
  post({ type: 'ready', version: engine.version });
} catch (error) {
  post({ type: 'fatal', error: serialize(error) });
}
