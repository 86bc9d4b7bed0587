// Schema evolution (DESIGN.md §4): stored events are never rewritten; an upcaster turns version n
// of an event type into version n + 1 when the event is read.
import type { DomainEvent } from '../domain/shared/decider';
import type { RecordedEvent } from './event-store/event-store';

export type Upcaster = (data: Record<string, unknown>) => Record<string, unknown>;

const upcasters = new Map<string, Map<number, Upcaster>>();
const currentVersions = new Map<string, number>();

/** Registers the step from `fromVersion` to `fromVersion + 1` of an event type. */
export function registerUpcaster(type: string, fromVersion: number, upcaster: Upcaster): void {
  const steps = upcasters.get(type) ?? new Map<number, Upcaster>();
  if (steps.has(fromVersion)) throw new Error(`upcaster ${type} v${fromVersion} is registered twice`);
  steps.set(fromVersion, upcaster);
  upcasters.set(type, steps);
  currentVersions.set(type, Math.max(currentVersions.get(type) ?? 1, fromVersion + 1));
}

/** The schema version new events of this type are written with. */
export const currentSchemaVersion = (type: string): number => currentVersions.get(type) ?? 1;

/** The event as the current code understands it. */
export function upcast(event: Pick<RecordedEvent, 'type' | 'data' | 'metadata'>): DomainEvent {
  let version = Number(event.metadata.schemaVersion ?? 1);
  let data = event.data;
  const steps = upcasters.get(event.type);
  while (steps?.has(version)) {
    data = steps.get(version)!(data);
    version += 1;
  }
  return { type: event.type, data };
}
