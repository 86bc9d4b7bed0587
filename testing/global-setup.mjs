// One real PostgreSQL server for the whole jest run; each test file makes its own database on it.
import { mkdtempSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../scripts/embedded-postgres.mjs';

export default async function globalSetup() {
  if (process.env.TEST_DATABASE_ADMIN_URL) return; // an outside server was given
  const dir = mkdtempSync(path.join(tmpdir(), 'gz-test-pg-'));
  chmodSync(dir, 0o755);
  const server = await startEmbeddedPostgres({ dataDir: path.join(dir, 'data'), database: 'postgres' });
  process.env.TEST_DATABASE_ADMIN_URL = server.url;
  globalThis.__embeddedPostgres = { server, dir };
}
