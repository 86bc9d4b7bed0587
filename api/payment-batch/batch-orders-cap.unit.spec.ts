// A batch's `orders` field answers at most 1,000 orders: a larger batch is read a page at a time
// (paymentBatchOrders), and asking for all of it is refused in Chinese rather than held for seconds.
import { describe, expect, it } from '@jest/globals';
import type { Knex } from 'knex';
import { toBatch } from './batch-graphql';

const rowWith = (orderCount: number) =>
  ({
    id: 'b-1', stream_id: 'payment-batch-b-1', payer_id: 'auth-520102', fund_id: 'f-1', status: 'created', order_count: orderCount,
    total_fen: '0', paid_fen: '0', failed_fen: '0', pending_fen: '0', voided_fen: '0', issued_on: null,
    state: { status: 'created', orders: Array.from({ length: orderCount }, (_, i) => ({ paymentId: `p-${i}`, amountFen: 0 })), results: {} },
    created_by: 'u', created_at: '2026-12-06T00:00:00Z', updated_at: '2026-12-06T00:00:00Z',
  }) as unknown as Parameters<typeof toBatch>[0];

describe('paymentBatch.orders', () => {
  it('refuses a batch of more than 1,000 orders, naming the paged query', async () => {
    await expect(toBatch(rowWith(1001), {} as Knex).orders()).rejects.toThrow('本批次有 1001 笔支付指令，超过一次返回的上限 1000 笔，请用 paymentBatchOrders 分页查询');
  });
});
