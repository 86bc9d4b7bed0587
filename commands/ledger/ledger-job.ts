// The scheduled job (node-cron, in the worker process): at each tick, fold the new events and sign
// a digest if the tree grew. Several processes may run it: folding and digesting take one Postgres
// advisory lock, and tree_size is unique per digest, so a second process only finds less to do.
// node-cron's own `distributed` option is not used: its default coordinator is an environment flag,
// and the database lock already gives the guarantee.
import type { Knex } from 'knex';
import cron from 'node-cron';
import type { EventStore } from '../../store/event-store/event-store';
import { createLedger, type LedgerLogger } from './ledger';
import { loadLedgerSigner, type LedgerSigner } from './signing';

export interface LedgerJobOptions {
  store: EventStore;
  knex: Knex;
  /** Default: from LEDGER_SIGNING_KEY / LEDGER_KEY_ID (signing.ts). */
  signer?: LedgerSigner;
  /** node-cron expression (a sixth, leading field counts seconds). Default: every five minutes. */
  intervalCron?: string;
  logger?: LedgerLogger;
  batchSize?: number;
}

export function startLedgerJob(options: LedgerJobOptions) {
  const intervalCron = options.intervalCron ?? '*/5 * * * *';
  if (!cron.validate(intervalCron)) throw new Error(`invalid ledger cron expression: ${intervalCron}`);
  const logger = options.logger;
  const signer = options.signer ?? loadLedgerSigner(process.env, (message) => (logger ? logger.warn({}, message) : console.warn(message)));
  const ledger = createLedger({ store: options.store, knex: options.knex, signer, ...(logger ? { logger } : {}), ...(options.batchSize ? { batchSize: options.batchSize } : {}) });

  const tick = async () => {
    try {
      await ledger.recordDigest();
    } catch (error) {
      // The next tick retries from the ledger's own tail; nothing is half-written (one transaction per page).
      logger?.error({ err: error instanceof Error ? error.message : String(error) }, 'ledger digest failed');
    }
  };
  const task = cron.schedule(intervalCron, tick, { name: 'ledger-digest', noOverlap: true });

  return {
    ledger,
    /** Fold and digest now (tests, the CLI, an administrator's request). */
    recordDigest: () => ledger.recordDigest(),
    async stop() {
      await task.destroy();
    },
  };
}
