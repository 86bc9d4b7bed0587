// Chinese labels of the voucher module's events, statuses and fields (typed over the unions).
import type { VoucherEvent, VoucherState } from './voucher';

export const VOUCHER_EVENT_LABELS: Record<VoucherEvent['type'], string> = {
  VoucherIssued: '发放培训券',
  VoucherLoadedOnCard: '加载到电子社保卡',
  VoucherCardLoadFailed: '社保卡加载失败',
  VoucherWithdrawnFromCard: '已从社保卡撤销',
  VoucherCardWithdrawalFailed: '社保卡撤销失败',
  VoucherUsed: '使用培训券',
  VoucherUseReleased: '培训券恢复未使用',
  VoucherCancelled: '作废培训券',
  VoucherExpired: '培训券过期',
  VoucherSettled: '培训券结算',
  VoucherAcceptanceDecided: '培训券受理决定',
};
export const VOUCHER_RECORD_STATUS_LABELS: Record<VoucherState['status'], string> = { none: '无', holder: '持券人', acceptance: '培训券受理机构' };
export const VOUCHER_FIELD_LABELS: Record<string, string> = {
  voucherId: '培训券编号',
  voucherNo: '券号',
  personId: '持券人',
  name: '姓名',
  idNumberMasked: '身份证号',
  vouchers: '培训券',
  terms: '券面信息',
  authorityId: '发放单位',
  authorityName: '发放单位名称',
  issuedOn: '发放日期',
  reason: '原因',
  status: '状态',
  use: '使用情况',
  card: '社保卡加载',
  settlement: '结算',
  end: '作废或过期',
  cardRef: '社保卡加载编号',
  withdrawalRef: '社保卡撤销编号',
  classId: '培训班',
  applicationId: '机构培训经费申报',
  amountFen: '结算金额（分）',
  institutionId: '培训机构',
  institutionName: '培训机构名称',
  accepts: '受理培训券',
  decisions: '决定次数',
};
