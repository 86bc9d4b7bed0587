// Messages between the face pool (API thread) and a face worker thread.
import type { AnalyzeOptions, FaceAnalysis } from './face-engine';
import type { FaceApiEngineOptions } from './face-api-engine';

export type WorkerData = FaceApiEngineOptions;

export interface AnalyzeRequest {
  id: number;
  /** The photo's bytes, transferred (not copied) to the worker. */
  image: ArrayBuffer;
  options: AnalyzeOptions;
}

export interface SerializedError {
  name: string;
  message: string;
  reason?: string;
}

export type WorkerMessage =
  | { type: 'ready'; version: string }
  | { type: 'fatal'; error: SerializedError }
  | { type: 'result'; id: number; result: FaceAnalysis }
  | { type: 'error'; id: number; error: SerializedError };
