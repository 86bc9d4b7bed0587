// Presentation-attack scores (a photo of a photo, a screen) from @vladmandic/human 3.3: its
// `antispoof` and `liveness` models ship in the package's `models/` folder (MIT). Human finds faces
// with its own detector (BlazeFace), so its scores are paired with face-api's faces by position.
//
// Two things keep it offline on Node 20 without tfjs-node:
// - Human loads models through `fetch`, and Node's fetch has no file:// scheme: a TensorFlow.js IO
//   router below serves file:// model URLs from disk (model.json and its weight files).
// - Its package.json `exports` names subpaths without "./", so Node refuses
//   `@vladmandic/human/dist/human.node-wasm.js`: the file is required by its path instead.
// What these scores are worth against real attacks was not measured (README "Face matching").
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { FaceBox, LivenessScores } from './face-engine';

const require = createRequire(import.meta.url);
type Tf = typeof import('@tensorflow/tfjs');
type Tensor3D = import('@tensorflow/tfjs').Tensor3D;

/** The part of Human's API used here (its bundled typings drag in a second copy of tfjs' types). */
interface HumanInstance {
  version: string;
  load(): Promise<void>;
  detect(input: unknown): Promise<{ face: { box: [number, number, number, number]; real?: number; live?: number }[]; error?: string | null }>;
}

export interface SpoofScore {
  box: FaceBox;
  real: number;
  live: number;
}

export interface HumanLiveness {
  version: string;
  /** Every face Human finds in the image, with its two scores. */
  score(image: Tensor3D): Promise<SpoofScore[]>;
  /** The scores of the Human face whose box holds the centre of `box` (nearest centre first). */
  forBox(scores: SpoofScore[], box: FaceBox): LivenessScores | undefined;
}

let routerRegistered = false;

/** Serves `file://.../model.json` to TensorFlow.js' model loader from disk. */
function registerFileModelRouter(tf: Tf) {
  if (routerRegistered) return;
  routerRegistered = true;
  // tfjs types a router as returning an IOHandler, but its registry skips a null answer (that is how
  // the built-in http router declines other schemes): the cast says only that.
  tf.io.registerLoadRouter(((url: string | string[]) => {
    if (typeof url !== 'string' || !url.startsWith('file://')) return null;
    const file = fileURLToPath(url);
    return {
      async load() {
        const json = JSON.parse(readFileSync(file, 'utf8')) as {
          modelTopology: object;
          format?: string;
          generatedBy?: string;
          convertedBy?: string | null;
          signature?: object;
          userDefinedMetadata?: Record<string, object>;
          weightsManifest: { paths: string[]; weights: import('@tensorflow/tfjs').io.WeightsManifestEntry[] }[];
        };
        const weightSpecs = json.weightsManifest.flatMap((group) => group.weights);
        const weights = Buffer.concat(json.weightsManifest.flatMap((group) => group.paths.map((p) => readFileSync(path.join(path.dirname(file), p)))));
        return {
          modelTopology: json.modelTopology,
          format: json.format,
          generatedBy: json.generatedBy,
          convertedBy: json.convertedBy,
          signature: json.signature,
          userDefinedMetadata: json.userDefinedMetadata,
          weightSpecs,
          weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
        };
      },
    };
  }) as unknown as (url: string | string[]) => import('@tensorflow/tfjs').io.IOHandler);
}

export async function loadHumanLiveness(): Promise<HumanLiveness> {
  const tf = require('@tensorflow/tfjs') as Tf;
  registerFileModelRouter(tf);
  // `require.resolve('@vladmandic/human')` gives dist/human.node.js (the tfjs-node build): its folder holds the wasm build too.
  const dist = path.dirname(require.resolve('@vladmandic/human'));
  const { Human } = require(path.join(dist, 'human.node-wasm.js')) as { Human: new (config: object) => HumanInstance };
  const human = new Human({
    backend: 'wasm',
    wasmPath: `${path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'))}${path.sep}`,
    wasmPlatformFetch: false,
    modelBasePath: `${pathToFileURL(path.join(dist, '..', 'models')).href}/`,
    cacheModels: false,
    debug: false,
    warmup: 'none',
    filter: { enabled: false },
    body: { enabled: false },
    hand: { enabled: false },
    object: { enabled: false },
    gesture: { enabled: false },
    segmentation: { enabled: false },
    face: {
      enabled: true,
      detector: { rotation: false, maxDetected: 20, minConfidence: 0.3, return: false },
      mesh: { enabled: false },
      iris: { enabled: false },
      emotion: { enabled: false },
      description: { enabled: false },
      attention: { enabled: false },
      antispoof: { enabled: true },
      liveness: { enabled: true },
    },
  });
  await human.load();
  const version = `human ${human.version} (blazeface, antispoof, liveness)`;
  return {
    version,
    async score(image) {
      const input = tf.tidy(() => tf.expandDims(tf.cast(image, 'float32'), 0));
      try {
        const result = await human.detect(input);
        if (result.error) throw new Error(`liveness: ${result.error}`);
        return result.face.map((f) => ({ box: { x: f.box[0], y: f.box[1], width: f.box[2], height: f.box[3] }, real: f.real ?? 0, live: f.live ?? 0 }));
      } finally {
        input.dispose();
      }
    },
    forBox(scores, box) {
      const cx = box.x + box.width / 2;
      const cy = box.y + box.height / 2;
      const holding = scores
        .filter((s) => cx >= s.box.x && cx <= s.box.x + s.box.width && cy >= s.box.y && cy <= s.box.y + s.box.height)
        .sort((a, b) => Math.hypot(a.box.x + a.box.width / 2 - cx, a.box.y + a.box.height / 2 - cy) - Math.hypot(b.box.x + b.box.width / 2 - cx, b.box.y + b.box.height / 2 - cy));
      const best = holding[0];
      return best ? { real: best.real, live: best.live, model: version } : undefined;
    },
  };
}
