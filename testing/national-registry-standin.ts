// A stand-in for the national technical-school registration system's interface, built from
// commands/student-exchange/CONTRACT.md (our assumption of it): it checks what the real system would
// refuse (app id, signature, clock skew, replayed nonce, malformed body, batch and page bounds),
// keeps the registrations it accepted (refusing an ID number another school registered, code 2001,
// and an unknown school code, 2002), and answers the student list page by page. Tests start it on
// 127.0.0.1 and point the real adapter at it; a fault can be injected (500, not JSON, no answer).
import { createSecretKey, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signature } from '../commands/identity-verification/http-adapters';

export interface NationalStandinOptions {
  appId: string;
  appSecret: string;
  /** School codes the national system knows. */
  schools: string[];
  /** Registration records it already holds (field codes), e.g. to list for reconciliation. */
  students?: Record<string, string>[];
}

export type NationalStandinFault = 'none' | 'server-error' | 'hang' | 'not-json';

export interface NationalRegistryStandin {
  url: string;
  requests: { path: string; body: unknown; answered: number }[];
  /** Registrations and changes accepted, by ID number. */
  registrations: Map<string, Record<string, string>>;
  changes: Record<string, string>[];
  fault: NationalStandinFault;
  close(): Promise<void>;
}

const MAX_SKEW_MS = 5 * 60_000;
const REQUIRED = { registrations: ['XXDM', 'XM', 'SFZH', 'ZYDM', 'XJZT'], changes: ['XXDM', 'SFZH', 'YDLB', 'YDRQ'] } as const;

export async function startNationalRegistryStandin(options: NationalStandinOptions): Promise<NationalRegistryStandin> {
  const secret = createSecretKey(Buffer.from(options.appSecret, 'utf8'));
  const nonces = new Set<string>();
  const hanging = new Set<ServerResponse>();
  let batches = 0;
  const standin: NationalRegistryStandin = {
    url: '',
    requests: [],
    registrations: new Map((options.students ?? []).map((s) => [s.SFZH!, s])),
    changes: [],
    fault: 'none',
    close: async () => undefined,
  };

  const send = (res: ServerResponse, status: number, code: string, message: string, data?: object) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify({ code, message, ...(data ? { data } : {}) }));
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

  function batch(kind: 'registrations' | 'changes', records: unknown): { status: number; code: string; message: string; data?: object } {
    if (!Array.isArray(records) || records.length === 0 || records.length > 500) return { status: 400, code: '1000', message: 'records 应为 1 至 500 条记录' };
    const rejected: { index: number; code: string; message: string }[] = [];
    let accepted = 0;
    records.forEach((record: Record<string, string>, index) => {
      const missing = REQUIRED[kind].filter((f) => !record?.[f]);
      if (missing.length) return void rejected.push({ index, code: '2003', message: `字段缺失：${missing.join('、')}` });
      if (!options.schools.includes(record.XXDM!)) return void rejected.push({ index, code: '2002', message: `学校代码不存在：${record.XXDM}` });
      if (kind === 'registrations') {
        const held = standin.registrations.get(record.SFZH!);
        if (held && held.XXDM !== record.XXDM && ['01', '02'].includes(held.XJZT ?? '')) return void rejected.push({ index, code: '2001', message: '身份证号已在其他学校注册' });
        standin.registrations.set(record.SFZH!, record);
      } else standin.changes.push(record);
      accepted++;
    });
    return { status: 200, code: '0000', message: '成功', data: { batchId: `B${String(++batches).padStart(6, '0')}`, accepted, rejected } };
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const path = new URL(req.url ?? '/', 'http://standin').pathname;
      const log = (answered: number, parsed: unknown) => standin.requests.push({ path, body: parsed, answered });
      if (standin.fault === 'hang') return void hanging.add(res);
      if (standin.fault === 'server-error') return log(send(res, 500, '9999', '系统繁忙'), undefined);
      if (standin.fault === 'not-json') {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<html>维护中</html>');
        return log(200, undefined);
      }
      if (req.method !== 'POST') return log(send(res, 400, '1000', '只接受 POST'), undefined);
      const refused = authentic(req, path, body);
      if (refused) return log(send(res, 401, '1001', refused), undefined);
      let parsed: Record<string, unknown>;
      try {
        parsed = JSON.parse(body) as Record<string, unknown>;
      } catch {
        return log(send(res, 400, '1000', '请求体不是 JSON'), undefined);
      }
      if (path === '/v1/registrations/batch' || path === '/v1/changes/batch') {
        const answer = batch(path.includes('registrations') ? 'registrations' : 'changes', parsed.records);
        return log(send(res, answer.status, answer.code, answer.message, answer.data), parsed);
      }
      if (path === '/v1/students/query') {
        const { schoolCode, page, pageSize } = parsed as { schoolCode?: string; page?: number; pageSize?: number };
        if (typeof schoolCode !== 'string' || !Number.isInteger(page) || page! < 1 || !Number.isInteger(pageSize) || pageSize! < 1 || pageSize! > 1000) return log(send(res, 400, '1000', '参数错误'), parsed);
        const all = [...standin.registrations.values()].filter((s) => s.XXDM === schoolCode);
        return log(send(res, 200, '0000', '成功', { total: all.length, items: all.slice((page! - 1) * pageSize!, page! * pageSize!) }), parsed);
      }
      return log(send(res, 404, '1000', '没有该接口'), parsed);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  standin.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  standin.close = async () => {
    for (const res of hanging) res.destroy();
    await new Promise((resolve) => server.close(resolve));
  };
  return standin;
}
