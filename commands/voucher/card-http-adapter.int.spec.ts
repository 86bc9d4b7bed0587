// The card port's HTTP adapter against the stand-in built from CONTRACT.md (not the live platform):
// a signed load answered with the card reference, idempotent on the voucher id; each refusal code
// a CardLoadRefused with its Chinese reason; a wrong secret, or the platform down, an error.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startCardVoucherStandin, type CardVoucherStandin } from '../../testing/sscard-voucher-standin';
import { httpCardVouchers, loadCardVoucherEndpoint } from './card-http-adapter';
import { CardLoadRefused, embeddedCardVouchers, type CardVoucherLoad } from './card-port';

const load = (voucherId: string, idNumber: string): CardVoucherLoad => ({
  voucherId, voucherNo: `PXQ-${voucherId}`, idNumber, name: '张三', kind: 'face_value', faceValueFen: 80_000, discountPercent: null, validFrom: '2026-11-01', validUntil: '2027-01-31', issuerName: '南明区人社局',
});

describe('electronic social-security card: voucher load over HTTP (stand-in)', () => {
  let standin: CardVoucherStandin;
  beforeAll(async () => {
    standin = await startCardVoucherStandin({ appId: 'pxq-app', appSecret: 'secret-1', cards: { '520102199001011234': 'active', '520102199001015678': 'frozen', '520102199001019999': 'no_ecard' } });
  });
  afterAll(async () => standin.close());
  const adapter = () => httpCardVouchers(loadCardVoucherEndpoint({ SSCARD_VOUCHER_URL: standin.url, SSCARD_VOUCHER_APP_ID: 'pxq-app', SSCARD_VOUCHER_APP_SECRET: 'secret-1' })!);

  it('loads a voucher once, however often it is sent', async () => {
    const first = await adapter().load(load('v-1', '520102199001011234'));
    const again = await adapter().load(load('v-1', '520102199001011234'));
    expect(again).toEqual(first);
    expect(standin.loaded.size).toBe(1);
    expect(standin.loaded.get('v-1')!.body).toMatchObject({ voucherNo: 'PXQ-v-1', faceValueFen: 80_000, validUntil: '2027-01-31' });
  });

  it('answers each refusal of the contract with its reason', async () => {
    for (const [id, message] of [['520102199001015678', '社会保障卡已挂失或冻结'], ['520102199001019999', '社会保障卡未开通电子社保卡'], ['520102199001010000', '未查询到该人员的社会保障卡']] as const) {
      const refused = await adapter().load(load(`v-${id}`, id)).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(CardLoadRefused);
      expect((refused as Error).message).toBe(message);
    }
  });

  it('fails (not a refusal) on a wrong secret or a platform that is down', async () => {
    const wrong = httpCardVouchers(loadCardVoucherEndpoint({ SSCARD_VOUCHER_URL: standin.url, SSCARD_VOUCHER_APP_ID: 'pxq-app', SSCARD_VOUCHER_APP_SECRET: 'other' })!);
    await expect(wrong.load(load('v-2', '520102199001011234'))).rejects.toThrow('HTTP 401（1002）');
    standin.failing = true;
    await expect(adapter().load(load('v-2', '520102199001011234'))).rejects.toThrow('HTTP 503');
    standin.failing = false;
    expect(standin.loaded.has('v-2')).toBe(false);
  });

  it('needs all three settings or none, and https away from this machine; without them the embedded adapter answers', async () => {
    expect(loadCardVoucherEndpoint({})).toBeUndefined();
    expect(() => loadCardVoucherEndpoint({ SSCARD_VOUCHER_URL: 'https://x' })).toThrow('go together');
    expect(() => loadCardVoucherEndpoint({ SSCARD_VOUCHER_URL: 'http://card.example.cn', SSCARD_VOUCHER_APP_ID: 'a', SSCARD_VOUCHER_APP_SECRET: 's' })).toThrow('https');
    expect((await embeddedCardVouchers().load(load('v-1', 'x'))).cardRef).toMatch(/^local-[0-9a-f]{16}$/);
  });
});

describe('electronic social-security card: voucher withdrawal over HTTP (stand-in)', () => {
  let standin: CardVoucherStandin;
  beforeAll(async () => {
    standin = await startCardVoucherStandin({ appId: 'pxq-app', appSecret: 'secret-1', cards: { '520102199001011234': 'active' } });
  });
  afterAll(async () => standin.close());
  const adapter = () => httpCardVouchers(loadCardVoucherEndpoint({ SSCARD_VOUCHER_URL: standin.url, SSCARD_VOUCHER_APP_ID: 'pxq-app', SSCARD_VOUCHER_APP_SECRET: 'secret-1' })!);
  const withdrawal = (voucherId: string) => ({ voucherId, voucherNo: `PXQ-${voucherId}`, idNumber: '520102199001011234', name: '张三', reason: '作废：重复申领' });

  it('withdraws a loaded voucher once, however often it is sent, and never loads it again', async () => {
    await adapter().load(load('w-1', '520102199001011234'));
    const first = await adapter().withdraw(withdrawal('w-1'));
    expect(first.withdrawalRef).toMatch(/^SSC-W-\d+$/);
    expect(await adapter().withdraw(withdrawal('w-1'))).toEqual(first);
    expect(standin.withdrawn.size).toBe(1);
    expect(standin.withdrawn.get('w-1')!.reason).toBe('作废：重复申领');
    expect(standin.loaded.has('w-1')).toBe(false);
    const reload = await adapter().load(load('w-1', '520102199001011234')).catch((e: unknown) => e);
    expect(reload).toBeInstanceOf(CardLoadRefused);
    expect((reload as Error).message).toBe('培训券已从社保卡撤销，不能再加载');
  });

  it('answers nothing-to-withdraw for a voucher the card never held, and a refusal for one used through the card', async () => {
    expect(await adapter().withdraw(withdrawal('never-loaded'))).toEqual({ withdrawalRef: null });
    await adapter().load(load('w-2', '520102199001011234'));
    standin.usedOnCard.add('w-2');
    const refused = await adapter().withdraw(withdrawal('w-2')).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CardLoadRefused);
    expect((refused as Error).message).toBe('培训券已在社保卡上使用，不能撤销');
    expect(standin.loaded.has('w-2')).toBe(true);
  });

  it('fails (not a refusal) when the platform is down or the signature is wrong, withdrawing nothing', async () => {
    await adapter().load(load('w-3', '520102199001011234'));
    standin.failing = true;
    await expect(adapter().withdraw(withdrawal('w-3'))).rejects.toThrow('HTTP 503');
    standin.failing = false;
    const wrong = httpCardVouchers(loadCardVoucherEndpoint({ SSCARD_VOUCHER_URL: standin.url, SSCARD_VOUCHER_APP_ID: 'pxq-app', SSCARD_VOUCHER_APP_SECRET: 'other' })!);
    await expect(wrong.withdraw(withdrawal('w-3'))).rejects.toThrow('HTTP 401（1002）');
    expect(standin.withdrawn.has('w-3')).toBe(false);
  });

  it('the embedded adapter withdraws locally, the same reference on a repeat', async () => {
    const embedded = embeddedCardVouchers();
    const first = await embedded.withdraw(withdrawal('w-1'));
    expect(first.withdrawalRef).toMatch(/^local-withdrawn-[0-9a-f]{16}$/);
    expect(await embedded.withdraw(withdrawal('w-1'))).toEqual(first);
  });
});
