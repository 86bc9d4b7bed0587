// Chinese labels of the fund's events, statuses and fields (typed over the unions).
import type { FundEvent, FundState } from './fund';

export const FUND_EVENT_LABELS: Record<FundEvent['type'], string> = {
  FundAllocated: '下达资金',
  FundAllocationAdjusted: '调整资金',
  FundReserved: '审批预留资金',
  FundReservationReduced: '调减预留资金',
  FundReservationReleased: '释放预留资金',
  FundSettled: '支付结果结算',
  FundReconciliationDifferenceFound: '对账发现差异',
};
export const FUND_STATUS_LABELS: Record<FundState['status'], string> = { none: '无', open: '使用中' };
export const FUND_FIELD_LABELS: Record<string, string> = {
  fundId: '资金编号',
  line: '资金渠道',
  year: '资金年度',
  allocatedFen: '下达金额（分）',
  reservedFen: '已预留（分）',
  spentFen: '已支付（分）',
  active: '有效预留',
  closed: '已结束的预留',
  settled: '已结算批次',
  adjustments: '资金调整',
  reductions: '已调减的预留',
  reductionId: '调减编号',
  reconciliations: '对账差异记录',
  lastDifferenceOn: '最近发现差异日期',
  report: '对账结果',
  deltaFen: '调整金额（分）',
  reservationId: '预留编号',
  applicationId: '补贴申报',
  paidFen: '支付金额（分）',
  releasedFen: '释放金额（分）',
  batchId: '支付批次',
};
