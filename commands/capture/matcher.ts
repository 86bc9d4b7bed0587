// The capture matcher (issue 13 §2): the second fact of every capture. Takes captures from the
// shared queue (match-queue.ts), analyses the photo in the face engine's worker pool, compares the
// nearest face with the person's reference and every face with the references of everyone else in
// the class (one person checking in for another), and records CaptureMatched on the capture's
// stream. Nothing here edits the capture: a slow engine delays the second fact, never the first.
//
// Any number of matchers, in this process or others, on one machine or many, share the queue: each
// claims what it can analyse now, so the work spreads by capacity. A match is recorded once per
// engine version and reference (the decider refuses a second with the same pair, and the command id
// derives from it), so a lease that ran out while a slow worker still held a capture costs CPU,
// never a second fact.
import { v5 as uuidv5 } from 'uuid';
import type { Knex } from 'knex';
import { captureDecider, type CaptureFacts, type MatchFacts } from '../../domain/capture/capture';
import { personKey } from '../../domain/capture/reference-face';
import type { EventStore } from '../../store/event-store/event-store';
import { loadState } from '../../store/fold';
import { FaceEngineBusyError, UnreadableImageError, type DetectedFace, type FaceEngine } from '../face/face-engine';
import type { FaceService } from '../face/face-service';
import type { ReferenceFaceDirectory, StoredReferenceFace } from '../face/reference-face-directory';
import { handleCommand } from '../pipeline/handle-command';
import type { RequestContext } from '../pipeline/request-context';
import { BlobNotFoundError, type BlobStore } from '../storage/blob-store';
import type { CaptureClassSource } from './class-source';
import { matchQueue, type ClaimedMatch } from './match-queue';

const MATCH_NAMESPACE = '7d3e1c52-8a4b-4f09-9c6e-5b2a1d8f4e71';
export const MATCHER_ACTOR = 'system:capture-matcher';

export interface MatcherOptions {
  store: EventStore;
  knex: Knex;
  blobs: BlobStore;
  face: FaceService;
  references: ReferenceFaceDirectory;
  classes: CaptureClassSource;
  /** Names this matcher on its claims (several per process, or per machine, each unique). */
  workerId: string;
  /** Photos in flight at once (default: twice the engine's workers, so none idles between photos). */
  concurrency?: number;
  /** How long a claim holds a capture (default 2 minutes: far above one analysis, even queued). */
  leaseMs?: number;
  /** How long to wait for new work when the queue is empty (default 250 ms; a local wake() is immediate). */
  pollMs?: number;
  logger?: { error(object: object, message?: string): void };
  /** Called after each recorded match (the benchmark measures lag from capture to match here). */
  onMatched?: (captureStream: string, match: MatchFacts, capture: CaptureFacts) => void;
}

export interface CaptureMatcher {
  readonly workerId: string;
  start(): void;
  stop(): Promise<void>;
  /** New work was queued in this process: look now instead of at the next poll. */
  wake(): void;
  /** Claims and matches what is waiting now, until the queue is empty (tests, scripts). */
  drain(): Promise<number>;
  stats(): { matched: number; retried: number; inFlight: number };
}

async function readAll(stream: AsyncIterable<Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks);
}

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

