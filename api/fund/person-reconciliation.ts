// 个人对账 (issue 14 §3, "for any ... person"): by ID number, every approval of the person in a module
// that pays people (personal subsidies, school aid), each split into approved = removed + paid +
// failed + pending to the fen, against the batches that paid them. One answer for the GraphQL query
// (personPaymentReconciliation) and its .xlsx export, so the file shows exactly what the page shows.
// Only the records the caller may see: another prefecture's records answer as absent, not as a difference.
import { z } from 'zod';
import { approvalFigures } from '../../domain/fund/reconciliation';
import { moduleOfStream } from '../../domain/shared/streams';
import { parseInput } from '../../domain/shared/validation';
import type { FundReconciliation } from '../../commands/fund/reconciliation';
import type { ListContext } from '../graphql/context';

const LINE_STATUS_LABELS = { pending: '待支付', ordered: '已生成支付指令', paid: '支付成功', failed: '支付失败' } as const;

export const personReconciliationInput = z.object({ idNumber: z.string({ error: '请输入身份证号码' }).trim().regex(/^\d{17}[\dXx]$/, { error: '身份证号码应为18位' }) });

type LineStatus = keyof typeof LINE_STATUS_LABELS;

/** One approval of the person (amounts: fen as decimal strings). */
export interface PersonPaymentLine {
  recordId: string;
  module: string;
  moduleLabel: string;
  title: string;
  approvedFen: string;
  removedFen: string;
  paidFen: string;
  failedFen: string;
  pendingFen: string;
  balanced: boolean;
  status: LineStatus;
  statusLabel: string;
  amountFen: string | null;
  reissued: number;
}

export interface PersonPaymentReconciliation {
  approvedFen: string;
  paidFen: string;
  failedFen: string;
  removedFen: string;
  pendingFen: string;
  balanced: boolean;
  differences: string[];
  lines: PersonPaymentLine[];
}

/** `visible(streamId)`: whether the caller may see the record (the one record-scope check, findRecord). */
export async function personPaymentReconciliation(ctx: Pick<ListContext, 'platform' | 'require'>, rawIdNumber: unknown, visible: (streamId: string) => Promise<boolean>): Promise<PersonPaymentReconciliation> {
  ctx.require('subsidy:read');
  const { idNumber } = parseInput(personReconciliationInput, { idNumber: rawIdNumber });
  const keys = ctx.platform.personalData.lookup('idNumber', idNumber);
  const r: Awaited<ReturnType<FundReconciliation['reconcilePerson']>> = await ctx.platform.commands.fundReconciliation.reconcilePerson(keys, visible);
  const fen = (n: number) => String(n);
  return {
    approvedFen: fen(r.approvedFen), paidFen: fen(r.paidFen), failedFen: fen(r.failedFen), removedFen: fen(r.removedFen), pendingFen: fen(r.pendingFen),
    balanced: r.differences.length === 0, differences: r.differences,
    lines: r.lines.map((l): PersonPaymentLine => {
      const status: LineStatus = l.payment?.status ?? 'pending';
      const figures = approvalFigures(l);
      const module = l.streamId ? moduleOfStream(l.streamId) : '';
      return {
        recordId: l.applicationId, module, moduleLabel: module ? ctx.platform.modules.labelOf(module) : '', title: l.className,
        approvedFen: fen(figures.approvedFen), removedFen: fen(figures.removedFen), paidFen: fen(figures.paidFen), failedFen: fen(figures.failedFen), pendingFen: fen(Math.max(0, figures.pendingFen)),
        // More paid or removed than approved: the line does not add up (named among the differences too).
        balanced: figures.pendingFen >= 0,
        status, statusLabel: LINE_STATUS_LABELS[status], amountFen: l.payment ? fen(l.payment.amountFen) : null, reissued: l.failedBefore?.length ?? 0,
      };
    }),
  };
}
