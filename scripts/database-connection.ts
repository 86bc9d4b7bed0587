// How the command-line tools (verify, rebuild, bench) reach the database: DATABASE_URL when set;
// otherwise the embedded server of a running `npm start` (it leaves its address in the data
// folder); otherwise they start the embedded server on the data folder themselves.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from './embedded-postgres.mjs';

const runtimeFile = (dataDir: string) => path.join(dataDir, 'postgres.url');

/** Called by `npm start`: tells the tools where the running embedded server listens (owner-only file). */
export function announceEmbeddedDatabase(dataDir: string, url: string) {
  writeFileSync(runtimeFile(dataDir), url, { mode: 0o600 });
}

export function forgetEmbeddedDatabase(dataDir: string) {
  rmSync(runtimeFile(dataDir), { force: true });
}

async function reachable(url: string) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

export async function connectDatabase(dataDir: string): Promise<{ url: string; release: () => Promise<void> }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, release: async () => undefined };
  const file = runtimeFile(dataDir);
  if (existsSync(file)) {
    const url = readFileSync(file, 'utf8').trim();
    if (await reachable(url)) return { url, release: async () => undefined };
  }
  if (!existsSync(path.join(dataDir, 'postgres', 'PG_VERSION'))) {
    throw new Error(`在 ${dataDir} 中找不到数据库：请先运行 npm start，或设置 DATABASE_URL`);
  }
  const server = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'postgres'), database: 'gz_skills' });
  return { url: server.url, release: server.stop };
}
