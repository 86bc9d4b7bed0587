// The console's contract with the server: the GraphQL schema as SDL, snapshotted into
// web-admin/src/graphql/schema.graphql. The console's operation types are generated from that
// snapshot (web-admin/codegen.ts), so a schema change shows up as a type error in the console, and
// console-contract.spec.ts fails while the snapshot is stale.
//   npx tsx scripts/e2e/console-schema.ts   rewrites the snapshot
import { lexicographicSortSchema, printSchema } from 'graphql';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSchema } from '../../api/graphql/schema';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SCHEMA_SNAPSHOT = path.join(ROOT, 'web-admin', 'src', 'graphql', 'schema.graphql');

const HEADER = '# Generated from the server schema by scripts/e2e/console-schema.ts; do not edit.\n';

export const consoleSchemaSdl = () => HEADER + printSchema(lexicographicSortSchema(buildSchema('snapshot'))) + '\n';

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeFileSync(SCHEMA_SNAPSHOT, consoleSchemaSdl());
  console.log(`已写入 ${path.relative(ROOT, SCHEMA_SNAPSHOT)}`);
}
