// How the ledger's verdict reads beside the hash chain's. The chain can be recomputed by whoever
// rewrites an event; the ledger's leaves and signed digests cannot, so where the two disagree the
// console says so in the chain's own place and the ledger's word stands.
import type { LedgerCheckStatus, TimelineQuery } from '@/graphql/generated';

type Timeline = TimelineQuery['timeline'];
type TagType = 'success' | 'warning' | 'danger' | 'info';

export const LEDGER_STATUS_TEXT: Record<LedgerCheckStatus, string> = {
  INTACT: '账本校验通过',
  ALTERED: '账本校验失败',
  PENDING: '尚未记入账本摘要',
};

export const ledgerTagType = (status: LedgerCheckStatus): TagType => (status === 'INTACT' ? 'success' : status === 'ALTERED' ? 'danger' : 'info');

/** The chain says intact, the ledger says a stored event changed: a chain recomputed after tampering. */
export const chainContradicted = (timeline: Timeline) => timeline.chainValid && timeline.ledger.status === 'ALTERED';

/** The chain's verdict, qualified when the ledger contradicts it. */
export function chainText(timeline: Timeline): string {
  const events = timeline.entries.length;
  if (!timeline.chainValid) return '哈希链校验失败：记录可能被篡改，请联系审计管理员';
  if (chainContradicted(timeline)) return `哈希链完整（${events} 个事件），但与账本不符：哈希链可能在篡改后被重新计算，以账本结论为准`;
  return `哈希链完整：共 ${events} 个事件，逐条校验通过`;
}

export const chainTagType = (timeline: Timeline): TagType => (!timeline.chainValid ? 'danger' : chainContradicted(timeline) ? 'warning' : 'success');

/** el-alert calls the red kind "error" where el-tag calls it "danger". */
export const alertType = (type: TagType): Exclude<TagType, 'danger'> | 'error' => (type === 'danger' ? 'error' : type);
