// The HTTP adapter of the card port (CONTRACT.md: our assumption of the electronic social-security
// card platform's voucher interface, signed like the card photo service's requests). Not run
// against the live platform; tested against testing/sscard-voucher-standin.ts.
import { createSecretKey, randomBytes } from 'node:crypto';
import { signature, type ServiceEndpoint } from '../identity-verification/http-adapters';
import { CardLoadRefused, type CardVoucherLoad, type CardVoucherWithdrawal, type SocialSecurityCardVouchers } from './card-port';

export const CARD_VOUCHER_PATH = '/sscard/v1/training-voucher/load';
export const CARD_VOUCHER_WITHDRAW_PATH = '/sscard/v1/training-voucher/withdraw';
/** Business refusals of the contract, each a reason the operator can act on. */
export const CARD_REFUSALS: Record<string, string> = {
  '4001': '未查询到该人员的社会保障卡',
  '4002': '社会保障卡已挂失或冻结',
  '4003': '社会保障卡未开通电子社保卡',
  '4006': '培训券已从社保卡撤销，不能再加载',
};
/** The withdrawal's answer for a voucher the card never held: nothing to withdraw, which is the outcome wanted. */
export const CARD_NOT_LOADED = '4004';
/** The withdrawal's refusal: the holder already used the voucher through the card (a swipe at an institution). */
export const CARD_WITHDRAW_REFUSALS: Record<string, string> = { '4005': '培训券已在社保卡上使用，不能撤销' };

/** SSCARD_VOUCHER_URL, _APP_ID, _APP_SECRET together (or none: the embedded adapter); https except to this machine. */
export function loadCardVoucherEndpoint(env: NodeJS.ProcessEnv = process.env): ServiceEndpoint | undefined {
  const [baseUrl, appId, secret] = [env.SSCARD_VOUCHER_URL, env.SSCARD_VOUCHER_APP_ID, env.SSCARD_VOUCHER_APP_SECRET];
  if (!baseUrl && !appId && !secret) return undefined;
  if (!baseUrl || !appId || !secret) throw new Error('SSCARD_VOUCHER_URL, SSCARD_VOUCHER_APP_ID and SSCARD_VOUCHER_APP_SECRET go together: set all three or none');
  const url = new URL(baseUrl);
  if (url.protocol !== 'https:' && !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) throw new Error('SSCARD_VOUCHER_URL must use https');
  return { baseUrl, appId, appSecret: createSecretKey(Buffer.from(secret, 'utf8')), timeoutMs: 10_000 };
}

type Envelope = { code: string; data?: Record<string, unknown> };

/** One signed request of the contract; answers the envelope of an HTTP 200, throws on any other status. */
async function post(endpoint: ServiceEndpoint, path: string, payload: { voucherId: string }): Promise<Envelope> {
  const body = JSON.stringify(payload);
  const timestamp = String(Date.now());
  const nonce = randomBytes(16).toString('hex');
  const url = `${endpoint.baseUrl.replace(/\/+$/, '')}${path}`;
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'x-app-id': endpoint.appId,
      'x-timestamp': timestamp,
      'x-nonce': nonce,
      'idempotency-key': payload.voucherId,
      'x-signature': signature(endpoint.appSecret, endpoint.appId, timestamp, nonce, new URL(url).pathname, body),
    },
    body,
    signal: AbortSignal.timeout(endpoint.timeoutMs ?? 10_000),
  });
  const envelope = (await response.json().catch(() => undefined)) as { code?: unknown; data?: unknown } | undefined;
  const code = typeof envelope?.code === 'string' ? envelope.code : '-';
  if (response.status !== 200) throw new Error(`电子社保卡平台应答HTTP ${response.status}（${code}）`);
  const data = envelope?.data && typeof envelope.data === 'object' ? (envelope.data as Record<string, unknown>) : undefined;
  return data ? { code, data } : { code };
}

export function httpCardVouchers(endpoint: ServiceEndpoint): SocialSecurityCardVouchers {
  return {
    kind: 'http',
    async load(voucher: CardVoucherLoad) {
      const { code, data } = await post(endpoint, CARD_VOUCHER_PATH, voucher);
      if (code in CARD_REFUSALS) throw new CardLoadRefused(code, CARD_REFUSALS[code]!);
      if (code !== '0000' || typeof data?.cardRef !== 'string') throw new Error(`电子社保卡平台应答不符合约定（${code}）`);
      return { cardRef: data.cardRef };
    },
    async withdraw(voucher: CardVoucherWithdrawal) {
      const { code, data } = await post(endpoint, CARD_VOUCHER_WITHDRAW_PATH, voucher);
      if (code === CARD_NOT_LOADED) return { withdrawalRef: null };
      if (code in CARD_WITHDRAW_REFUSALS) throw new CardLoadRefused(code, CARD_WITHDRAW_REFUSALS[code]!);
      if (code !== '0000' || typeof data?.withdrawalRef !== 'string') throw new Error(`电子社保卡平台应答不符合约定（${code}）`);
      return { withdrawalRef: data.withdrawalRef };
    },
  };
}
