// CPU time of this Node process and of the Postgres server it started, over one measurement: on a
// 2-core machine it shows whether a workload is bound by Node, by Postgres or by neither (waiting
// on the disk's flush).
import { readdirSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/** Linux reports process times in clock ticks of 1/100 s. */
const TICKS_PER_SECOND = 100;

interface ProcStat {
  pid: number;
  ppid: number;
  comm: string;
  ticks: number;
}

function readStats(): ProcStat[] {
  const stats: ProcStat[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const text = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // comm is in parentheses and may contain spaces; fields after it are space-separated.
      const close = text.lastIndexOf(')');
      const comm = text.slice(text.indexOf('(') + 1, close);
      const fields = text.slice(close + 2).split(' ');
      // utime + stime, plus cutime + cstime: the postmaster collects the time of backends that
      // ended (a pool closing an idle connection), which would otherwise vanish from the sum.
      const ticks = Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
      stats.push({ pid: Number(entry), ppid: Number(fields[1]), comm, ticks });
    } catch {
      // The process ended while we listed it.
    }
  }
  return stats;
}

/** CPU seconds of the processes descending from this one that `include` accepts. */
function descendantsCpuSeconds(include: (comm: string) => boolean): number {
  const stats = readStats();
  const children = new Map<number, ProcStat[]>();
  for (const s of stats) children.set(s.ppid, [...(children.get(s.ppid) ?? []), s]);
  let total = 0;
  const walk = (pid: number) => {
    for (const child of children.get(pid) ?? []) {
      if (include(child.comm)) total += child.ticks;
      walk(child.pid);
    }
  };
  walk(process.pid);
  return total / TICKS_PER_SECOND;
}

/** Our embedded server only: the `postgres` processes this process started. */
export const postgresCpuSeconds = () => descendantsCpuSeconds((comm) => comm.startsWith('postgres'));

/** Busy CPU seconds of the whole machine (every core), from /proc/stat. */
function machineBusySeconds(): number {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  return (fields.slice(0, 8).reduce((a, b) => a + b, 0) - idle) / TICKS_PER_SECOND;
}

/**
 * Cores that processes outside this benchmark (other jobs on the machine) kept busy during a
 * measurement: the machine's busy time minus this process and everything it started.
 */
export function startForeignLoadMeter(): () => number {
  const started = performance.now();
  const machine = machineBusySeconds();
  const self = process.cpuUsage();
  const children = descendantsCpuSeconds(() => true);
  return () => {
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(self);
    const own = (used.user + used.system) / 1e6 + (descendantsCpuSeconds(() => true) - children);
    return Math.max(0, (machineBusySeconds() - machine - own) / seconds);
  };
}

export interface CpuSample {
  seconds: number;
  /** Cores used on average: 1.0 is one core busy for the whole measurement. */
  nodeCores: number;
  postgresCores: number;
}

export function startCpuMeter(): () => CpuSample {
  const started = performance.now();
  const node = process.cpuUsage();
  const postgres = postgresCpuSeconds();
  return () => {
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(node);
    return { seconds, nodeCores: (used.user + used.system) / 1e6 / seconds, postgresCores: (postgresCpuSeconds() - postgres) / seconds };
  };
}
