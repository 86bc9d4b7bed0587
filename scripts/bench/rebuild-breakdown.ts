// Where a projection rebuild's time goes: reading pages of the log (query + row decoding) against
// applying them (the row projection's load, evolve and upsert inside its transaction).
import { performance } from 'node:perf_hooks';
import type { Knex } from 'knex';
import type { EventStore } from '../../store/event-store/event-store';
import { occupationsProjection } from '../../projections/occupation/occupations-table';
import type { ProjectionDefinition } from '../../projections/runner/projection';
import { rebuildProjection } from '../../projections/runner/rebuild';
import { startCpuMeter, type CpuSample } from './cpu-meter';

export interface RebuildBreakdown extends CpuSample {
  eventsPerSecond: number;
  readSeconds: number;
  applySeconds: number;
  nodeMicrosPerEvent: number;
  postgresMicrosPerEvent: number;
}

export async function measureRebuildBreakdown(store: EventStore, knex: Knex, batchSize?: number): Promise<RebuildBreakdown> {
  let readMs = 0;
  let applyMs = 0;
  const source: EventStore = {
    ...store,
    readAll: async (options) => {
      const started = performance.now();
      const page = await store.readAll(options);
      readMs += performance.now() - started;
      return page;
    },
  };
  const projection: ProjectionDefinition = {
    ...occupationsProjection,
    apply: async (trx, events, schema) => {
      const started = performance.now();
      await occupationsProjection.apply(trx, events, schema);
      applyMs += performance.now() - started;
    },
  };
  const stop = startCpuMeter();
  const result = await rebuildProjection({ store: source, knex, projection, ...(batchSize ? { batchSize } : {}) });
  const cpu = stop();
  const micros = (cores: number) => (cores * cpu.seconds * 1e6) / result.events;
  return {
    ...cpu,
    eventsPerSecond: result.events / cpu.seconds,
    readSeconds: readMs / 1000,
    applySeconds: applyMs / 1000,
    nodeMicrosPerEvent: micros(cpu.nodeCores),
    postgresMicrosPerEvent: micros(cpu.postgresCores),
  };
}
