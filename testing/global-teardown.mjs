import { rmSync } from 'node:fs';

export default async function globalTeardown() {
  const handle = globalThis.__embeddedPostgres;
  if (!handle) return;
  await handle.server.stop();
  rmSync(handle.dir, { recursive: true, force: true });
}
