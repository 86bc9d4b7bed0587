// Builds the mobile capture app (web-mobile/dist, served at /m/) unless it is newer than every one
// of its sources and of the console code it shares (web-admin/src/api, the generated types). Run by
// `npm start` (through scripts/build-console.ts) and by the mobile browser test before it starts a platform.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './platform';

const MOBILE = path.join(ROOT, 'web-mobile');

function newest(dir: string): number {
  let mtime = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) mtime = Math.max(mtime, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return mtime;
}

export function ensureMobileBuilt(): void {
  const index = path.join(MOBILE, 'dist', 'index.html');
  const sources = Math.max(
    newest(path.join(MOBILE, 'src')),
    newest(path.join(MOBILE, 'public')),
    ...['index.html', 'vite.config.ts'].map((f) => statSync(path.join(MOBILE, f)).mtimeMs),
    newest(path.join(ROOT, 'web-admin', 'src', 'api')),
    statSync(path.join(ROOT, 'web-admin', 'src', 'graphql', 'generated.ts')).mtimeMs,
  );
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  const build = spawnSync('npx', ['vite', 'build', '--config', path.join(MOBILE, 'vite.config.ts'), '--logLevel', 'warn'], {
    cwd: ROOT,
    // A production build whatever the caller's NODE_ENV (jest sets "test").
    env: { ...process.env, NODE_ENV: 'production' },
    encoding: 'utf8',
    timeout: 300_000,
  });
  if (build.status !== 0) throw new Error(`移动端构建失败:\n${build.stdout}\n${build.stderr}`);
}