export function captureMatcher(options: MatcherOptions): CaptureMatcher {
  const { store, blobs, face, references, classes, workerId } = options;
  const queue = matchQueue(options.knex);
  const leaseMs = options.leaseMs ?? 120_000;
  const pollMs = options.pollMs ?? 250;
  const concurrency = options.concurrency ?? Math.max(2, face.settings.workers * 2);
  const counters = { matched: 0, retried: 0 };
  let inFlight = 0;
  let stopped = true;
  let loop: Promise<void> | undefined;
  let wakeUp: (() => void) | undefined;
  const running = new Set<Promise<void>>();
  // Opened descriptors by ciphertext: a class's references are compared with every capture of it.
  const opened = new Map<string, Float32Array>();
  const open = (cipher: string) => {
    let d = opened.get(cipher);
    if (!d) {
      d = face.sealer.open(cipher);
      opened.set(cipher, d);
      if (opened.size > 20_000) opened.delete(opened.keys().next().value!);
    }
    return d;
  };

  // A reference enrolled under another engine version (a newer model since): its descriptor is not
  // comparable with this engine's, so the reference photo (kept encrypted in the store) is analysed
  // again with the engine in use; kept in memory only, by photo and engine. Undefined when the photo
  // is gone or no longer shows exactly one face: the person then has no usable reference for this model.
  const rederived = new Map<string, Promise<Float32Array | undefined>>();
  const comparable = (ref: StoredReferenceFace, engine: FaceEngine): Promise<Float32Array | undefined> => {
    if (ref.engineVersion === engine.version) return Promise.resolve(open(ref.descriptorCipher));
    const key = `${ref.photoFileSha256}:${engine.version}`;
    let found = rederived.get(key);
    if (!found) {
      found = (async () => {
        try {
          const analysis = await engine.analyze(await readAll(await blobs.open(ref.photoFileSha256)));
          return analysis.faces.length === 1 ? analysis.faces[0]!.descriptor : undefined;
        } catch (error) {
          if (error instanceof BlobNotFoundError || error instanceof UnreadableImageError) return undefined;
          throw error;
        }
      })();
      rederived.set(key, found);
      // A busy engine is tried again with the capture, not remembered as a failure.
      found.catch(() => rederived.delete(key));
      if (rederived.size > 20_000) rederived.delete(rederived.keys().next().value!);
    }
    return found;
  };

  const request = (captureStream: string, key: string): RequestContext => {
    const commandId = uuidv5(`match:${captureStream}:${key}`, MATCH_NAMESPACE);
    return { actor: { id: MATCHER_ACTOR, role: 'system', orgId: null }, commandId, correlationId: commandId, ip: null };
  };

  /** Everyone else of the class (roster and teachers) whose reference lies within the threshold of a face in the photo. */
  async function rosterHits(capture: CaptureFacts, faces: readonly DetectedFace[], threshold: number, engine: FaceEngine) {
    const klass = await classes.load(capture.classId);
    if (!klass || !faces.length) return [];
    const people = [...klass.roster.map((r) => ({ kind: r.personKind, id: r.personId })), ...klass.teachers.map((t) => ({ kind: 'teacher' as const, id: t.teacherId }))].filter(
      (p) => personKey(p.kind, p.id) !== personKey(capture.personKind, capture.personId),
    );
    const refs = await references.forPeople(people);
    const best = new Map<string, { personKind: 'trainee' | 'teacher'; personId: string; distance: number }>();
    for (const ref of refs) {
      const descriptor = await comparable(ref, engine);
      if (!descriptor) continue;
      for (const f of faces) {
        const d = engine.distance(f.descriptor, descriptor);
        const key = personKey(ref.personKind, ref.personId);
        if (d <= threshold && d < (best.get(key)?.distance ?? Infinity)) best.set(key, { personKind: ref.personKind, personId: ref.personId, distance: round(d, 4) });
      }
    }
    return [...best.values()].sort((a, b) => a.distance - b.distance);
  }

  async function analyse(capture: CaptureFacts, reference: StoredReferenceFace | undefined, reason: 'first' | 'rematch'): Promise<MatchFacts> {
    const engine = await face.engine();
    const matcher = await face.matcher();
    const base = {
      reason,
      engineVersion: engine.version,
      threshold: matcher.threshold,
      reference: reference ? { photoSm3: reference.photoSm3, engineVersion: reference.engineVersion, source: reference.source, ...(reference.engineVersion !== engine.version ? { comparedAs: engine.version } : {}) } : null,
    };
    let photo: Buffer;
    try {
      photo = await readAll(await blobs.open(capture.photo.sha256));
    } catch (error) {
      if (!(error instanceof BlobNotFoundError)) throw error;
      return { ...base, outcome: 'photo_missing', matched: false, distance: null, faceCount: 0, quality: null, liveness: null, rosterHits: [], inferenceMs: 0 };
    }
    let analysis;
    try {
      analysis = await engine.analyze(photo, face.settings.liveness ? { liveness: true } : {});
    } catch (error) {
      if (!(error instanceof UnreadableImageError)) throw error;
      return { ...base, outcome: 'unreadable', matched: false, distance: null, faceCount: 0, quality: null, liveness: null, rosterHits: [], inferenceMs: 0 };
    }
    const hits = await rosterHits(capture, analysis.faces, matcher.threshold, engine);
    const common = { ...base, engineVersion: analysis.engineVersion, faceCount: analysis.faces.length, rosterHits: hits, inferenceMs: Math.round(analysis.inferenceMs) };
    if (!analysis.faces.length) return { ...common, outcome: 'no_face', matched: false, distance: null, quality: null, liveness: null };
    const referenceDescriptor = reference ? await comparable(reference, engine) : undefined;
    if (!referenceDescriptor) {
      const q = analysis.faces[0]!.quality;
      return { ...common, outcome: 'no_reference', matched: false, distance: null, quality: { score: round(q.score, 3), sizePx: Math.round(q.sizePx), sharpness: round(q.sharpness, 1) }, liveness: null };
    }
    const result = matcher.matchAnalysis(referenceDescriptor, analysis.faces, analysis.engineVersion);
    if (result.outcome === 'no-face') return { ...common, outcome: 'no_face', matched: false, distance: null, quality: null, liveness: null };
    return {
      ...common,
      outcome: result.outcome === 'matched' ? 'matched' : 'not_matched',
      matched: result.outcome === 'matched',
      distance: round(result.distance, 4),
      quality: { score: round(result.quality.score, 3), sizePx: Math.round(result.quality.sizePx), sharpness: round(result.quality.sharpness, 1) },
      liveness: result.liveness ? { real: round(result.liveness.real, 3), live: round(result.liveness.live, 3), model: result.liveness.model } : null,
    };
  }

  async function matchOne(claim: ClaimedMatch): Promise<void> {
    try {
      const state = await loadState(store, captureDecider, claim.captureStream);
      if (state.status !== 'accepted') return void (await queue.done(claim.captureStream, workerId));
      // A first match already recorded (by another worker whose lease ran out, or before a restart) is not repeated.
      if (claim.reason === 'first' && state.matches.length) return void (await queue.done(claim.captureStream, workerId));
      const capture = state.capture;
      const [reference] = await references.forPeople([{ kind: capture.personKind, id: capture.personId }]);
      const match = await analyse(capture, reference, claim.reason);
      const recorded = await handleCommand(store, captureDecider, claim.captureStream, { type: 'RecordMatch', match }, request(claim.captureStream, `${match.engineVersion}:${match.reference?.photoSm3 ?? ''}`));
      await queue.done(claim.captureStream, workerId);
      if (recorded.events.length && !recorded.repeated) {
        counters.matched++;
        options.onMatched?.(claim.captureStream, match, capture);
      }
    } catch (error) {
      counters.retried++;
      const busy = error instanceof FaceEngineBusyError;
      // Busy: soon again. Anything else: back off, up to a minute; the capture stays queued until matched.
      const delay = busy ? 1000 : Math.min(60_000, 1000 * 2 ** Math.min(claim.attempts, 6));
      if (!busy) options.logger?.error({ captureStream: claim.captureStream, err: error instanceof Error ? error.message : String(error) }, 'capture match failed; retrying');
      await queue.retry(claim.captureStream, workerId, delay, error instanceof Error ? error.message : String(error)).catch(() => undefined);
    }
  }

  const launch = (claim: ClaimedMatch) => {
    inFlight++;
    const job = matchOne(claim).finally(() => {
      inFlight--;
      running.delete(job);
      wakeUp?.();
    });
    running.add(job);
  };

  /** Waits for a wake-up, a finished photo or the poll interval, whichever comes first. */
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wakeUp = undefined;
        resolve();
      }
      wakeUp = done;
    });

  return {
    workerId,
    start() {
      if (!stopped) return;
      stopped = false;
      loop = (async () => {
        while (!stopped) {
          try {
            const claims = await queue.claim(workerId, concurrency - inFlight, leaseMs);
            for (const claim of claims) launch(claim);
            if (!claims.length || inFlight >= concurrency) await pause(pollMs);
          } catch (error) {
            if (stopped) break;
            options.logger?.error({ workerId, err: error instanceof Error ? error.message : String(error) }, 'capture matcher could not claim work');
            await pause(Math.max(pollMs, 1000));
          }
        }
      })();
    },
    async stop() {
      stopped = true;
      wakeUp?.();
      await loop;
      await Promise.allSettled([...running]);
    },
    wake: () => wakeUp?.(),
    async drain() {
      let total = 0;
      for (;;) {
        const claims = await queue.claim(workerId, concurrency, leaseMs);
        if (!claims.length) break;
        await Promise.all(claims.map(matchOne));
        total += claims.length;
      }
      return total;
    },
    stats: () => ({ ...counters, inFlight }),
  };
}
