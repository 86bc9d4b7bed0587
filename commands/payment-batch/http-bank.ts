// The bank port's HTTP adapter (commands/payment-batch/CONTRACT.md, "HTTP interface"): posts one
// payment order at a time, the payment id as idempotency key, and reads back the payment's state.
// Selected by BANK_ADAPTER=http with BANK_HTTP_URL and BANK_HTTP_TOKEN; not run against any bank,
// tested against testing/bank-http-standin.ts, which implements the same contract.
import type { PaymentFileLine, ResultRow } from '../../domain/payment-batch/bank-file';

/** The bank as the batches see it: a payment's final result, or null while the bank is still processing it. */
export interface BankPort {
  pay(batchId: string, line: PaymentFileLine): Promise<ResultRow | null>;
}

type BankAnswer = { paymentId?: string; status?: string; amountFen?: number; bankRef?: string; reason?: string; error?: string; message?: string };

export class BankRequestError extends Error {}

export function httpBank(options: { url: string; token: string; timeoutMs?: number; fetch?: typeof fetch }): BankPort {
  const base = options.url.replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;
  return {
    async pay(batchId, line) {
      let response: Response;
      try {
        response = await doFetch(`${base}/payments`, {
          method: 'POST',
          headers: { 'content-type': 'application/json; charset=utf-8', authorization: `Bearer ${options.token}`, 'idempotency-key': line.paymentId },
          body: JSON.stringify({ paymentId: line.paymentId, batchId, account: line.account, accountName: line.accountName, amountFen: line.amountFen, purpose: line.purpose }),
          signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
        });
      } catch (error) {
        // Not known whether the bank received it: the order stays pending, and posting it again is safe (idempotent on the payment id).
        throw new BankRequestError(`银行接口无法访问：${(error as Error).message}（支付指令保持待回盘，可再次发送，不会重复支付）`);
      }
      const answer = (await response.json().catch(() => ({}))) as BankAnswer;
      if (response.status === 409) throw new BankRequestError(`银行拒绝支付编号${line.paymentId}：同一支付编号的账户或金额与此前不同`);
      if (!response.ok) throw new BankRequestError(`银行接口返回错误（HTTP ${response.status}${answer.message ? `：${answer.message}` : ''}）`);
      if (answer.paymentId !== line.paymentId || !Number.isSafeInteger(answer.amountFen)) throw new BankRequestError(`银行接口的应答不符合约定（支付编号${line.paymentId}）`);
      if (answer.status === 'PROCESSING') return null;
      if (answer.status === 'SUCCESS') return { paymentId: line.paymentId, status: 'paid', amountFen: answer.amountFen!, bankRef: answer.bankRef ?? '', reason: '' };
      if (answer.status === 'FAIL') return { paymentId: line.paymentId, status: 'failed', amountFen: answer.amountFen!, bankRef: answer.bankRef ?? '', reason: answer.reason || '银行未说明原因' };
      throw new BankRequestError(`银行接口返回了未约定的状态：${String(answer.status)}`);
    },
  };
}

/** The configured bank adapter: HTTP when BANK_ADAPTER=http (its URL and token required), otherwise none (batch files). */
export function bankFromEnv(env: NodeJS.ProcessEnv): BankPort | null {
  const adapter = (env.BANK_ADAPTER ?? 'file').trim();
  if (adapter === 'file' || adapter === '') return null;
  if (adapter !== 'http') throw new Error(`BANK_ADAPTER=${adapter}：只支持 file（默认，批量文件）或 http`);
  const url = env.BANK_HTTP_URL?.trim();
  const token = env.BANK_HTTP_TOKEN?.trim();
  if (!url || !token) throw new Error('BANK_ADAPTER=http 需要同时设置 BANK_HTTP_URL 与 BANK_HTTP_TOKEN');
  return httpBank({ url, token });
}
