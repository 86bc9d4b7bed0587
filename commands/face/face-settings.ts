// Settings of face matching, from the environment like every other setting (api/config.ts), with
// defaults chosen from the measurements in the README ("Face matching"). The matcher records the
// threshold it used on every result, so changing a setting never changes the meaning of an old fact.
import os from 'node:os';

export interface ReferenceQualitySettings {
  /** The detector's confidence a reference face needs (FACE_REFERENCE_MIN_SCORE). */
  minScore: number;
  /** The face box's shorter side, in pixels (FACE_REFERENCE_MIN_SIZE_PX). */
  minSizePx: number;
  /** Laplacian variance of the face at 96 x 96 (FACE_REFERENCE_MIN_SHARPNESS; sharpness.ts). */
  minSharpness: number;
}

export interface FaceSettings {
  /** Euclidean distance at or below which two descriptors are the same person (FACE_MATCH_THRESHOLD). */
  matchThreshold: number;
  /** A detection below this confidence is not a face (FACE_DETECTION_MIN_SCORE). */
  detectionMinScore: number;
  reference: ReferenceQualitySettings;
  /** Face worker threads (FACE_WORKERS; default one per core). */
  workers: number;
  /** Photos waiting for a worker before new ones are refused as busy (FACE_QUEUE_LIMIT). */
  maxQueue: number;
  /** Load the anti-spoofing / liveness models (FACE_LIVENESS=1; off by default: not measured against attacks). */
  liveness: boolean;
  /** Largest decoded image accepted, in pixels (FACE_MAX_PIXELS). */
  maxPixels: number;
}

export const DEFAULT_FACE_SETTINGS: Omit<FaceSettings, 'workers' | 'maxQueue'> = {
  matchThreshold: 0.45,
  detectionMinScore: 0.5,
  reference: { minScore: 0.8, minSizePx: 80, minSharpness: 2.5 },
  liveness: false,
  maxPixels: 25_000_000,
};

function number(env: NodeJS.ProcessEnv, name: string, fallback: number, check: (n: number) => boolean, rule: string): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || !check(n)) throw new Error(`environment variable ${name} must be ${rule}, got "${raw}"`);
  return n;
}

const fraction = (n: number) => n > 0 && n < 1;
const positive = (n: number) => n > 0;
const positiveInteger = (n: number) => Number.isInteger(n) && n > 0;

/**
 * `defaultWorkers`: the workers when FACE_WORKERS is not set. A process of its own gives the engine
 * every core; the API process passes one fewer (workersBesideTheApi), so the event loop, Postgres and
 * the projections keep a core while the pool is busy (README "Face matching": 252 ms event-loop delay
 * with two workers on two cores).
 */
export function loadFaceSettings(env: NodeJS.ProcessEnv = process.env, options: { defaultWorkers?: number } = {}): FaceSettings {
  const d = DEFAULT_FACE_SETTINGS;
  const workers = number(env, 'FACE_WORKERS', options.defaultWorkers ?? os.availableParallelism(), positiveInteger, 'a positive integer');
  return {
    matchThreshold: number(env, 'FACE_MATCH_THRESHOLD', d.matchThreshold, (n) => n > 0 && n < 2, 'a distance between 0 and 2'),
    detectionMinScore: number(env, 'FACE_DETECTION_MIN_SCORE', d.detectionMinScore, fraction, 'between 0 and 1'),
    reference: {
      minScore: number(env, 'FACE_REFERENCE_MIN_SCORE', d.reference.minScore, fraction, 'between 0 and 1'),
      minSizePx: number(env, 'FACE_REFERENCE_MIN_SIZE_PX', d.reference.minSizePx, positiveInteger, 'a positive integer'),
      minSharpness: number(env, 'FACE_REFERENCE_MIN_SHARPNESS', d.reference.minSharpness, (n) => n >= 0, 'zero or more'),
    },
    workers,
    maxQueue: number(env, 'FACE_QUEUE_LIMIT', 32 * workers, positiveInteger, 'a positive integer'),
    liveness: env.FACE_LIVENESS === '1',
    maxPixels: number(env, 'FACE_MAX_PIXELS', d.maxPixels, positive, 'a positive number'),
  };
}

/** Face workers for a pool that shares its machine with the API: one core fewer than there are, at least one. */
export const workersBesideTheApi = () => Math.max(1, os.availableParallelism() - 1);
