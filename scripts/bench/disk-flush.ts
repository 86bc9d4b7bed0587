// The disk's flush rate: every commit waits for one WAL flush (fsync and synchronous_commit stay
// on), so the flushes per second bound the commits per second unless Postgres groups commits.
import { closeSync, fdatasyncSync, openSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

export function measureDiskFlush(folder: string, flushes = 300): { flushesPerSecond: number; meanMs: number } {
  const file = path.join(folder, 'flush-probe');
  const fd = openSync(file, 'w');
  const page = Buffer.alloc(8192, 1);
  try {
    const started = performance.now();
    for (let i = 0; i < flushes; i++) {
      writeSync(fd, page, 0, page.length, (i % 16) * page.length);
      fdatasyncSync(fd);
    }
    const ms = performance.now() - started;
    return { flushesPerSecond: (flushes * 1000) / ms, meanMs: ms / flushes };
  } finally {
    closeSync(fd);
    rmSync(file, { force: true });
  }
}
