// `npm run bench -- face [--runs 3] [--skip-speed] [--skip-accuracy] [--liveness]`: the embedded face
// engine (commands/face): speed through the worker pool and accuracy on the photos that ship in
// @vladmandic/face-api's npm package. Nothing is asserted; results go to bench-results/face-bench.json.
//
// Speed (first, before this thread loads any model, so the memory figures are the pool's):
// - one-face photos (each of the 22 sample faces cut out with its surroundings, ~300-500 px JPEG,
//   like a capture) and the six 1920-px group photos, timed inside the worker (decode + detect +
//   landmarks + descriptor);
// - matches per second through the pool with 1 and 2 workers, all photos submitted at once; per
//   core both as wall-clock throughput / workers and as photos per CPU-second of the process (the
//   latter moves less when other jobs share the machine);
// - peak RSS of the process while the pool runs (sampled every 50 ms) above the RSS before it
//   started, and the longest event-loop delay of this (the "API") thread meanwhile.
// Accuracy (in this thread): every sample face in 6 images (the original photo, mirrored,
// recompressed at JPEG quality 25, dimmed to 55 %, blurred, and cut out and shrunk to a ~100-px
// face); same-person pairs are the 15 pairs among one face's 6 images, different-person pairs every
// pair of images of two different faces. False accepts / rejects at several thresholds.
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { DetectedFace, FaceBox } from '../../commands/face/face-engine';
import { loadFaceApiEngine } from '../../commands/face/face-api-engine';
import { startFacePool } from '../../commands/face/face-pool';
import { decodeImage, type RgbImage } from '../../commands/face/image-decoding';
import { around, blurred, cropped, dimmed, fitWithin, mirrored, sampleImage, samplePhoto, toJpeg } from '../../testing/face-samples';
import { startForeignLoadMeter } from './cpu-meter';
import { writeJson } from './report';
import { median } from './stats';

const USAGE = 'usage: npm run bench -- face [--runs 3 (>= 1)] [--skip-speed] [--skip-accuracy] [--liveness]';
const RESULTS_FILE = path.resolve('bench-results', 'face-bench.json');
const THRESHOLDS = [0.35, 0.4, 0.45, 0.5, 0.55, 0.6];
const SAMPLES = [1, 2, 3, 4, 5, 6];

const log = (message: string) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${message}\n`);
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

function parseOptions(argv: readonly string[]) {
  const known = ['--runs', '--skip-speed', '--skip-accuracy', '--liveness', '--help'];
  argv.forEach((arg, i) => {
    if (!known.includes(arg) && argv[i - 1] !== '--runs') throw new Error(`unknown argument ${arg}\n${USAGE}`);
  });
  if (argv.includes('--help')) {
    console.log(USAGE);
    process.exit(0);
  }
  const i = argv.indexOf('--runs');
  const runs = i < 0 ? 3 : Number(argv[i + 1]);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs needs a whole number >= 1\n${USAGE}`);
  return { runs, speed: !argv.includes('--skip-speed'), accuracy: !argv.includes('--skip-accuracy'), liveness: argv.includes('--liveness') };
}

const center = (b: FaceBox) => ({ x: b.x + b.width / 2, y: b.y + b.height / 2 });

/** The detected face nearest to where the face should be, if one is within half a face's width. */
function findAt(faces: readonly DetectedFace[], expected: { x: number; y: number }, faceWidth: number): DetectedFace | undefined {
  let best: DetectedFace | undefined;
  let bestDistance = Infinity;
  for (const f of faces) {
    const c = center(f.box);
    const d = Math.hypot(c.x - expected.x, c.y - expected.y);
    if (d < bestDistance) [best, bestDistance] = [f, d];
  }
  return bestDistance <= faceWidth / 2 ? best : undefined;
}

// ---------------------------------------------------------------- speed

