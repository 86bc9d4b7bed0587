// One real PostgreSQL server for the whole jest run; each test file makes its own database on it.
// The browser specs' screenshots of earlier runs are removed here, once, before any spec runs.
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../scripts/embedded-postgres.mjs';

const SCREENSHOTS = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', 'test-artifacts', 'screenshots');

export default async function globalSetup() {
  if (existsSync(SCREENSHOTS)) for (const file of readdirSync(SCREENSHOTS)) if (file.endsWith('.png')) rmSync(path.join(SCREENSHOTS, file));
  if (process.env.TEST_DATABASE_ADMIN_URL) return; // an outside server was given
  const dir = mkdtempSync(path.join(tmpdir(), 'gz-test-pg-'));
  chmodSync(dir, 0o755);
  const server = await startEmbeddedPostgres({ dataDir: path.join(dir, 'data'), database: 'postgres' });
  process.env.TEST_DATABASE_ADMIN_URL = server.url;
  globalThis.__embeddedPostgres = { server, dir };
}
