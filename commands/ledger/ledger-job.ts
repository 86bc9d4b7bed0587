// The scheduled job (node-cron, in the worker process): at each tick, fold the new events and sign
// a digest if the tree grew. Several processes may run it: folding and digesting take one Postgres
// advisory lock, and tree_size is unique per digest, so a second process only finds less to do.
// node-cron's own `distributed` option is not used: its default coordinator is an environment flag,
// and the database lock already gives the guarantee.
import type { Knex } from 'knex';
import cron from 'node-cron';
import type { EventStore } from '../../store/event-store/event-store';
import type { JobDefinition } from '../jobs/job-registry';
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

/**
 * The digest as a job of the registry (commands/jobs/job-registry.ts), which schedules it, records
 * its runs and lets an administrator run or pause it; the ledger's lock keeps concurrent runs safe.
 */
export function ledgerDigestJob(options: Omit<LedgerJobOptions, 'logger'> & { logger?: LedgerLogger }): JobDefinition {
  const intervalCron = options.intervalCron ?? '*/5 * * * *';
  if (!cron.validate(intervalCron)) throw new Error(`invalid ledger cron expression: ${intervalCron}`);
  const signer = options.signer ?? loadLedgerSigner(process.env, (message) => (options.logger ? options.logger.warn({}, message) : console.warn(message)));
  const ledger = createLedger({ store: options.store, knex: options.knex, signer, ...(options.logger ? { logger: options.logger } : {}), ...(options.batchSize ? { batchSize: options.batchSize } : {}) });
  return {
    name: 'ledger-digest',
    label: '账本摘要签署',
    description: '把新事件折叠进账本的默克尔树，树增长时签署新的摘要',
    schedule: intervalCron,
    async run() {
      const recorded = await ledger.recordDigest();
      if (!recorded) return '账本为空，未签署摘要';
      return recorded.created ? `签署摘要：树大小 ${recorded.digest.treeSize}` : `没有新事件（树大小 ${recorded.digest.treeSize}），未签署新摘要`;
    },
  };
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
