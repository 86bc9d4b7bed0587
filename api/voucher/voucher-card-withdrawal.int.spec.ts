// A cancelled or expired voucher withdrawn from the electronic social-security card (issue 14 §4),
// through the platform with the HTTP adapter pointed at the card platform's stand-in
// (testing/sscard-voucher-standin.ts, built from commands/voucher/CONTRACT.md; not the live
// platform): cancelled over GraphQL -> withdrawn on the stand-in once, 已从社保卡撤销 on the record;
// with the platform down the failure is recorded with its reason (撤销失败), and the same retry
// mutation as a failed load (reloadVoucherCard) withdraws it; a repeat writes nothing; the daily
// expiry withdraws an expired voucher; an ended voucher is never loaded again.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { RequestContext } from '../../commands/pipeline/request-context';
import { parseTraineeInput } from '../../domain/trainee/trainee-input';
import { parseVoucherTerms } from '../../domain/voucher/terms';
import { idNumber } from '../../scripts/e2e/steps/test-data';
import { startApiHarness, type ApiHarness, type Session } from '../../testing/api-harness';
import { ORGS } from '../../testing/seed';
import { startCardVoucherStandin, type CardVoucherStandin } from '../../testing/sscard-voucher-standin';

const at = (id: string, orgId: string, now = new Date()): RequestContext => {
  const commandId = randomUUID();
  return { actor: { id, role: 'tester', orgId }, commandId, correlationId: commandId, ip: null, now };
};
const HOLDER = 'query($p: ID!) { r: voucherHolder(personId: $p) { vouchers { id status cardStatus cardStatusLabel cardRef cardReason } } }';
const CANCEL = 'mutation($id: ID!, $r: String!) { r: cancelVoucher(id: $id, reason: $r) { id } }';
const RETRY = 'mutation($id: ID!) { r: reloadVoucherCard(id: $id) { id } }';
const ids = { a: idNumber('520102', '19950505', '611'), b: idNumber('520102', '19950505', '622'), c: idNumber('520102', '19950505', '633') };

