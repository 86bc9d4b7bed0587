import type { Request, Response } from 'express';
import { Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { Platform } from '../platform';

/**
 * Lag of a projection: events after its checkpoint that it reads (a count, from the Postgres event
 * store), and the difference of global positions (the only measure an EventStoreDB log offers).
 */
async function projectionLag(platform: Platform) {
  const head = await platform.store.headPosition();
  const statuses = platform.runner.status();
  const usesPostgresLog = platform.eventStoreKind === 'postgres';
  return Promise.all(
    statuses.map(async (s) => {
      let lagEvents: number | null = null;
      if (usesPostgresLog) {
        const row = await platform.knex('events').where('position', '>', s.position.toString()).count<{ n: string }[]>({ n: '*' }).first();
        lagEvents = Number(row?.n ?? 0);
      }
      return { ...s, head, lagPosition: head > s.position ? head - s.position : 0n, lagEvents };
    }),
  );
}

export function healthHandler(platform: Platform) {
  return async (_req: Request, res: Response) => {
    try {
      await platform.knex.raw('select 1');
      const projections = await projectionLag(platform);
      const healthy = projections.every((p) => p.state === 'running' || p.state === 'rebuilding');
      res.status(healthy ? 200 : 503).json({
        status: healthy ? 'ok' : 'degraded',
        eventStoreHead: projections[0]?.head.toString() ?? null,
        projections: projections.map((p) => ({
          name: p.name,
          version: p.version,
          state: p.state,
          position: p.position.toString(),
          lagPosition: p.lagPosition.toString(),
          lagEvents: p.lagEvents,
          ...(p.error ? { error: p.error } : {}),
        })),
      });
    } catch {
      res.status(503).json({ status: 'unavailable' });
    }
  };
}

/** Prometheus text format: process metrics plus each projection's checkpoint and lag. */
export function metricsHandler(platform: Platform) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'gz_' });
  const lagEvents = new Gauge({ name: 'gz_projection_lag_events', help: 'Events after the projection checkpoint', labelNames: ['projection'], registers: [registry] });
  const lagPosition = new Gauge({ name: 'gz_projection_lag_position', help: 'Head position minus projection checkpoint', labelNames: ['projection'], registers: [registry] });
  const checkpoint = new Gauge({ name: 'gz_projection_checkpoint', help: 'Projection checkpoint (global position)', labelNames: ['projection'], registers: [registry] });
  const up = new Gauge({ name: 'gz_projection_running', help: '1 when the projection is running or rebuilding', labelNames: ['projection'], registers: [registry] });
  const head = new Gauge({ name: 'gz_event_store_head_position', help: 'Global position of the last readable event', registers: [registry] });
  return async (_req: Request, res: Response) => {
    const projections = await projectionLag(platform);
    for (const p of projections) {
      if (p.lagEvents !== null) lagEvents.set({ projection: p.name }, p.lagEvents);
      lagPosition.set({ projection: p.name }, Number(p.lagPosition));
      checkpoint.set({ projection: p.name }, Number(p.position));
      up.set({ projection: p.name }, p.state === 'running' || p.state === 'rebuilding' ? 1 : 0);
      head.set(Number(p.head));
    }
    res.type(registry.contentType).send(await registry.metrics());
  };
}
