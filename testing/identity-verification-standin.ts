// A stand-in for the social-security card photo service and the public-security real-person check,
// built from commands/identity-verification/CONTRACT.md (our assumption of their interfaces): it
// checks what a real service would refuse (app id, signature, clock skew, replayed nonce, malformed
// body) and answers with the contract's envelope and codes. Tests start it on 127.0.0.1 and point
// the real adapters at it. Behaviour per test: the people it knows, how it judges a live photo, and
// a fault to inject (a 500, or no answer at all until closed).
import { createSecretKey, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signature } from '../commands/identity-verification/http-adapters';

export interface StandinPerson {
  name: string;
  /** The card photo; absent: the card exists without a photo (code 2002). */
  cardPhoto?: Buffer;
}

export interface StandinOptions {
  appId: string;
  appSecret: string;
  people: Record<string, StandinPerson>;
  /** How a live photo compares with the person's: PASS/FAIL and similarity 0-100; 'unusable' for code 3002. */
  judge?(idNumber: string, photo: Buffer): { result: 'PASS' | 'FAIL'; similarity: number } | 'unusable';
}

export type StandinFault = 'none' | 'server-error' | 'hang' | 'not-json';

export interface IdentityVerificationStandin {
  url: string;
  /** Every request as received: path, headers and parsed body (for assertions on what was sent). */
  requests: { path: string; headers: IncomingMessage['headers']; body: unknown; answered: number }[];
  fault: StandinFault;
  close(): Promise<void>;
}

const MAX_SKEW_MS = 5 * 60_000;

export async function startIdentityVerificationStandin(options: StandinOptions): Promise<IdentityVerificationStandin> {
  const secret = createSecretKey(Buffer.from(options.appSecret, 'utf8'));
  const nonces = new Set<string>();
  const hanging = new Set<ServerResponse>();
  let requestCount = 0;

  const standin: IdentityVerificationStandin = { url: '', requests: [], fault: 'none', close: async () => undefined };

  const send = (res: ServerResponse, status: number, code: string, message: string, data?: object) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify({ code, message, requestId: `standin-${++requestCount}`, ...(data ? { data } : {}) }));
    return status;
  };

  function authentic(req: IncomingMessage, path: string, body: string): string | undefined {
    const h = (name: string) => (typeof req.headers[name] === 'string' ? (req.headers[name] as string) : '');
    if (h('x-app-id') !== options.appId) return '未知的应用标识';
    const timestamp = Number(h('x-timestamp'));
    if (!Number.isFinite(timestamp) || Math.abs(Date.now() - timestamp) > MAX_SKEW_MS) return '时间戳超出允许范围';
    if (!/^[0-9a-f]{32}$/.test(h('x-nonce'))) return '随机数格式错误';
    if (nonces.has(h('x-nonce'))) return '重复的请求';
    const expected = Buffer.from(signature(secret, options.appId, h('x-timestamp'), h('x-nonce'), path, body), 'hex');
    const given = Buffer.from(h('x-signature'), 'hex');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return '签名错误';
    nonces.add(h('x-nonce'));
    return undefined;
  }

  function answer(path: string, payload: Record<string, unknown>, res: ServerResponse): number {
    const idNumber = typeof payload.idNumber === 'string' ? payload.idNumber : '';
    const name = typeof payload.name === 'string' ? payload.name : '';
    if (!idNumber || !name) return send(res, 400, '1000', '缺少身份证号或姓名');
    const person = options.people[idNumber];
    if (path === '/sscard/v1/photo/query') {
      if (!person || person.name !== name) return send(res, 200, '2001', '未查询到该人员社保卡信息');
      if (!person.cardPhoto) return send(res, 200, '2002', '该社保卡未采集照片');
      return send(res, 200, '0000', '成功', { photo: person.cardPhoto.toString('base64'), photoFormat: 'jpg', cardIssuedAt: '2019-05-01' });
    }
    if (path === '/ctid/v1/real-person/verify') {
      if (typeof payload.photo !== 'string' || !payload.photo) return send(res, 400, '1000', '缺少照片');
      if (!person || person.name !== name) return send(res, 200, '3001', '身份证号与姓名不匹配或无此人');
      const verdict = options.judge?.(idNumber, Buffer.from(payload.photo, 'base64')) ?? { result: 'FAIL' as const, similarity: 0 };
      if (verdict === 'unusable') return send(res, 200, '3002', '照片质量不合格');
      return send(res, 200, '0000', '成功', { ...verdict, transactionId: `ctid-${requestCount + 1}` });
    }
    return send(res, 404, '1000', '未知接口');
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://standin').pathname;
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = JSON.parse(raw);
      } catch {
        body = undefined;
      }
      const record = { path, headers: req.headers, body, answered: 0 };
      standin.requests.push(record);
      if (standin.fault === 'hang') {
        hanging.add(res);
        return;
      }
      if (standin.fault === 'server-error') return void (record.answered = send(res, 500, '9999', '系统繁忙'));
      if (standin.fault === 'not-json') {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<html>gateway</html>');
        return void (record.answered = 200);
      }
      if (req.method !== 'POST' || !/^application\/json/.test(req.headers['content-type'] ?? '')) return void (record.answered = send(res, 400, '1000', '请求格式错误'));
      const refused = authentic(req, path, raw);
      if (refused) return void (record.answered = send(res, 401, '1001', refused));
      if (!body || typeof body !== 'object') return void (record.answered = send(res, 400, '1000', '请求体不是 JSON 对象'));
      record.answered = answer(path, body as Record<string, unknown>, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  standin.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  standin.close = async () => {
    for (const res of hanging) res.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return standin;
}
