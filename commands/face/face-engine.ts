// The face-engine port (issue 13 §1): what the capture matcher and the reference-photo check need
// from a face engine, whatever computes it. The embedded adapter is @vladmandic/face-api on
// TensorFlow.js' wasm backend (face-api-engine.ts), run off the API's event loop by a worker pool
// (face-pool.ts); a hosted engine would implement the same interface.
//
// A descriptor is biometric data (DESIGN.md §8): it leaves this port only to be compared or to be
// sealed with descriptor-cipher.ts, never to be logged or stored in clear.

/** Pixels in the decoded image, origin top left. */
export interface FaceBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface FaceQuality {
  /** The detector's confidence, 0..1. */
  score: number;
  /** The shorter side of the face box, in pixels of the decoded image. */
  sizePx: number;
  /**
   * Variance of the Laplacian of the face as a percentage of its grey-level variance, on a copy
   * resampled to 96 x 96 so the figure does not depend on the photo's resolution or brightness
   * (sharpness.ts). Low for blurred, heavily smoothed or blown-up faces.
   */
  sharpness: number;
  /** Head pose from the 68 landmarks, degrees (as face-api computes it; informative, not checked). */
  pose: { roll: number; pitch: number; yaw: number };
}

/** Presentation-attack scores for one face (Human's antispoof and liveness models), each 0..1, higher = more likely real. */
export interface LivenessScores {
  real: number;
  live: number;
  model: string;
}

export interface DetectedFace {
  box: FaceBox;
  quality: FaceQuality;
  /** 128 floats for face-api's recognition net; compared with FaceEngine.distance. */
  descriptor: Float32Array;
  /** Present when liveness was asked for and the liveness model found this face. */
  liveness?: LivenessScores;
}

export interface FaceAnalysis {
  width: number;
  height: number;
  /** Faces the detector is at least `detectionMinScore` sure of, largest first. */
  faces: DetectedFace[];
  /** Engine and model versions that produced the result, recorded with every match (a re-match with a newer model is a new fact). */
  engineVersion: string;
  /** Milliseconds the engine's thread spent on this photo (decode + detect + landmarks + descriptors), wall clock. */
  inferenceMs: number;
}

export interface AnalyzeOptions {
  /** Run the anti-spoofing / liveness models too (slower; only if the engine was started with them). */
  liveness?: boolean;
}

export interface FaceEngine {
  /** e.g. `face-api 1.7.15 (ssd_mobilenetv1, face_landmark_68, face_recognition); tfjs 4.22.0 wasm`. */
  readonly version: string;
  /** Decodes a JPEG or PNG and finds every face with its quality and descriptor. */
  analyze(image: Uint8Array, options?: AnalyzeOptions): Promise<FaceAnalysis>;
  /** Distance between two descriptors of this engine: smaller is more alike. */
  distance(a: Float32Array, b: Float32Array): number;
  close(): Promise<void>;
}

/** The image is not a JPEG or PNG we can decode, or is larger than allowed. */
export class UnreadableImageError extends Error {
  readonly code = 'IMAGE_UNREADABLE';
  constructor(
    readonly reason: string,
    message = '图片无法读取，请上传 JPEG 或 PNG 格式的照片',
  ) {
    super(message);
    this.name = 'UnreadableImageError';
  }
}

/** Every worker busy and the queue full: the caller retries later (a capture is kept and matched later, never lost). */
export class FaceEngineBusyError extends Error {
  readonly code = 'FACE_ENGINE_BUSY';
  constructor() {
    super('人脸识别服务繁忙，请稍后重试');
    this.name = 'FaceEngineBusyError';
  }
}

/** The engine failed (a worker died, models did not load) or was closed. */
export class FaceEngineError extends Error {
  readonly code = 'FACE_ENGINE_FAILED';
  constructor(readonly reason: string) {
    super('人脸识别服务暂不可用');
    this.name = 'FaceEngineError';
  }
}

/** Euclidean distance, the metric face-api's recognition net was trained for (dlib's ResNet). */
export function euclideanDistance(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new Error(`descriptors of different lengths (${a.length}, ${b.length}) come from different models`);
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - b[i]!;
    sum += d * d;
  }
  return Math.sqrt(sum);
}
