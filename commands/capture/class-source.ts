// The training class as the capture commands read it: from the class's own stream, folded with the
// class module's decider (the class module's public domain), so a capture is checked against the
// class exactly as it stands, with no read model's lag. Busy sessions send a capture per trainee
// within minutes, so each process keeps the folded state of the classes it has seen and reads only
// the events appended since (one indexed query that usually returns nothing).
import { classForCapture, type ClassForCapture } from '../../domain/capture/class-view';
import type { TrainingClassEvent } from '../../domain/training-class/events';
import type { TrainingClassState } from '../../domain/training-class/state';
import { trainingClassDecider, trainingClassStreams } from '../../domain/training-class/training-class';
import type { EventStore } from '../../store/event-store/event-store';
import { upcast } from '../../store/upcasters';

export interface CaptureClassSource {
  /** The class now, or undefined when there is no such class. */
  load(classId: string): Promise<ClassForCapture | undefined>;
}

/** At most this many classes folded in memory (about a province's classes running at once). */
const CACHE_LIMIT = 2000;

export function streamClassSource(store: EventStore): CaptureClassSource {
  const cache = new Map<string, { revision: number; state: TrainingClassState; view: ClassForCapture | undefined }>();
  return {
    async load(classId) {
      if (!/^[\w-]{1,64}$/.test(classId)) return undefined;
      const streamId = trainingClassStreams.streamId(classId);
      const cached = cache.get(classId);
      const events = await store.readStream(streamId, cached ? { fromRevision: cached.revision + 1 } : {});
      if (cached && events.length === 0) return cached.view;
      const state = events.map((e) => upcast(e) as TrainingClassEvent).reduce(trainingClassDecider.evolve, cached?.state ?? trainingClassDecider.initialState());
      const revision = events.length ? events[events.length - 1]!.revision : -1;
      const view = classForCapture(state);
      if (revision >= 0) {
        cache.delete(classId);
        cache.set(classId, { revision, state, view });
        if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value!);
      }
      return view;
    },
  };
}