describe('a voucher withdrawn from the card (HTTP adapter against the stand-in)', () => {
  let standin: CardVoucherStandin;
  let api: ApiHarness;
  let county: Session;
  const saved = { url: process.env.SSCARD_VOUCHER_URL, id: process.env.SSCARD_VOUCHER_APP_ID, secret: process.env.SSCARD_VOUCHER_APP_SECRET };
  beforeAll(async () => {
    standin = await startCardVoucherStandin({ appId: 'pxq-app', appSecret: 'secret-w', cards: { [ids.a]: 'active', [ids.b]: 'active', [ids.c]: 'active' } });
    // The platform picks the card adapter from its configuration only, as in production.
    Object.assign(process.env, { SSCARD_VOUCHER_URL: standin.url, SSCARD_VOUCHER_APP_ID: 'pxq-app', SSCARD_VOUCHER_APP_SECRET: 'secret-w' });
    api = await startApiHarness();
    county = await api.login('nanmingRegistrar');
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    await standin.close();
    for (const [key, value] of [['SSCARD_VOUCHER_URL', saved.url], ['SSCARD_VOUCHER_APP_ID', saved.id], ['SSCARD_VOUCHER_APP_SECRET', saved.secret]] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  const trainee = async (name: string, id: string) => {
    const { commands } = api.platform;
    const entered = await commands.trainees.enter(ORGS.nanmingSchool, parseTraineeInput({ name, idNumber: id, personCategory: 'graduate', phone: '13800138010', bankAccount: '' }, new Date().toISOString().slice(0, 10)), [], at('school-op', ORGS.nanmingSchool), { submit: true });
    await commands.reviews.approve(entered.streamId, '同意', [], at('county-rev', ORGS.nanming));
    return entered.streamId.slice('trainee-'.length);
  };
  const issue = async (personId: string, now = new Date(), validMonths = 3) => {
    const terms = parseVoucherTerms({ kind: 'face_value', faceValueFen: '60000', scope: 'general', validFrom: now.toISOString().slice(0, 10), validMonths });
    return (await api.platform.commands.vouchers.issue({ personId, authorityId: ORGS.nanming, terms, reason: '就业困难人员' }, at('county-op', ORGS.nanming, now))).voucherId;
  };
  const holder = async (personId: string) => (await api.graphql<{ r: { vouchers: Record<string, unknown>[] } }>(county, HOLDER, { p: personId }, await api.settled())).data!.r.vouchers[0]!;
  const streamLength = async (personId: string) => (await api.platform.store.readStream(`voucher-${personId}`)).length;

  it('is withdrawn once when cancelled, and shows 已从社保卡撤销', async () => {
    const person = await trainee('撤销甲', ids.a);
    const voucherId = await issue(person);
    expect(standin.loaded.has(voucherId)).toBe(true);
    expect((await api.graphql(county, CANCEL, { id: voucherId, r: '持券人已就业' }, await api.settled())).errors).toBeUndefined();
    expect(standin.loaded.has(voucherId)).toBe(false);
    expect(standin.withdrawn.get(voucherId)).toEqual({ withdrawalRef: expect.stringMatching(/^SSC-W-\d+$/), reason: '作废：持券人已就业' });
    expect(await holder(person)).toMatchObject({ status: 'cancelled', cardStatus: 'withdrawn', cardStatusLabel: '已从社保卡撤销', cardReason: null });
    // Nothing is left to retry: the retry mutation refuses and writes nothing.
    const before = await streamLength(person);
    const again = await api.graphql(county, RETRY, { id: voucherId });
    expect(again.errors![0]).toMatchObject({ message: expect.stringMatching(/已从电子社保卡撤销$/), extensions: { code: 'RULE_VIOLATION' } });
    expect(await streamLength(person)).toBe(before);
  });

  it('records a failed withdrawal with its reason (撤销失败) and withdraws it when retried like a failed load', async () => {
    const person = await trainee('撤销乙', ids.b);
    const voucherId = await issue(person);
    standin.failing = true;
    try {
      expect((await api.graphql(county, CANCEL, { id: voucherId, r: '重复发放' }, await api.settled())).errors).toBeUndefined();
    } finally {
      standin.failing = false;
    }
    expect(await holder(person)).toMatchObject({ status: 'cancelled', cardStatus: 'withdrawal_failed', cardStatusLabel: '撤销失败', cardReason: expect.stringContaining('HTTP 503') });
    expect(standin.loaded.has(voucherId)).toBe(true);

    expect((await api.graphql(county, RETRY, { id: voucherId })).errors).toBeUndefined();
    expect(await holder(person)).toMatchObject({ cardStatus: 'withdrawn', cardReason: null });
    expect(standin.withdrawn.has(voucherId)).toBe(true);
    const events = (await api.platform.store.readStream(`voucher-${person}`)).map((e) => e.type);
    expect(events).toEqual(['VoucherIssued', 'VoucherLoadedOnCard', 'VoucherCancelled', 'VoucherCardWithdrawalFailed', 'VoucherWithdrawnFromCard']);
  });

  it('withdraws an expired voucher through the daily expiry, and never loads an ended one again', async () => {
    const person = await trainee('撤销丙', ids.c);
    const issuedOn = new Date();
    const voucherId = await issue(person, issuedOn, 1);
    await api.settled();
    const later = new Date(issuedOn.getTime() + 70 * 86_400_000);
    const job = { actor: { id: 'job:voucher-expiry', role: 'system', orgId: null }, commandId: randomUUID(), correlationId: randomUUID(), ip: null, now: later };
    expect(await api.platform.commands.vouchers.expireDue(job)).toBeGreaterThanOrEqual(1);
    expect(await holder(person)).toMatchObject({ status: 'expired', cardStatus: 'withdrawn' });
    expect(standin.withdrawn.get(voucherId)!.reason).toMatch(/^过期：有效期至\d{4}-\d{2}-\d{2}，逾期未使用$/);
    const requests = standin.requests;
    await expect(api.platform.commands.vouchers.retryCard(person, voucherId, at('county-op', ORGS.nanming))).rejects.toThrow('已从电子社保卡撤销');
    expect(standin.requests).toBe(requests);
  });
});
