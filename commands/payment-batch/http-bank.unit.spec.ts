// The bank port's HTTP adapter against the stand-in built from CONTRACT.md ("HTTP interface"): a
// payment paid once however often it is posted, a failure with its reason, a payment still
// processing left pending then answered, a conflicting repeat and a wrong token refused, an
// unreachable bank reported in Chinese; and the adapter chosen by configuration.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startBankHttpStandIn, type BankHttpStandIn } from '../../testing/bank-http-standin';
import { bankFromEnv, BankRequestError, httpBank } from './http-bank';

const line = (paymentId: string, over: Partial<{ account: string; amountFen: number }> = {}) => ({ paymentId, account: '6217001234567890128', accountName: '王小红', amountFen: 125_000, purpose: '国家助学金第1期', ...over });

describe('HTTP bank adapter against the contract stand-in', () => {
  let bank: BankHttpStandIn;
  beforeAll(async () => {
    bank = await startBankHttpStandIn({ fail: (p) => (p.account === '6217000000000000000' ? '账户已冻结' : undefined), processing: (id) => id.startsWith('slow') });
  });
  afterAll(async () => bank.close());

  it('pays a payment id once, however often it is posted, and answers the repeat with the same result', async () => {
    const port = httpBank({ url: bank.url, token: bank.token });
    const first = await port.pay('b-1', line('p-1'));
    expect(first).toEqual({ paymentId: 'p-1', status: 'paid', amountFen: 125_000, bankRef: expect.stringMatching(/^HB\d{8}$/), reason: '' });
    expect(await port.pay('b-2', line('p-1'))).toEqual(first);
    expect(bank.paidCount.get('p-1')).toBe(1);
  });

  it('reports a failure with the bank\'s reason', async () => {
    expect(await httpBank({ url: bank.url, token: bank.token }).pay('b-1', line('p-2', { account: '6217000000000000000' }))).toEqual({ paymentId: 'p-2', status: 'failed', amountFen: 125_000, bankRef: '', reason: '账户已冻结' });
    expect(bank.paidCount.has('p-2')).toBe(false);
  });

  it('leaves a payment the bank is still processing pending (null), and reads its result when posted again', async () => {
    const port = httpBank({ url: bank.url, token: bank.token });
    expect(await port.pay('b-1', line('slow-1'))).toBeNull();
    bank.finish('slow-1');
    expect(await port.pay('b-1', line('slow-1'))).toMatchObject({ status: 'paid' });
    expect(bank.paidCount.get('slow-1')).toBe(1);
  });

  it('refuses the same payment id with another amount (409), pays nothing; refuses a wrong token', async () => {
    const port = httpBank({ url: bank.url, token: bank.token });
    await expect(port.pay('b-1', line('p-1', { amountFen: 125_001 }))).rejects.toThrow('同一支付编号的账户或金额与此前不同');
    expect(bank.paidCount.get('p-1')).toBe(1);
    await expect(httpBank({ url: bank.url, token: 'wrong' }).pay('b-1', line('p-3'))).rejects.toThrow('HTTP 401');
    expect(bank.paidCount.has('p-3')).toBe(false);
  });

  it('reports an unreachable bank in Chinese, saying the order stays pending', async () => {
    const error = await httpBank({ url: 'http://127.0.0.1:9', token: 't', timeoutMs: 2_000 }).pay('b-1', line('p-4')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BankRequestError);
    expect((error as Error).message).toContain('银行接口无法访问');
  });

  it('is chosen by configuration: batch files by default, HTTP with its URL and token', () => {
    expect(bankFromEnv({})).toBeNull();
    expect(bankFromEnv({ BANK_ADAPTER: 'file' })).toBeNull();
    expect(() => bankFromEnv({ BANK_ADAPTER: 'http' })).toThrow('BANK_HTTP_URL');
    expect(() => bankFromEnv({ BANK_ADAPTER: 'ftp' })).toThrow('只支持 file');
    expect(bankFromEnv({ BANK_ADAPTER: 'http', BANK_HTTP_URL: bank.url, BANK_HTTP_TOKEN: bank.token })).not.toBeNull();
  });
});
