import type { Knex } from 'knex';
import { eventStoreMigration } from './migrations/event-store';
import { ledgerMigration } from './migrations/ledger';
import { searchMigration } from './migrations/search';
import { identityMigration } from './migrations/identity';
import { identitySecurityMigration } from './migrations/identity-security';
import { projectionInfrastructureMigration } from './migrations/projection-infrastructure';
import { jobRunsMigration } from './migrations/job-runs';
import { sessionSecurityMigration } from './migrations/session-security';
import { trainingClassMigration } from './migrations/training-class';
import { captureMigration } from './migrations/capture';

export interface Migration {
  name: string;
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

/**
 * Every schema change, in order. Knex runs them from this list (a custom migration source) rather
 * than from a folder, so the same code path works under tsx, jest and the built server.
 * Projection read-model tables are not here: they belong to their projection and are rebuilt from
 * events (projections/runner/rebuild.ts).
 */
const migrations: Migration[] = [eventStoreMigration, projectionInfrastructureMigration, identityMigration, identitySecurityMigration, searchMigration, ledgerMigration, sessionSecurityMigration, jobRunsMigration, trainingClassMigration, captureMigration];

export async function migrateToLatest(knex: Knex): Promise<string[]> {
  const [, applied] = (await knex.migrate.latest({
    migrationSource: {
      getMigrations: async () => migrations,
      getMigrationName: (m: Migration) => m.name,
      getMigration: async (m: Migration) => m,
    },
  })) as [number, string[]];
  return applied;
}
