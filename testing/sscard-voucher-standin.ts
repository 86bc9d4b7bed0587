// A stand-in for the electronic social-security card platform's training-voucher interface, built
// from commands/voucher/CONTRACT.md (our assumption, not the platform's published API): it checks
// the app id and signature, answers the contract's codes for an unknown, frozen or not activated
// card, and treats the voucher id (Idempotency-Key) as the key: a repeated load answers the first
// reference and loads nothing twice. A withdrawal (撤销) is keyed the same way: a repeat answers the
// first withdrawal's reference; a voucher never loaded answers 4004 (nothing on the card), one used
// through the card 4005. Tests start it on 127.0.0.1 and point the real adapter at it.
import { createSecretKey, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signature } from '../commands/identity-verification/http-adapters';
import { CARD_VOUCHER_PATH, CARD_VOUCHER_WITHDRAW_PATH } from '../commands/voucher/card-http-adapter';

export type StandinCard = 'active' | 'frozen' | 'no_ecard';

export interface CardVoucherStandin {
  url: string;
  /** Vouchers loaded, by voucher id (each exactly once). */
  loaded: Map<string, { cardRef: string; idNumber: string; body: Record<string, unknown> }>;
  /** Vouchers withdrawn, by voucher id (each exactly once; also removed from `loaded`). */
  withdrawn: Map<string, { withdrawalRef: string; reason: string }>;
  /** Vouchers the holder used through the card (a swipe): their withdrawal is refused (4005). */
  usedOnCard: Set<string>;
  /** Requests received (repeats included). */
  requests: number;
  /** Answer 503 to the next requests while true. */
  failing: boolean;
  close(): Promise<void>;
}

export async function startCardVoucherStandin(options: { appId: string; appSecret: string; cards: Record<string, StandinCard> }): Promise<CardVoucherStandin> {
  const secret = createSecretKey(Buffer.from(options.appSecret, 'utf8'));
  const state: Omit<CardVoucherStandin, 'url' | 'close'> = { loaded: new Map(), withdrawn: new Map(), usedOnCard: new Set(), requests: 0, failing: false };
  // A counter, not the map's size: a withdrawal removes the voucher from `loaded`.
  let loads = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      state.requests++;
      const answer = (status: number, code: string, message: string, data?: object) => {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify({ code, message, ...(data ? { data } : {}) }));
      };
      if (state.failing) return answer(503, '9999', '系统繁忙');
      const path = req.url ?? '';
      if (req.method !== 'POST' || (path !== CARD_VOUCHER_PATH && path !== CARD_VOUCHER_WITHDRAW_PATH)) return answer(404, '1004', '接口不存在');
      const body = Buffer.concat(chunks).toString('utf8');
      const h = (name: string) => String(req.headers[name] ?? '');
      if (h('x-app-id') !== options.appId) return answer(401, '1001', '应用标识无效');
      const expected = Buffer.from(signature(secret, options.appId, h('x-timestamp'), h('x-nonce'), path, body));
      const given = Buffer.from(h('x-signature'));
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) return answer(401, '1002', '签名错误');
      let voucher: Record<string, unknown>;
      try {
        voucher = JSON.parse(body) as Record<string, unknown>;
      } catch {
        return answer(400, '1003', '请求格式错误');
      }
      const voucherId = String(voucher.voucherId ?? '');
      if (path === CARD_VOUCHER_WITHDRAW_PATH) {
        if (!voucherId || h('idempotency-key') !== voucherId || typeof voucher.reason !== 'string' || !voucher.reason) return answer(400, '1003', '请求格式错误');
        const done = state.withdrawn.get(voucherId);
        if (done) return answer(200, '0000', '成功', { withdrawalRef: done.withdrawalRef });
        if (state.usedOnCard.has(voucherId)) return answer(200, '4005', '培训券已使用');
        if (!state.loaded.has(voucherId)) return answer(200, '4004', '该培训券未加载到社会保障卡');
        const withdrawalRef = `SSC-W-${state.withdrawn.size + 1}`;
        state.loaded.delete(voucherId);
        state.withdrawn.set(voucherId, { withdrawalRef, reason: voucher.reason });
        return answer(200, '0000', '成功', { withdrawalRef });
      }
      if (!voucherId || h('idempotency-key') !== voucherId || typeof voucher.idNumber !== 'string' || typeof voucher.name !== 'string') return answer(400, '1003', '请求格式错误');
      const earlier = state.loaded.get(voucherId);
      if (earlier) return answer(200, '0000', '成功', { cardRef: earlier.cardRef });
      if (state.withdrawn.has(voucherId)) return answer(200, '4006', '培训券已撤销，不能再加载');
      const card = options.cards[voucher.idNumber];
      if (!card) return answer(200, '4001', '未查询到社会保障卡');
      if (card === 'frozen') return answer(200, '4002', '社会保障卡已冻结');
      if (card === 'no_ecard') return answer(200, '4003', '未开通电子社保卡');
      const cardRef = `SSC-${++loads}`;
      state.loaded.set(voucherId, { cardRef, idNumber: voucher.idNumber, body: voucher });
      return answer(200, '0000', '成功', { cardRef });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }) as CardVoucherStandin;
}
