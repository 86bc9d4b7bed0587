// Starts the platform the way `npm start` does (tsx scripts/start.ts, embedded Postgres, demo data)
// on a temporary data folder and a free port, for the browser tests; builds the console first when
// web-admin/dist is missing or older than its sources.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const WEB = path.join(ROOT, 'web-admin');

export interface DemoCredentials {
  [username: string]: string;
}

export interface RunningPlatform {
  url: string;
  /** The platform's data folder (embedded Postgres, demo credentials). */
  dataDir: string;
  credentials: DemoCredentials;
  output: () => string;
  stop: () => Promise<void>;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** Builds web-admin/dist unless it is newer than every console source (both pages). */
export function ensureConsoleBuilt(): void {
  const index = path.join(WEB, 'dist', 'index.html');
  const pages = ['index.html', 'explorer.html', 'vite.config.ts'].map((f) => path.join(WEB, f)).filter((f) => existsSync(f));
  const sources = Math.max(newestMtime(path.join(WEB, 'src')), ...pages.map((f) => statSync(f).mtimeMs));
  // Both pages must be there: the console (index.html) and the GraphQL explorer (explorer.html).
  if (existsSync(index) && existsSync(path.join(WEB, 'dist', 'explorer.html')) && statSync(index).mtimeMs >= sources) return;
  const build = spawnSync('npx', ['vite', 'build', '--config', path.join(WEB, 'vite.config.ts'), '--logLevel', 'warn'], { cwd: ROOT, encoding: 'utf8', timeout: 300_000 });
  if (build.status !== 0) throw new Error(`控制台构建失败:\n${build.stdout}\n${build.stderr}`);
}

export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });

async function waitForHealth(url: string, child: ChildProcess, deadline: number, output: () => string) {
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`平台启动失败（退出码 ${child.exitCode}）:\n${output()}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`平台在时限内没有就绪:\n${output()}`);
}

/**
 * `npm run init-admins` against a running platform's data folder, as an installer runs it: creates
 * the system, security and audit administrators and returns the one-time passwords it printed.
 */
export function initAdmins(platform: Pick<RunningPlatform, 'dataDir'>): DemoCredentials {
  const run = spawnSync('npx', ['tsx', 'scripts/init-admins.ts'], {
    cwd: process.env.E2E_PLATFORM_ROOT ?? ROOT,
    env: { ...process.env, DATA_DIR: platform.dataDir, LOG_LEVEL: 'warn' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (run.status !== 0) throw new Error(`init-admins 失败:\n${run.stdout}\n${run.stderr}`);
  const credentials: DemoCredentials = {};
  for (const match of run.stdout.matchAll(/^\s+(sysadmin|secadmin|auditadmin)\s+(\S+)\s/gm)) credentials[match[1]!] = match[2]!;
  if (Object.keys(credentials).length !== 3) throw new Error(`init-admins 没有输出三个管理员的一次性密码:\n${run.stdout}`);
  return credentials;
}

/**
 * `npx tsx scripts/start.ts` with a fresh DATA_DIR and PORT. E2E_PLATFORM_ROOT may name another
 * checkout whose server to run (its web-admin/dist is what it serves).
 */
export async function startPlatform(options: { readyWithinMs?: number } = {}): Promise<RunningPlatform> {
  const platformRoot = process.env.E2E_PLATFORM_ROOT ?? ROOT;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'gz-console-e2e-'));
  // Run as root, Postgres runs as the postgres user, who must be able to enter the folder.
  chmodSync(dataDir, 0o755);
  const port = await freePort();
  let log = '';
  const child = spawn('npx', ['tsx', 'scripts/start.ts'], {
    cwd: platformRoot,
    // TRUST_PROXY: the browser's users come through a proxy that names their workstations
    // (X-Forwarded-For), as on the intranet; each then has a login rate limit of their own.
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', TRUST_PROXY: '1' },
    // Its own process group, so that stopping it reaches npx, tsx and node.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async () => {
    if (child.exitCode === null && child.pid) {
      process.kill(-child.pid, 'SIGINT');
      const timer = setTimeout(() => child.pid && child.exitCode === null && process.kill(-child.pid, 'SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    // The demo data loads before the server answers: a few minutes on a busy 2-core machine.
    await waitForHealth(url, child, Date.now() + (options.readyWithinMs ?? 180_000), () => log);
    const file = path.join(dataDir, 'demo-credentials.txt');
    const credentials: DemoCredentials = {};
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const [username, password] = line.split('\t');
      if (username && password) credentials[username] = password;
    }
    return { url, dataDir, credentials, output: () => log, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
