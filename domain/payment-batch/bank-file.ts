// The bank's batch-file contract (commands/payment-batch/CONTRACT.md), as pure functions: the payment
// file the payer hands to the bank, and the result file the bank returns. No bank was reached from
// here: the format is the documented contract the stand-in (testing/bank-standin.ts) implements.
//   payment file:  #GZPAY,1,<batchId>,<count>,<totalFen>      then  paymentId,account,accountName,amountFen,purpose
//   result file:   #GZPAYRESULT,1,<batchId>                     then  paymentId,status,amountFen,bankRef,reason
// UTF-8, one record a line, fields without commas or line breaks (names and purposes are cleaned).
import { ValidationError, type FieldError } from '../shared/errors';
import type { Fen } from '../shared/money';

export type PaymentFileLine = { paymentId: string; account: string; accountName: string; amountFen: Fen; purpose: string };
export type ResultStatus = 'paid' | 'failed';
export type ResultRow = { paymentId: string; status: ResultStatus; amountFen: Fen; bankRef: string; reason: string };

const clean = (text: string) => text.replace(/[,\r\n]/g, ' ').trim();

/** The payment file as its lines, each ending in a line break: a 100,000-order file (~15 MB) is written to the client line by line, never joined. */
export function paymentFileLines(batchId: string, lines: readonly PaymentFileLine[]): string[] {
  const total = lines.reduce((s, l) => s + l.amountFen, 0);
  return [`#GZPAY,1,${batchId},${lines.length},${total}\n`, ...lines.map((l) => `${[l.paymentId, l.account, clean(l.accountName), l.amountFen, clean(l.purpose)].join(',')}\n`)];
}

export const renderPaymentFile = (batchId: string, lines: readonly PaymentFileLine[]): string => paymentFileLines(batchId, lines).join('');

/** Parses a payment file (the stand-in reads it as the bank would). */
export function parsePaymentFile(text: string): { batchId: string; lines: PaymentFileLine[] } {
  const [header = '', ...rows] = text.replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.trim() !== '');
  const [tag, version, batchId = ''] = header.split(',');
  if (tag !== '#GZPAY' || version !== '1') throw new ValidationError([{ field: 'file', message: '不是支付文件（首行应为 #GZPAY,1,…）' }]);
  return { batchId, lines: rows.map((r) => { const [paymentId = '', account = '', accountName = '', amount = '0', purpose = ''] = r.split(','); return { paymentId, account, accountName, amountFen: Number(amount), purpose }; }) };
}

export function renderResultFile(batchId: string, rows: readonly ResultRow[]): string {
  return [`#GZPAYRESULT,1,${batchId}`, ...rows.map((r) => [r.paymentId, r.status === 'paid' ? 'SUCCESS' : 'FAIL', r.amountFen, clean(r.bankRef), clean(r.reason)].join(','))].join('\n') + '\n';
}

/**
 * Parses the bank's result file, refusing the whole file (with each line's problem, in Chinese)
 * when anything is off: not a result file, a line that does not parse, a duplicate payment id.
 * Whether the rows belong to the batch is the batch's own check (batch.ts).
 */
export function parseResultFile(text: string): { batchId: string; rows: ResultRow[] } {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const [tag, version, batchId = ''] = (lines[0] ?? '').trim().split(',');
  if (tag !== '#GZPAYRESULT' || version !== '1' || !batchId) throw new ValidationError([{ field: 'file', message: '不是银行支付结果文件（首行应为 #GZPAYRESULT,1,批次号）' }], '支付结果文件格式不正确');
  const problems: FieldError[] = [];
  const rows: ResultRow[] = [];
  const seen = new Set<string>();
  lines.slice(1).forEach((line, i) => {
    if (line.trim() === '') return;
    const at = `第${i + 2}行`;
    const [paymentId = '', status = '', amount = '', bankRef = '', reason = ''] = line.split(',').map((f) => f.trim());
    if (!paymentId) return void problems.push({ field: `line.${i + 2}`, message: `${at}缺少支付编号` });
    if (seen.has(paymentId)) return void problems.push({ field: `line.${i + 2}`, message: `${at}支付编号${paymentId}重复出现` });
    seen.add(paymentId);
    if (status !== 'SUCCESS' && status !== 'FAIL') return void problems.push({ field: `line.${i + 2}`, message: `${at}支付状态应为 SUCCESS 或 FAIL` });
    if (!/^\d+$/.test(amount)) return void problems.push({ field: `line.${i + 2}`, message: `${at}金额应为整数（单位：分）` });
    if (status === 'FAIL' && !reason) return void problems.push({ field: `line.${i + 2}`, message: `${at}支付失败须注明原因` });
    rows.push({ paymentId, status: status === 'SUCCESS' ? 'paid' : 'failed', amountFen: Number(amount), bankRef, reason });
  });
  if (problems.length) throw new ValidationError(problems, '支付结果文件有误，未导入任何结果');
  return { batchId, rows };
}
