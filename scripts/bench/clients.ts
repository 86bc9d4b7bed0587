import { performance } from 'node:perf_hooks';

/**
 * Runs `clients` concurrent loops that each take the next operation index until `operations` have
 * been started, like that many independent callers sharing one process. Returns elapsed seconds.
 */
export async function runConcurrently(clients: number, operations: number, operation: (index: number) => Promise<void>): Promise<number> {
  let next = 0;
  const loop = async () => {
    for (let index = next++; index < operations; index = next++) await operation(index);
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: clients }, loop));
  return (performance.now() - started) / 1000;
}
