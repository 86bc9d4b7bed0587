// Child process running one store's side of the benchmark (see protocol.ts for why each store
// gets its own process). Started by worker-client.ts as `worker.ts <ours|emmett> <config json>`.
import type { AppendWorkload, Measurement, StoreKind, WorkerConfig, WorkerMessage, WorkerRequest } from './protocol';

interface Target {
  append(workload: AppendWorkload): Promise<Measurement>;
  commands?(clients: number, total: number): Promise<Measurement>;
  seed?(events: number, writers: number): Promise<Measurement>;
  subscribe?(events: number): Promise<Measurement>;
  rebuild?(): Promise<Measurement>;
  close(): Promise<void>;
}

const send = (message: WorkerMessage) => new Promise<void>((resolve) => process.send?.(message, undefined, undefined, () => resolve()));

async function load(kind: StoreKind, config: WorkerConfig): Promise<Target> {
  // Imported lazily so the other store's driver code never loads in this process.
  if (kind === 'ours') return (await import('./event-store-bench')).createOurTarget(config);
  return (await import('./emmett-bench')).createEmmettTarget(config);
}

function unsupported(op: string): never {
  throw new Error(`${op} is not measured for this store`);
}

async function handle(target: Target, request: WorkerRequest): Promise<Measurement | null> {
  switch (request.op) {
    case 'append':
      return target.append(request.workload);
    case 'commands':
      return (target.commands ?? unsupported('commands'))(request.clients, request.total);
    case 'seed':
      return (target.seed ?? unsupported('seed'))(request.events, request.writers);
    case 'subscribe':
      return (target.subscribe ?? unsupported('subscribe'))(request.events);
    case 'rebuild':
      return (target.rebuild ?? unsupported('rebuild'))();
    case 'close':
      await target.close();
      return null;
  }
}

async function main() {
  const kind = process.argv[2] as StoreKind;
  const config = JSON.parse(process.argv[3] ?? '{}') as WorkerConfig;
  const target = await load(kind, config);
  // One request at a time: the orchestrator never overlaps measurements.
  let queue = Promise.resolve();
  process.on('message', (message: { id: number; request: WorkerRequest }) => {
    queue = queue.then(async () => {
      try {
        const cpu = process.cpuUsage();
        const value = await handle(target, message.request);
        const used = process.cpuUsage(cpu);
        if (value) value.nodeMicrosPerOp = (used.user + used.system) / value.count;
        await send({ id: message.id, ok: true, value });
      } catch (error) {
        await send({ id: message.id, ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      }
      // Exit explicitly once closed: a library's late timers must not keep the process alive.
      if (message.request.op === 'close') process.exit(0);
    });
  });
  await send({ ready: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
