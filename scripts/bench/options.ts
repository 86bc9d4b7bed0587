// Command-line flags of `npm run bench`. Sizes are per run; every workload runs `runs` times.

export interface BenchOptions {
  runs: number;
  /** Size of the log the catch-up subscription and the projection rebuild read. */
  events: number;
  /** Operations per run of the single-event workloads (commands and single appends). */
  singleOps: number;
  /** Events per run of each batched workload. */
  batchEvents: number;
  /** Compare with Emmett's Postgres event store (off: ours only). */
  emmett: boolean;
  quick: boolean;
}

export const USAGE = `usage: npm run bench -- [--runs N] [--events N] [--ops N] [--batch-events N] [--quick] [--no-emmett]
  --runs N           runs per workload; the median is reported (default 5, at least 3)
  --events N         events in the log for the subscription and the rebuild (default 1000000)
  --ops N            operations per run of the single-event workloads (default 20000)
  --batch-events N   events per run of each batched workload (default 200000)
  --quick            small smoke run (3 runs, 20,000-event log, 1,000 ops, 20,000 batched events)
  --no-emmett        skip the comparison with Emmett`;

const DEFAULTS: BenchOptions = { runs: 5, events: 1_000_000, singleOps: 20_000, batchEvents: 200_000, emmett: true, quick: false };
const QUICK: Partial<BenchOptions> = { runs: 3, events: 20_000, singleOps: 1_000, batchEvents: 20_000, quick: true };

export function parseOptions(argv: readonly string[]): BenchOptions {
  const quick = argv.includes('--quick');
  const options: BenchOptions = { ...DEFAULTS, ...(quick ? QUICK : {}) };
  const numberAfter = (flag: string, min: number): number | undefined => {
    const index = argv.indexOf(flag);
    if (index < 0) return undefined;
    const value = Number(String(argv[index + 1]).replace(/_/g, ''));
    if (!Number.isInteger(value) || value < min) throw new Error(`${flag} needs an integer of at least ${min}\n${USAGE}`);
    return value;
  };
  const known = new Set(['--runs', '--events', '--ops', '--batch-events', '--quick', '--no-emmett', '--help']);
  argv.forEach((arg, i) => {
    const isValue = i > 0 && ['--runs', '--events', '--ops', '--batch-events'].includes(argv[i - 1]!);
    if (!isValue && !known.has(arg)) throw new Error(`unknown argument ${arg}\n${USAGE}`);
  });
  options.runs = numberAfter('--runs', 3) ?? options.runs;
  options.events = numberAfter('--events', 1) ?? options.events;
  options.singleOps = numberAfter('--ops', 10) ?? options.singleOps;
  options.batchEvents = numberAfter('--batch-events', 100) ?? options.batchEvents;
  if (argv.includes('--no-emmett')) options.emmett = false;
  return options;
}
