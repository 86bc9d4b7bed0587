// The final table (stdout) and its JSON copy in bench-results/event-store.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Measurement } from './protocol';
import { formatRate, formatRatio, median } from './stats';

export interface Target {
  /** What the issue asks for, in the row's unit. */
  atLeast?: number;
  /** The row must beat Emmett. */
  beatEmmett?: boolean;
}

export interface ResultRow {
  key: string;
  label: string;
  unit: string;
  ours: Measurement[];
  emmett: Measurement[];
  target: Target;
}

interface Summary {
  key: string;
  label: string;
  unit: string;
  oursMedian: number;
  emmettMedian: number | null;
  ratio: number | null;
  runs: number;
  oursRuns: number[];
  emmettRuns: number[];
  target: Target;
  targetMet: boolean | null;
  /** Median cores other jobs on the machine used during this row's runs (both stores). */
  foreignCores: number;
  /** Median CPU microseconds per operation: [Node process, Postgres] for each store. */
  cpuMicrosPerOp: { ours: [number, number]; emmett: [number, number] | null };
}

const cpuPerOp = (runs: Measurement[]): [number, number] => [median(runs.map((m) => m.nodeMicrosPerOp ?? Number.NaN)), median(runs.map((m) => m.postgresMicrosPerOp ?? Number.NaN))];

export function summarise(row: ResultRow): Summary {
  const oursRuns = row.ours.map((m) => m.perSecond);
  const emmettRuns = row.emmett.map((m) => m.perSecond);
  const oursMedian = median(oursRuns);
  const emmettMedian = emmettRuns.length ? median(emmettRuns) : null;
  const ratio = emmettMedian ? oursMedian / emmettMedian : null;
  const checks: boolean[] = [];
  if (row.target.atLeast !== undefined) checks.push(oursMedian >= row.target.atLeast);
  if (row.target.beatEmmett && ratio !== null) checks.push(ratio > 1);
  return {
    key: row.key,
    label: row.label,
    unit: row.unit,
    oursMedian,
    emmettMedian,
    ratio,
    runs: oursRuns.length,
    oursRuns,
    emmettRuns,
    target: row.target,
    targetMet: checks.length ? checks.every(Boolean) : null,
    foreignCores: median([...row.ours, ...row.emmett].map((m) => m.foreignCores ?? 0)),
    cpuMicrosPerOp: { ours: cpuPerOp(row.ours), emmett: row.emmett.length ? cpuPerOp(row.emmett) : null },
  };
}

const describeTarget = (t: Target) => [t.atLeast !== undefined ? `>= ${formatRate(t.atLeast)}` : '', t.beatEmmett ? '> Emmett' : ''].filter(Boolean).join(', ');

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n');
}

export function printTable(summaries: Summary[]): void {
  const rows = summaries.map((s) => [
    `${s.label} (${s.unit})`,
    formatRate(s.oursMedian),
    s.emmettMedian === null ? '—' : formatRate(s.emmettMedian),
    s.ratio === null ? '—' : formatRatio(s.ratio),
    String(s.runs),
    s.foreignCores.toFixed(2),
    describeTarget(s.target) || '—',
    s.targetMet === null ? '—' : s.targetMet ? 'met' : 'MISSED',
  ]);
  console.log(`\n${table(['workload', 'ours median', 'Emmett median', 'ours/Emmett', 'runs', 'other load', 'target', 'result'], rows)}\n`);
  console.log('other load: median cores that other jobs on the machine kept busy during the runs (0 = quiet machine).');
  // CPU time per operation moves far less with other jobs' load than rates do, and shows which side
  // (the store's Node process or Postgres) a workload spends on: the ceiling on 2 shared cores.
  const micros = (pair: [number, number] | null) => (pair ? `${pair[0].toFixed(0)} + ${pair[1].toFixed(0)}` : '—');
  const cpuRows = summaries.map((s) => [`${s.label} (per ${s.unit.replace('/s', '').replace(/s$/, '')})`, micros(s.cpuMicrosPerOp.ours), micros(s.cpuMicrosPerOp.emmett)]);
  console.log(`\nCPU µs per operation, Node + Postgres (medians):\n${table(['workload', 'ours', 'Emmett'], cpuRows)}\n`);
  console.log('Per run (ours | Emmett):');
  for (const s of summaries) {
    const emmett = s.emmettRuns.length ? ` | ${s.emmettRuns.map(formatRate).join(', ')}` : '';
    console.log(`  ${s.label}: ${s.oursRuns.map(formatRate).join(', ')}${emmett}`);
  }
}

export function writeJson(file: string, content: object): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(content, null, 2)}\n`);
}
