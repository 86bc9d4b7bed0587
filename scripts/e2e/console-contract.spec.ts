// The console compiles against a snapshot of the server's GraphQL schema and a list of permission
// names; both must match the server, or the console's types promise what the server does not do.
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { PERMISSIONS } from '../../domain/identity/roles';
import { CONSOLE_PERMISSIONS } from '../../web-admin/src/auth/permissions';
import { SCHEMA_SNAPSHOT, consoleSchemaSdl } from './console-schema';

describe('console contract with the server', () => {
  it('has a current schema snapshot (npx tsx scripts/e2e/console-schema.ts, then npx tsx web-admin/codegen.ts)', () => {
    expect(readFileSync(SCHEMA_SNAPSHOT, 'utf8')).toBe(consoleSchemaSdl());
  });

  it('knows the server\'s permission names', () => {
    expect([...CONSOLE_PERMISSIONS].sort()).toEqual(Object.keys(PERMISSIONS).sort());
  });
});