async function speed(runs: number) {
  const oneFace: Buffer[] = [];
  // (face-api-engine loads TensorFlow.js only when called.) The face boxes come from a pool of one worker, so this thread loads no model before measuring.
  const locator = await startFacePool({ size: 1 });
  for (const n of SAMPLES) {
    const image = sampleImage(n);
    const analysis = await locator.analyze(samplePhoto(n));
    for (const face of analysis.faces) oneFace.push(toJpeg(cropped(image, around(image, face.box, 0.6)), 90));
  }
  await locator.close();
  const groupPhotos = SAMPLES.map(samplePhoto);
  log(`speed: ${oneFace.length} one-face photos (${Math.round(median(oneFace.map((b) => b.length)) / 1024)} KB median), ${groupPhotos.length} group photos`);

  const rows = [];
  for (const size of [1, 2]) {
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
    const startedAt = performance.now();
    const pool = await startFacePool({ size, maxQueue: 1000 });
    const startSeconds = (performance.now() - startedAt) / 1000;
    // Warm-up: every worker JITs and grows its wasm heap once.
    await Promise.all([...oneFace, ...groupPhotos].map((b) => pool.analyze(b)));
    const perRun: { matchesPerSecond: number; perCpuSecond: number; foreignCores: number; loopDelayMaxMs: number; oneFaceMs: number; groupMs: number }[] = [];
    for (let r = 0; r < runs; r++) {
      const batch = [...oneFace, ...oneFace];
      const loop = monitorEventLoopDelay({ resolution: 10 });
      loop.enable();
      const foreign = startForeignLoadMeter();
      const cpu = process.cpuUsage();
      const t0 = performance.now();
      const results = await Promise.all(batch.map((b) => pool.analyze(b)));
      const seconds = (performance.now() - t0) / 1000;
      const used = process.cpuUsage(cpu);
      loop.disable();
      const groups = await Promise.all(groupPhotos.map((b) => pool.analyze(b)));
      perRun.push({
        matchesPerSecond: batch.length / seconds,
        perCpuSecond: batch.length / ((used.user + used.system) / 1e6),
        foreignCores: foreign(),
        loopDelayMaxMs: loop.max / 1e6,
        oneFaceMs: median(results.map((x) => x.inferenceMs)),
        groupMs: median(groups.map((x) => x.inferenceMs)),
      });
      const last = perRun.at(-1)!;
      log(`pool of ${size}, run ${r + 1}: ${last.matchesPerSecond.toFixed(2)} one-face photos/s, ${last.perCpuSecond.toFixed(2)} per CPU-second, other jobs ${last.foreignCores.toFixed(2)} cores, event loop max delay ${last.loopDelayMaxMs.toFixed(0)} ms`);
    }
    await pool.close();
    clearInterval(sampler);
    const m = (key: keyof (typeof perRun)[number]) => median(perRun.map((x) => x[key]));
    rows.push({
      workers: size,
      startSeconds: round(startSeconds, 2),
      matchesPerSecond: round(m('matchesPerSecond'), 2),
      matchesPerSecondPerCore: round(m('matchesPerSecond') / size, 2),
      matchesPerCpuSecond: round(m('perCpuSecond'), 2),
      oneFacePhotoMs: Math.round(m('oneFaceMs')),
      groupPhotoMs: Math.round(m('groupMs')),
      peakRssMB: Math.round(peak / 2 ** 20),
      poolRssMB: Math.round((peak - baseline) / 2 ** 20),
      eventLoopMaxDelayMs: Math.round(m('loopDelayMaxMs')),
      foreignCores: round(m('foreignCores'), 2),
      runs: perRun,
    });
  }
  console.table(rows.map(({ runs: _r, ...row }) => row));
  return rows;
}

// ---------------------------------------------------------------- accuracy

interface Variant {
  name: string;
  make(image: RgbImage, box: FaceBox): { image: RgbImage; at: { x: number; y: number }; faceWidth: number };
}

/** Whole-photo variants keep the face where it was (or mirrored); the cut-out moves and shrinks it. */
const VARIANTS: Variant[] = [
  { name: 'mirrored', make: (image, box) => ({ image: mirrored(image), at: { x: image.width - center(box).x, y: center(box).y }, faceWidth: box.width }) },
  { name: 'jpeg-q25', make: (image, box) => ({ image: decodeImage(toJpeg(image, 25)), at: center(box), faceWidth: box.width }) },
  { name: 'dimmed-55%', make: (image, box) => ({ image: dimmed(image, 0.55), at: center(box), faceWidth: box.width }) },
  { name: 'blurred-r2', make: (image, box) => ({ image: blurred(image, 2), at: center(box), faceWidth: box.width }) },
  {
    name: 'cut-out-100px',
    make: (image, box) => {
      const area = around(image, box, 0.8);
      const piece = cropped(image, area);
      const k = 100 / box.width;
      const small = fitWithin(piece, Math.round(Math.max(piece.width, piece.height) * k));
      const s = small.width / piece.width;
      return { image: small, at: { x: (center(box).x - area.x) * s, y: (center(box).y - area.y) * s }, faceWidth: box.width * s };
    },
  },
];

