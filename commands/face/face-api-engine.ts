// The embedded face engine: @vladmandic/face-api 1.7 (SSD MobileNet v1 detector, 68-point
// landmarks, the dlib-derived ResNet recognition net giving 128-float descriptors) on TensorFlow.js
// 4.22 with the WebAssembly backend. Everything it needs ships in npm packages: the weights in
// face-api's `model/`, the .wasm binaries in tfjs-backend-wasm's `dist/`; nothing is fetched.
//
// It runs in whatever thread loads it, synchronously hogging it for hundreds of milliseconds per
// photo: the API never loads it directly but through the worker pool (face-pool.ts). Benchmarks
// load it in-thread to time one inference without the pool.
//
// Why this build and not another (DESIGN.md §7): `@tensorflow/tfjs-node` downloads a native library
// at install, which cannot work here; the wasm backend is one thread with SIMD in Node, so one worker
// per core uses the machine without oversubscribing it.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { euclideanDistance, FaceEngineError, type AnalyzeOptions, type DetectedFace, type FaceAnalysis, type FaceEngine } from './face-engine';
import { loadHumanLiveness, type HumanLiveness } from './human-liveness';
import { decodeImage, fitWithin, type RgbImage } from './image-decoding';
import { faceSharpness } from './sharpness';

// CommonJS builds, loaded through require so face-api, Human and this file share one TensorFlow.js
// engine (an ESM import could resolve a second copy with its own backend registry).
const require = createRequire(import.meta.url);
type Tf = typeof import('@tensorflow/tfjs');
type FaceApi = typeof import('@vladmandic/face-api/dist/face-api.node-wasm.js');

export interface FaceApiEngineOptions {
  /** Where the weights are; default face-api's own `model/` folder in node_modules. */
  modelDir?: string;
  /** A detection below this confidence is not a face (default 0.5: all 22 faces of the package's samples, and nothing else, are found). */
  detectionMinScore?: number;
  /** At most this many faces per photo (default 20). */
  maxFaces?: number;
  /** Load Human's antispoof and liveness models too. */
  liveness?: boolean;
  /** Refuse decoded images above this many pixels (image-decoding.ts). */
  maxPixels?: number;
  /**
   * Shrink larger photos to this longer side before inference (default 1920). The wasm heap grows to
   * the largest image a worker has analysed and never shrinks: measured 371 MB after 1920-px photos,
   * 577 MB after one 3840-px photo. Boxes and sizes are still reported in the original's pixels.
   */
  maxSide?: number;
}

export interface InThreadFaceEngine extends FaceEngine {
  /** Analysis of already decoded pixels (the benchmark builds transformed copies this way). */
  analyzeRgb(image: RgbImage, options?: AnalyzeOptions): Promise<Omit<FaceAnalysis, 'inferenceMs'>>;
}

export const modelDirectory = () => path.join(path.dirname(require.resolve('@vladmandic/face-api/package.json')), 'model');
const wasmDirectory = () => `${path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'))}${path.sep}`;

let backendReady: Promise<Tf> | undefined;

/** TensorFlow.js on the wasm backend, once per thread. */
function wasmBackend(): Promise<Tf> {
  backendReady ??= (async () => {
    const tf = require('@tensorflow/tfjs') as Tf;
    const wasm = require('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm');
    // `false`: the path is a folder on disk. With `true` (what the package's demo passes, with a CDN
    // URL) the backend fetches the binary by URL, which fails for a file path and for no network.
    wasm.setWasmPaths(wasmDirectory(), false);
    if (!(await tf.setBackend('wasm'))) throw new FaceEngineError('TensorFlow.js wasm backend did not initialise');
    await tf.ready();
    return tf;
  })();
  return backendReady;
}

const shortSm3 = (file: string) => createHash('sm3').update(readFileSync(file)).digest('hex').slice(0, 12);

export async function loadFaceApiEngine(options: FaceApiEngineOptions = {}): Promise<InThreadFaceEngine> {
  const tf = await wasmBackend();
  const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js') as FaceApi;
  const modelDir = options.modelDir ?? modelDirectory();
  await faceapi.nets.ssdMobilenetv1.loadFromDisk(modelDir);
  await faceapi.nets.faceLandmark68Net.loadFromDisk(modelDir);
  await faceapi.nets.faceRecognitionNet.loadFromDisk(modelDir);
  const liveness: HumanLiveness | undefined = options.liveness ? await loadHumanLiveness() : undefined;
  const detectionOptions = new faceapi.SsdMobilenetv1Options({ minConfidence: options.detectionMinScore ?? 0.5, maxResults: options.maxFaces ?? 20 });
  // The recognition weights' hash names the model exactly: a match records which weights measured it.
  const version = [
    `face-api ${faceapi.version} (ssd_mobilenetv1, face_landmark_68, face_recognition sm3:${shortSm3(path.join(modelDir, 'face_recognition_model.bin'))})`,
    `tfjs ${tf.version_core} wasm`,
    ...(liveness ? [liveness.version] : []),
  ].join('; ');

  async function analyzeRgb(image: RgbImage, analyzeOptions: AnalyzeOptions = {}) {
    if (analyzeOptions.liveness && !liveness) throw new FaceEngineError('liveness asked for, but the engine was started without it');
    const tensor = tf.tensor3d(image.data, [image.height, image.width, 3], 'int32');
    try {
      const results = await faceapi.detectAllFaces(tensor, detectionOptions).withFaceLandmarks().withFaceDescriptors();
      const spoofScores = analyzeOptions.liveness && liveness && results.length ? await liveness.score(tensor) : [];
      const faces: DetectedFace[] = results.map((r) => {
        const { x, y, width, height } = r.detection.box;
        const box = { x, y, width, height };
        const face: DetectedFace = {
          box,
          quality: {
            score: r.detection.score,
            sizePx: Math.min(width, height),
            sharpness: faceSharpness(image, box),
            pose: { roll: r.angle.roll ?? 0, pitch: r.angle.pitch ?? 0, yaw: r.angle.yaw ?? 0 },
          },
          descriptor: r.descriptor,
        };
        const scored = liveness?.forBox(spoofScores, box);
        if (scored) face.liveness = scored;
        return face;
      });
      faces.sort((a, b) => b.box.width * b.box.height - a.box.width * a.box.height);
      return { width: image.width, height: image.height, faces, engineVersion: version };
    } finally {
      tensor.dispose();
    }
  }

  return {
    version,
    analyzeRgb,
    async analyze(bytes, analyzeOptions) {
      const started = performance.now();
      const decoded = decodeImage(bytes, { maxPixels: options.maxPixels });
      const image = fitWithin(decoded, options.maxSide ?? 1920);
      const result = await analyzeRgb(image, analyzeOptions);
      const k = decoded.width / image.width;
      const faces = k === 1 ? result.faces : result.faces.map((f) => ({ ...f, box: { x: f.box.x * k, y: f.box.y * k, width: f.box.width * k, height: f.box.height * k }, quality: { ...f.quality, sizePx: f.quality.sizePx * k } }));
      return { ...result, width: decoded.width, height: decoded.height, faces, inferenceMs: performance.now() - started };
    },
    distance: euclideanDistance,
    async close() {
      // Weights stay with the thread; a worker's exit frees them. Nothing to do in-thread.
    },
  };
}
