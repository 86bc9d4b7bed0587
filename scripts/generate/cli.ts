// `npm run generate -- --institutions 700 --teachers 10000 --trainees 1000000 [--schools 50 --students 150000] [--seed S] [--concurrency N]`
// Generates a realistic province through the command pipeline into the database of DATABASE_URL,
// of a running `npm start`, or of the data folder ($DATA_DIR, default ./.data), then waits until
// the read models and the search index have every event. Run it with the same PII_* keys as the
// server, or the server cannot decrypt or find the people it writes.
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createPlatform } from '../../api/platform';
import { connectDatabase } from '../database-connection';
import { loadPlatformKeys } from '../platform-keys';
import { seedReferenceData } from '../reference-data';
import { formatDuration } from './progress';
import { generateClasses } from './classes';
import { DEFAULT_SEED, generateProvince } from './province';
import { generateSchools } from './schools';

const USAGE = 'usage: npm run generate -- [--institutions 700] [--teachers 10000] [--trainees 1000000] [--classes 0] [--class-size 40] [--schools 0] [--students 150000] [--seed TEXT] [--concurrency 12] [--via pipeline|events]';

export function parseSize(argv: readonly string[], flag: string, fallback: number, min = 0): number {
  const index = argv.indexOf(flag);
  if (index < 0) return fallback;
  const value = Number(String(argv[index + 1]).replace(/[_,]/g, ''));
  if (!Number.isInteger(value) || value < min) throw new Error(`${flag} needs a whole number >= ${min}\n${USAGE}`);
  return value;
}

const log = (line: string) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${line}\n`);

async function main() {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return;
  }
  const sizes = {
    institutions: parseSize(argv, '--institutions', 700, 1),
    teachers: parseSize(argv, '--teachers', 10_000),
    trainees: parseSize(argv, '--trainees', 1_000_000),
    // Training classes (issue 12) over the institutions generated now, each institution's one week after another.
    classes: parseSize(argv, '--classes', 0),
    // Technical schools (issue 15 §8) with majors, teachers and students over three cohorts.
    schools: parseSize(argv, '--schools', 0),
    students: parseSize(argv, '--students', 150_000),
  };
  const classSize = parseSize(argv, '--class-size', 40, 2);
  const seedIndex = argv.indexOf('--seed');
  const seed = seedIndex >= 0 ? argv[seedIndex + 1] ?? DEFAULT_SEED : DEFAULT_SEED;
  const concurrency = parseSize(argv, '--concurrency', 12, 1);
  // Trainees through the command pipeline (default), or decided in memory and appended once per person
  // (the same events; scripts/generate/trainee-steps.ts): about twice as fast on two cores.
  const viaIndex = argv.indexOf('--via');
  const via = viaIndex >= 0 ? argv[viaIndex + 1] : 'pipeline';
  if (via !== 'pipeline' && via !== 'events') throw new Error(`--via is pipeline or events\n${USAGE}`);

  const dataDir = path.resolve(process.env.DATA_DIR ?? '.data');
  const { url, release } = await connectDatabase(dataDir);
  const platform = await createPlatform({
    databaseUrl: url,
    ...(process.env.EVENTSTORE_URL ? { eventStoreUrl: process.env.EVENTSTORE_URL } : {}),
    ...(process.env.MEILI_HOST ? { meili: { host: process.env.MEILI_HOST, ...(process.env.MEILI_API_KEY ? { apiKey: process.env.MEILI_API_KEY } : {}) } } : {}),
    // The data folder's keys, as npm start uses them: records written with any other key would be unreadable there.
    piiKeys: loadPlatformKeys({ env: process.env, dataDir, say: log }).piiKeys,
  });
  try {
    await seedReferenceData(platform);
    log(`generating ${sizes.institutions} institutions, ${sizes.teachers} teachers, ${sizes.trainees} trainees (seed "${seed}", ${concurrency} in flight, trainees via ${via})`);
    const summary = await generateProvince(platform, { ...sizes, seed, concurrency, traineeMode: via, log });
    if (sizes.classes > 0) {
      if (!(await platform.runner.waitFor(summary.lastPosition, undefined, 6 * 3600_000))) throw new Error('projections did not catch up before the classes');
      log(`generating ${sizes.classes} training classes of up to ${classSize}`);
      const classes = await generateClasses(platform, { classes: sizes.classes, classSize, seed, concurrency, institutions: summary.activeInstitutions, log });
      summary.phases.push(...classes.phases);
      summary.seconds += classes.phases.reduce((sum, p) => sum + p.seconds, 0);
      Object.assign(summary.outcomes, { classes: classes.outcomes });
      if (classes.lastPosition > summary.lastPosition) summary.lastPosition = classes.lastPosition;
    }
    if (sizes.schools > 0) {
      log(`generating ${sizes.schools} technical schools and ${sizes.students} students`);
      const schools = await generateSchools(platform, { schools: sizes.schools, students: sizes.students, seed, concurrency, log });
      summary.phases.push(...schools.phases);
      summary.seconds += schools.seconds;
      Object.assign(summary.outcomes, { technicalSchools: schools.outcomes });
      if (schools.lastPosition > summary.lastPosition) summary.lastPosition = schools.lastPosition;
    }
    log('waiting for every read model and the search index');
    const t0 = performance.now();
    if (!(await platform.runner.waitFor(summary.lastPosition, undefined, 6 * 3600_000))) throw new Error('projections did not catch up');
    const catchUp = (performance.now() - t0) / 1000;
    const size = await platform.knex.raw<{ rows: { size: string }[] }>('SELECT pg_size_pretty(pg_database_size(current_database())) AS size');
    console.log(
      JSON.stringify(
        {
          seed,
          sizes,
          via,
          phases: summary.phases.map((p) => ({ ...p, seconds: Math.round(p.seconds), commandsPerSecond: Math.round(p.commands / p.seconds), eventsPerSecond: Math.round(p.events / p.seconds) })),
          outcomes: summary.outcomes,
          projectionCatchUpSeconds: Math.round(catchUp),
          totalSeconds: Math.round(summary.seconds + catchUp),
          databaseSize: size.rows[0]?.size,
        },
        null,
        2,
      ),
    );
    log(`done in ${formatDuration(summary.seconds + catchUp)}`);
  } finally {
    await platform.close();
    await release();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
