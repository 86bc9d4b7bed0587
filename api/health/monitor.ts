// 服务监控 (issue 16 §3): the figures /metrics exposes (projection lag per read model, the event log's
// head, the fence, process memory and CPU) plus the database size and the search index, sampled in
// the server once a minute into a ring of the last hour, and served by GraphQL to the system and
// security administrators (monitor:read) for the console's charts. Nothing is stored: a restart
// starts a new hour.
import type { GraphQLContext } from '../graphql/context';
import { RECORDS_INDEX } from '../../projections/search/records-index';
import { fenceMonitor, projectionLag, type HealthSource } from './health';

export interface MonitorSample {
  at: string;
  headPosition: string;
  /** Largest lag among the read models, in events (Postgres event log) or positions. */
  maxLag: number;
  lags: { name: string; lag: number }[];
  fenceHeldSeconds: number;
  databaseBytes: number;
  rssBytes: number;
  heapUsedBytes: number;
  /** Share of one core used since the previous sample (0–100 per core). */
  cpuPercent: number;
}

const SAMPLE_MS = 60_000;
const RING = 60;

type Source = HealthSource & Pick<GraphQLContext['platform'], 'search'>;

async function databaseBytes(platform: Source): Promise<number> {
  const rows = (await platform.knex.raw('select pg_database_size(current_database()) as size')) as { rows: { size: string }[] };
  return Number(rows.rows[0]?.size ?? 0);
}

export function createMonitor(platform: Source) {
  const samples: MonitorSample[] = [];
  let cpu = process.cpuUsage();
  let cpuAt = process.hrtime.bigint();
  let timer: ReturnType<typeof setInterval> | undefined;

  async function sample(): Promise<MonitorSample> {
    const [lag, fence, size] = await Promise.all([projectionLag(platform), fenceMonitor(platform)?.read(), databaseBytes(platform)]);
    const used = process.cpuUsage(cpu);
    const now = process.hrtime.bigint();
    const elapsedMicros = Number(now - cpuAt) / 1000;
    cpu = process.cpuUsage();
    cpuAt = now;
    const memory = process.memoryUsage();
    const lags = lag.map((p) => ({ name: p.name, lag: p.lagEvents ?? Number(p.lagPosition) }));
    return {
      at: new Date().toISOString(),
      headPosition: (lag[0]?.head ?? (await platform.store.headPosition())).toString(),
      maxLag: Math.max(0, ...lags.map((l) => l.lag)),
      lags,
      fenceHeldSeconds: fence?.heldSeconds ?? 0,
      databaseBytes: size,
      rssBytes: memory.rss,
      heapUsedBytes: memory.heapUsed,
      cpuPercent: elapsedMicros > 0 ? Math.round(((used.user + used.system) / elapsedMicros) * 1000) / 10 : 0,
    };
  }

  async function record() {
    samples.push(await sample());
    if (samples.length > RING) samples.splice(0, samples.length - RING);
  }

  return {
    /** Samples now and then every minute (the process's own timer, which never keeps it alive). */
    start() {
      if (timer) return;
      void record().catch(() => undefined);
      timer = setInterval(() => void record().catch(() => undefined), SAMPLE_MS);
      timer.unref();
    },
    stop() {
      clearInterval(timer);
      timer = undefined;
    },
    /** The last hour, oldest first, ending with a sample taken now. */
    async hour(): Promise<{ samples: MonitorSample[]; current: MonitorSample }> {
      const current = await sample();
      return { samples: [...samples, current], current };
    },
  };
}

export type Monitor = ReturnType<typeof createMonitor>;

// One monitor per platform: started by scripts/start.ts, found again by the GraphQL resolver.
const monitors = new WeakMap<object, Monitor>();
export function monitorFor(platform: Source): Monitor {
  let monitor = monitors.get(platform.knex);
  if (!monitor) monitors.set(platform.knex, (monitor = createMonitor(platform)));
  return monitor;
}

export const monitorTypeDefs = /* GraphQL */ `
  type ReadModelLag {
    name: String!
    lag: Float!
  }
  type MonitorSample {
    at: String!
    headPosition: String!
    maxLag: Float!
    lags: [ReadModelLag!]!
    fenceHeldSeconds: Float!
    databaseBytes: Float!
    rssBytes: Float!
    heapUsedBytes: Float!
    "占用一个 CPU 核心的百分比（两次采样之间）"
    cpuPercent: Float!
  }
  type ReadModelStatus {
    name: String!
    version: Int!
    "running / rebuilding / stopped ..."
    state: String!
    position: String!
    lagEvents: Float
    lagPosition: String!
  }
  type SearchIndexStatus {
    "postgres（内置）或 meilisearch"
    engine: String!
    documents: Int
    "读取失败时的原因"
    error: String
  }
  type PlatformMonitor {
    "最近一小时，每分钟一个采样，最后一个为当前"
    samples: [MonitorSample!]!
    current: MonitorSample!
    readModels: [ReadModelStatus!]!
    search: SearchIndexStatus!
    eventStore: String!
    nodeVersion: String!
    uptimeSeconds: Float!
  }
  extend type Query {
    "服务监控：读模型延迟、事件日志头部、搜索索引、数据库大小、内存与 CPU（系统、安全管理员）"
    platformMonitor: PlatformMonitor!
  }
`;

export const monitorResolvers = {
  Query: {
    async platformMonitor(_: unknown, _args: unknown, ctx: GraphQLContext) {
      ctx.require('monitor:read');
      const platform = ctx.platform;
      const [{ samples, current }, statuses] = await Promise.all([monitorFor(platform).hour(), projectionLag(platform)]);
      let search: { engine: string; documents: number | null; error: string | null };
      // The engine is chosen by configuration alone (MEILI_HOST), as the platform chose it.
      const engine = ctx.config.meiliHost ? 'meilisearch' : 'postgres';
      try {
        const found = await platform.search.search(RECORDS_INDEX.name, { q: '', limit: 0 });
        search = { engine, documents: found.total, error: null };
      } catch (error) {
        search = { engine, documents: null, error: error instanceof Error ? error.message.slice(0, 200) : '无法读取' };
      }
      return {
        samples,
        current,
        readModels: statuses.map((s) => ({ name: s.name, version: s.version, state: s.state, position: s.position.toString(), lagEvents: s.lagEvents, lagPosition: s.lagPosition.toString() })),
        search,
        eventStore: platform.eventStoreKind,
        nodeVersion: process.version,
        uptimeSeconds: Math.round(process.uptime()),
      };
    },
  },
};
