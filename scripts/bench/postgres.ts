// A throw-away embedded Postgres for the benchmark, in a temporary folder removed afterwards (or,
// with `keepIn`, in that folder, kept for the next run: a large generated province is made once).
// Durability stays as configured by default (fsync and synchronous_commit on) for every database.
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../embedded-postgres.mjs';

export interface BenchPostgres {
  urlOf(database: string): string;
  createDatabase(database: string): Promise<void>;
  /** Settings that decide write throughput, reported with the results. */
  settings(): Promise<Record<string, string>>;
  /** Flushes dirty pages, so a checkpoint does not land inside one store's measurement only. */
  checkpoint(): Promise<void>;
  stop(): Promise<void>;
}

const REPORTED_SETTINGS = ['server_version', 'fsync', 'synchronous_commit', 'wal_sync_method', 'full_page_writes', 'commit_delay', 'shared_buffers', 'max_wal_size', 'max_connections'];

/** `settings` are extra server settings (diagnose.ts loads pg_stat_statements); never durability ones. */
export async function startBenchPostgres(settings: Record<string, string> = {}, options: { keepIn?: string } = {}): Promise<BenchPostgres> {
  const root = options.keepIn ? path.resolve(options.keepIn) : mkdtempSync(path.join(os.tmpdir(), 'gz-bench-'));
  if (options.keepIn) mkdirSync(root, { recursive: true });
  // As root the server runs as `postgres`, which must be able to traverse this folder.
  chmodSync(root, 0o755);
  let server: Awaited<ReturnType<typeof startEmbeddedPostgres>> | undefined;
  let admin: pg.Client | undefined;
  const remove = () => (options.keepIn ? undefined : rmSync(root, { recursive: true, force: true }));
  try {
    server = await startEmbeddedPostgres({ dataDir: path.join(root, 'pg'), database: 'postgres', settings });
    admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
  } catch (error) {
    await admin?.end().catch(() => undefined);
    await server?.stop().catch(() => undefined);
    remove();
    throw error;
  }
  const running = server;
  const client = admin;
  const urlOf = (database: string) => {
    const url = new URL(running.url);
    url.pathname = `/${database}`;
    return url.toString();
  };
  return {
    urlOf,
    async createDatabase(database) {
      // A kept folder already holds it from an earlier run (42P04: duplicate_database).
      await client.query(`CREATE DATABASE "${database.replace(/"/g, '')}"`).catch((error: { code?: string }) => {
        if (!(options.keepIn && error.code === '42P04')) throw error;
      });
    },
    async settings() {
      const result = await client.query<{ name: string; setting: string; unit: string | null }>(
        'SELECT name, setting, unit FROM pg_settings WHERE name = ANY($1)',
        [REPORTED_SETTINGS],
      );
      return Object.fromEntries(result.rows.map((r) => [r.name, r.unit ? `${r.setting} (${r.unit})` : r.setting]));
    },
    async checkpoint() {
      await client.query('CHECKPOINT');
    },
    async stop() {
      await client.end().catch(() => undefined);
      await running.stop();
      remove();
    },
  };
}
