// A stand-in for the agency bank's batch service, built from commands/payment-batch/CONTRACT.md (no
// bank was reachable): it reads our payment file, pays each payment id at most once across every file
// it is given (its idempotency key), fails the payments the test tells it to, and writes the result
// file. `paidCount` tells how many times each payment id was actually paid.
import { parsePaymentFile, renderResultFile, type ResultRow } from '../domain/payment-batch/bank-file';

export function bankStandIn(options: { fail?: (line: { paymentId: string; account: string; amountFen: number }) => string | undefined } = {}) {
  const ledger = new Map<string, ResultRow>();
  const paidCount = new Map<string, number>();
  let refs = 0;
  return {
    /** Processes a payment file; returns the result file. */
    process(paymentFile: string): string {
      const { batchId, lines } = parsePaymentFile(paymentFile);
      const rows = lines.map((line) => {
        const earlier = ledger.get(line.paymentId);
        if (earlier) return earlier;
        const reason = options.fail?.(line);
        const row: ResultRow = reason
          ? { paymentId: line.paymentId, status: 'failed', amountFen: line.amountFen, bankRef: '', reason }
          : { paymentId: line.paymentId, status: 'paid', amountFen: line.amountFen, bankRef: `BK${String(++refs).padStart(8, '0')}`, reason: '' };
        if (row.status === 'paid') paidCount.set(line.paymentId, (paidCount.get(line.paymentId) ?? 0) + 1);
        ledger.set(line.paymentId, row);
        return row;
      });
      return renderResultFile(batchId, rows);
    },
    paidCount,
  };
}