async function accuracy(liveness: boolean) {
  const engine = await loadFaceApiEngine({ liveness });
  log(`accuracy: ${engine.version}`);
  // faces[k] = the k-th sample face: its descriptor per image ('original' and each variant).
  const faces: { sample: number; images: Map<string, DetectedFace> }[] = [];
  const misses: string[] = [];
  for (const n of SAMPLES) {
    const image = sampleImage(n);
    const original = await engine.analyzeRgb(image, { liveness });
    const start = faces.length;
    for (const f of original.faces) faces.push({ sample: n, images: new Map([['original', f]]) });
    // Whole-photo variants are analysed once per photo, the cut-outs once per face.
    const wholePhoto = new Map<string, DetectedFace[]>();
    for (const variant of VARIANTS) {
      for (let k = start; k < faces.length; k++) {
        const box = faces[k]!.images.get('original')!.box;
        const made = variant.make(image, box);
        if (variant.name !== 'cut-out-100px' && !wholePhoto.has(variant.name)) wholePhoto.set(variant.name, (await engine.analyzeRgb(made.image, { liveness })).faces);
        const found = variant.name === 'cut-out-100px' ? (await engine.analyzeRgb(made.image, { liveness })).faces : wholePhoto.get(variant.name)!;
        const face = findAt(found, made.at, made.faceWidth);
        if (face) faces[k]!.images.set(variant.name, face);
        else misses.push(`sample${n} face ${k - start + 1}: ${variant.name}`);
      }
    }
    log(`sample${n}: ${original.faces.length} faces`);
  }

  const genuine: number[] = [];
  const impostor: number[] = [];
  const originalsOnly: number[] = [];
  for (let a = 0; a < faces.length; a++) {
    const mine = [...faces[a]!.images.values()];
    for (let i = 0; i < mine.length; i++) for (let j = i + 1; j < mine.length; j++) genuine.push(engine.distance(mine[i]!.descriptor, mine[j]!.descriptor));
    for (let b = a + 1; b < faces.length; b++) {
      originalsOnly.push(engine.distance(faces[a]!.images.get('original')!.descriptor, faces[b]!.images.get('original')!.descriptor));
      for (const x of mine) for (const y of faces[b]!.images.values()) impostor.push(engine.distance(x.descriptor, y.descriptor));
    }
  }
  // Person pairs: two different faces count as falsely accepted if any of their image pairs is.
  const personPairs: number[] = [];
  for (let a = 0; a < faces.length; a++) {
    for (let b = a + 1; b < faces.length; b++) {
      let nearest = Infinity;
      for (const x of faces[a]!.images.values()) for (const y of faces[b]!.images.values()) nearest = Math.min(nearest, engine.distance(x.descriptor, y.descriptor));
      personPairs.push(nearest);
    }
  }
  const table = THRESHOLDS.map((t) => ({
    threshold: t,
    personPairsAccepted: personPairs.filter((d) => d <= t).length,
    falseAccepts: impostor.filter((d) => d <= t).length,
    falseAcceptRate: round((100 * impostor.filter((d) => d <= t).length) / impostor.length, 2),
    falseRejects: genuine.filter((d) => d > t).length,
    falseRejectRate: round((100 * genuine.filter((d) => d > t).length) / genuine.length, 2),
  }));
  const byVariant = Object.fromEntries(
    ['original', ...VARIANTS.map((v) => v.name)].map((name) => {
      const these = faces.map((f) => f.images.get(name)).filter((f): f is DetectedFace => !!f);
      const toOriginal = name === 'original' ? [] : faces.filter((f) => f.images.has(name)).map((f) => engine.distance(f.images.get('original')!.descriptor, f.images.get(name)!.descriptor));
      return [
        name,
        {
          found: these.length,
          distanceToOriginal: toOriginal.length ? { median: round(median(toOriginal), 3), max: round(Math.max(...toOriginal), 3) } : undefined,
          sharpness: { min: round(Math.min(...these.map((f) => f.quality.sharpness))), median: round(median(these.map((f) => f.quality.sharpness))), max: round(Math.max(...these.map((f) => f.quality.sharpness))) },
          score: { min: round(Math.min(...these.map((f) => f.quality.score)), 2), median: round(median(these.map((f) => f.quality.score)), 2) },
          ...(liveness
            ? {
                liveness: {
                  realMedian: round(median(these.map((f) => f.liveness?.real ?? Number.NaN)), 2),
                  realMin: round(Math.min(...these.map((f) => f.liveness?.real ?? 1)), 2),
                  realBelowHalf: these.filter((f) => (f.liveness?.real ?? 1) < 0.5).length,
                  liveMedian: round(median(these.map((f) => f.liveness?.live ?? Number.NaN)), 2),
                  liveMin: round(Math.min(...these.map((f) => f.liveness?.live ?? 1)), 2),
                  liveBelowHalf: these.filter((f) => (f.liveness?.live ?? 1) < 0.5).length,
                  unscored: these.filter((f) => !f.liveness).length,
                },
              }
            : {}),
        },
      ];
    }),
  );
  const summary = {
    engine: engine.version,
    faces: faces.length,
    genuinePairs: genuine.length,
    impostorPairs: impostor.length,
    impostorPersonPairs: originalsOnly.length,
    detectionMisses: misses,
    genuine: { median: round(median(genuine), 3), max: round(Math.max(...genuine), 3) },
    impostor: { min: round(Math.min(...impostor), 3), median: round(median(impostor), 3) },
    originalsOnly: { min: round(Math.min(...originalsOnly), 3), max: round(Math.max(...originalsOnly), 3) },
    table,
    byVariant,
  };
  console.table(table);
  console.log(JSON.stringify({ ...summary, table: undefined }, null, 2));
  return summary;
}

async function main() {
  const options = parseOptions(process.argv.slice(2));
  log(`face bench: ${options.runs} runs on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown'})`);
  const speedRows = options.speed ? await speed(options.runs) : undefined;
  const accuracyResult = options.accuracy ? await accuracy(options.liveness) : undefined;
  writeJson(RESULTS_FILE, {
    generatedAt: new Date().toISOString(),
    options,
    machine: { node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(os.totalmem() / 2 ** 30) },
    speed: speedRows,
    accuracy: accuracyResult,
  });
  console.log(`\nWritten to ${path.relative(process.cwd(), RESULTS_FILE)}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error('face bench failed:', error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
