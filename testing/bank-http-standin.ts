// A stand-in for the agency bank's HTTP interface, built from commands/payment-batch/CONTRACT.md
// ("HTTP interface"; no bank was reachable): POST /payments pays each payment id at most once (its
// idempotency key), answers a repeat with the payment's state, refuses the same id with another
// account or amount (409), a malformed body (400) and a wrong token (401); GET /payments/<id>.
// `paidCount` tells how many times each payment id was actually paid, `requests` how many posts came.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

type Payment = { paymentId: string; account: string; amountFen: number; status: 'PROCESSING' | 'SUCCESS' | 'FAIL'; bankRef: string; reason: string };

export interface BankHttpStandIn {
  url: string;
  token: string;
  paidCount: Map<string, number>;
  requests: { count: number };
  /** Decides a payment still processing (for the PROCESSING path). */
  finish(paymentId: string): void;
  close(): Promise<void>;
}

const readBody = (request: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });

export async function startBankHttpStandIn(options: { token?: string; fail?: (p: { paymentId: string; account: string; amountFen: number }) => string | undefined; processing?: (paymentId: string) => boolean } = {}): Promise<BankHttpStandIn> {
  const token = options.token ?? 'standin-token';
  const ledger = new Map<string, Payment>();
  const paidCount = new Map<string, number>();
  const requests = { count: 0 };
  let refs = 0;
  const decide = (p: Payment) => {
    const reason = options.fail?.(p);
    if (reason) Object.assign(p, { status: 'FAIL', reason });
    else {
      Object.assign(p, { status: 'SUCCESS', bankRef: `HB${String(++refs).padStart(8, '0')}` });
      paidCount.set(p.paymentId, (paidCount.get(p.paymentId) ?? 0) + 1);
    }
  };
  const answer = (p: Payment) => ({ paymentId: p.paymentId, status: p.status, amountFen: p.amountFen, bankRef: p.bankRef, reason: p.reason });

  const server: Server = createServer(async (request, response) => {
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      response.end(JSON.stringify(body));
    };
    if (request.headers.authorization !== `Bearer ${token}`) return send(401, { error: 'UNAUTHORIZED' });
    const url = new URL(request.url ?? '/', 'http://standin');
    if (request.method === 'GET' && url.pathname.startsWith('/payments/')) {
      const p = ledger.get(decodeURIComponent(url.pathname.slice('/payments/'.length)));
      return p ? send(200, answer(p)) : send(404, { error: 'NOT_FOUND' });
    }
    if (request.method !== 'POST' || url.pathname !== '/payments') return send(404, { error: 'NOT_FOUND' });
    requests.count++;
    let body: { paymentId?: unknown; account?: unknown; accountName?: unknown; amountFen?: unknown };
    try {
      body = JSON.parse(await readBody(request));
    } catch {
      return send(400, { error: 'INVALID_REQUEST', message: 'body is not JSON' });
    }
    const { paymentId, account, amountFen } = body;
    if (typeof paymentId !== 'string' || !paymentId || typeof account !== 'string' || !/^\d{8,30}$/.test(account) || typeof body.accountName !== 'string' || typeof amountFen !== 'number' || !Number.isSafeInteger(amountFen) || amountFen <= 0) {
      return send(400, { error: 'INVALID_REQUEST', message: 'paymentId, account, accountName and a positive integer amountFen are required' });
    }
    if (request.headers['idempotency-key'] !== paymentId) return send(400, { error: 'INVALID_REQUEST', message: 'Idempotency-Key must equal paymentId' });
    const earlier = ledger.get(paymentId);
    if (earlier) return earlier.account === account && earlier.amountFen === amountFen ? send(200, answer(earlier)) : send(409, { error: 'PAYMENT_ID_CONFLICT' });
    const payment: Payment = { paymentId, account, amountFen, status: 'PROCESSING', bankRef: '', reason: '' };
    ledger.set(paymentId, payment);
    if (!options.processing?.(paymentId)) decide(payment);
    return send(200, answer(payment));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    paidCount,
    requests,
    finish(paymentId) {
      const p = ledger.get(paymentId);
      if (p?.status === 'PROCESSING') decide(p);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
  };
}
