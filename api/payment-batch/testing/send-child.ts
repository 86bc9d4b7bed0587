// A real process sending a payment batch through the bank's HTTP interface and settling it, for the
// kill test (api/payment-batch/payment-kill.int.spec.ts). It opens its own platform on the test's
// database (DATABASE_URL, the PII keys and BANK_* from the environment), prints each step as
// `STEP <name>`, and at the step named by its second argument prints `WAITING <name>` and blocks the
// thread, so the parent kills it with SIGKILL exactly there. Without a kill point it prints DONE.
//   tsx api/payment-batch/testing/send-child.ts <batchId> <step|none> <payerOrgId>
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { loadPiiKeys } from '../../../commands/personal-data/pii-keys';
import type { SettlementStep } from '../../../commands/payment-batch/batch-commands';
import { createPlatform } from '../../platform';

const [batchId, killAt, payerOrgId] = process.argv.slice(2) as [string, string, string];
const stepName = (s: SettlementStep) => ('index' in s ? `${s.step}:${s.index}` : s.step);

const platform = await createPlatform({ databaseUrl: process.env.DATABASE_URL!, piiKeys: loadPiiKeys(process.env, () => undefined), runProjections: false, filesDir: mkdtempSync(path.join(tmpdir(), 'gz-kill-')) });
const commandId = randomUUID();
await platform.commands.paymentBatches.sendViaBank(batchId, { actor: { id: 'kill-test-payer', role: 'authority_operator', orgId: payerOrgId }, commandId, correlationId: commandId, ip: null }, (step) => {
  const name = stepName(step);
  process.stdout.write(`STEP ${name}\n`);
  if (name === killAt) {
    process.stdout.write(`WAITING ${name}\n`);
    // Blocks this thread for good: nothing after this step runs until the parent's SIGKILL ends the process.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  }
});
process.stdout.write('DONE\n');
await platform.close();
process.exit(0);
