import type { Request, Response } from 'express';
import { Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { createFenceMonitor, FENCE_WARNING_SECONDS, type FenceMonitor, type FenceStatus } from '../../store/event-store/postgres/fence';
import type { Platform } from '../platform';

/** What health and metrics read of the platform (a test can hand in just these). */
export type HealthSource = Pick<Platform, 'knex' | 'store' | 'runner' | 'eventStoreKind'>;

export interface HealthOptions {
  /** Past this, a held fence turns /healthz to `warning` (default FENCE_WARNING_SECONDS). */
  fenceWarningSeconds?: number;
  /** Whether the caller may see session details (who holds the fence) and projection errors; default yes. */
  detailed?(req: Request): boolean;
}

/**
 * Lag of a projection: events after its checkpoint that it reads (a count, from the Postgres event
 * store), and the difference of global positions (the only measure an EventStoreDB log offers).
 */
export async function projectionLag(platform: HealthSource) {
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

// One monitor per platform, shared by /healthz and /metrics: it remembers since when it has seen a
// holder it cannot identify, and both endpoints should report the same duration.
const monitors = new WeakMap<object, FenceMonitor>();
export function fenceMonitor(platform: HealthSource): FenceMonitor | undefined {
  if (platform.eventStoreKind !== 'postgres') return undefined; // EventStoreDB has no fence
  let monitor = monitors.get(platform.knex);
  if (!monitor) {
    monitor = createFenceMonitor(async <T extends object>(sql: string) => ((await platform.knex.raw(sql)) as { rows: T[] }).rows);
    monitors.set(platform.knex, monitor);
  }
  return monitor;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The fence section of /healthz: who holds event delivery back, for how long, and how many events wait. */
function fenceReport(fence: FenceStatus, warningSeconds: number, detailed: boolean) {
  const warning = fence.held && fence.heldSeconds >= warningSeconds;
  const h = fence.holder;
  const who = !detailed
    ? '数据库中一个未结束'
    : h
      ? h.kind === 'prepared'
        ? `预备事务 ${h.preparedGid}`
        : `进程 ${h.pid}（${h.database ?? '?'} / ${h.user ?? '?'} / ${h.applicationName || '-'}，${h.state ?? '?'}）`
      : '一个本角色无权查看的会话（请授予 pg_read_all_stats）';
  return {
    status: warning ? ('warning' as const) : ('ok' as const),
    ...(warning ? { message: `事件投递已被${who}的事务阻塞 ${Math.floor(fence.heldSeconds)} 秒，${fence.eventsBehindFence} 个已提交事件在等待；该事务结束后自动恢复` } : {}),
    heldSeconds: Math.round(fence.heldSeconds * 1000) / 1000,
    heldSince: fence.heldSince,
    warningAfterSeconds: warningSeconds,
    eventsBehindFence: fence.eventsBehindFence,
    openWriteTransactions: fence.openWriteTransactions,
    preparedTransactions: fence.preparedTransactions,
    fenceTransaction: fence.fenceXid.toString(),
    holder: h && !detailed ? { kind: h.kind } : h
      ? {
          kind: h.kind,
          pid: h.pid,
          database: h.database,
          user: h.user,
          applicationName: h.applicationName,
          state: h.state,
          transactionStart: iso(h.transactionStart),
          queryStart: iso(h.queryStart),
          ...(h.kind === 'prepared' ? { preparedGid: h.preparedGid, preparedAt: iso(h.preparedAt) } : {}),
        }
      : null,
  };
}

/**
 * 200 `ok`; 200 `warning` when the event store's fence has been held past the threshold (the app
 * itself is fine and restarting it would not help: the holder is a transaction somewhere in the
 * cluster, named in `fence.holder`); 503 `degraded` when a projection has stopped.
 */
export function healthHandler(platform: HealthSource, options: HealthOptions = {}) {
  const warningSeconds = options.fenceWarningSeconds ?? FENCE_WARNING_SECONDS;
  return async (req: Request, res: Response) => {
    const detailed = options.detailed?.(req) ?? true;
    try {
      await platform.knex.raw('select 1');
      const [projections, fence] = await Promise.all([projectionLag(platform), fenceMonitor(platform)?.read()]);
      const healthy = projections.every((p) => p.state === 'running' || p.state === 'rebuilding');
      const fenceSection = fence ? fenceReport(fence, warningSeconds, detailed) : undefined;
      const status = !healthy ? 'degraded' : fenceSection?.status === 'warning' ? 'warning' : 'ok';
      res.status(healthy ? 200 : 503).json({
        status,
        eventStoreHead: projections[0]?.head.toString() ?? null,
        ...(fenceSection ? { fence: fenceSection } : {}),
        projections: projections.map((p) => ({
          name: p.name,
          version: p.version,
          state: p.state,
          position: p.position.toString(),
          lagPosition: p.lagPosition.toString(),
          lagEvents: p.lagEvents,
          ...(p.error && detailed ? { error: p.error } : {}),
        })),
      });
    } catch {
      res.status(503).json({ status: 'unavailable' });
    }
  };
}

/** Prometheus text format: process metrics, each projection's checkpoint and lag, and the event store's fence. */
export function metricsHandler(platform: HealthSource) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'gz_' });
  const lagEvents = new Gauge({ name: 'gz_projection_lag_events', help: 'Events after the projection checkpoint', labelNames: ['projection'], registers: [registry] });
  const lagPosition = new Gauge({ name: 'gz_projection_lag_position', help: 'Head position minus projection checkpoint', labelNames: ['projection'], registers: [registry] });
  const checkpoint = new Gauge({ name: 'gz_projection_checkpoint', help: 'Projection checkpoint (global position)', labelNames: ['projection'], registers: [registry] });
  const up = new Gauge({ name: 'gz_projection_running', help: '1 when the projection is running or rebuilding', labelNames: ['projection'], registers: [registry] });
  const head = new Gauge({ name: 'gz_event_store_head_position', help: 'Global position of the last readable event', registers: [registry] });
  const fenceHeld = new Gauge({ name: 'gz_event_store_fence_held_seconds', help: 'How long the oldest open write transaction in the cluster has held event delivery back (0: none)', registers: [registry] });
  const fenceBehind = new Gauge({ name: 'gz_event_store_events_behind_fence', help: 'Committed events not yet readable because an older transaction is still open', registers: [registry] });
  const fencePid = new Gauge({ name: 'gz_event_store_fence_holder_pid', help: 'Backend pid of the transaction holding the fence (0: none, a prepared transaction, or not visible to this role)', registers: [registry] });
  const fenceHolder = new Gauge({
    name: 'gz_event_store_fence_holder_info',
    help: 'The transaction holding the fence (1), by kind, database, user, application and state',
    labelNames: ['kind', 'pid', 'database', 'user', 'application_name', 'state'],
    registers: [registry],
  });
  const writers = new Gauge({ name: 'gz_postgres_open_write_transactions', help: 'Sessions in the cluster with a transaction id (those this role may see)', registers: [registry] });
  const prepared = new Gauge({ name: 'gz_postgres_prepared_transactions', help: 'Prepared transactions in the cluster (each holds the fence until committed or rolled back)', registers: [registry] });
  return async (_req: Request, res: Response) => {
    const [projections, fence] = await Promise.all([projectionLag(platform), fenceMonitor(platform)?.read()]);
    for (const p of projections) {
      if (p.lagEvents !== null) lagEvents.set({ projection: p.name }, p.lagEvents);
      lagPosition.set({ projection: p.name }, Number(p.lagPosition));
      checkpoint.set({ projection: p.name }, Number(p.position));
      up.set({ projection: p.name }, p.state === 'running' || p.state === 'rebuilding' ? 1 : 0);
      head.set(Number(p.head));
    }
    if (fence) {
      fenceHeld.set(fence.heldSeconds);
      fenceBehind.set(fence.eventsBehindFence);
      fencePid.set(fence.holder?.pid ?? 0);
      // Only the current holder is a series: the previous one's labels go with it.
      fenceHolder.reset();
      const h = fence.holder;
      if (fence.held) {
        fenceHolder.set(
          { kind: h?.kind ?? 'unknown', pid: String(h?.pid ?? ''), database: h?.database ?? '', user: h?.user ?? '', application_name: h?.applicationName ?? '', state: h?.state ?? '' },
          1,
        );
      }
      writers.set(fence.openWriteTransactions);
      prepared.set(fence.preparedTransactions);
    }
    res.type(registry.contentType).send(await registry.metrics());
  };
}
