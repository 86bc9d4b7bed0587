// Chinese labels of the application's events, statuses and fields (typed over the unions).
import type { ReviewEvent } from '../review/review';
import type { SubsidyApplicationEvent, SubsidyApplicationState } from './application';

export const SUBSIDY_APPLICATION_EVENT_LABELS: Record<Exclude<SubsidyApplicationEvent['type'], ReviewEvent['type']>, string> = {
  TrainingFundingApplied: '申报机构培训经费',
  TrainingFundingRecalculated: '重新计算培训经费',
  TrainingFundingApproved: '审核通过并预留资金',
  TrainingFundingNoticePublished: '发布公示',
  TrainingFundingObjectionRecorded: '登记公示异议',
  TrainingFundingObjectionResolved: '处理公示异议',
  TrainingFundingPaymentOrdered: '生成支付指令',
  TrainingFundingPaid: '支付成功',
  TrainingFundingPaymentFailed: '支付失败',
};
export const SUBSIDY_APPLICATION_STATUS_LABELS: Record<SubsidyApplicationState['status'], string> = { none: '无', active: '已申报' };
export const SUBSIDY_APPLICATION_FIELD_LABELS: Record<string, string> = {
  applicationId: '申报编号',
  classId: '培训班',
  classNo: '班级编号',
  className: '班级名称',
  institutionId: '培训机构',
  source: '资金来源',
  payerId: '支付单位',
  line: '资金渠道',
  year: '资金年度',
  fundId: '资金',
  calculation: '计算结果',
  facts: '计算依据',
  result: '计算结果',
  computedAt: '计算时的日志位置',
  computedOn: '计算时间',
  reservation: '资金预留',
  reservationId: '预留编号',
  amountFen: '金额（分）',
  round: '审核轮次',
  notice: '公示',
  publishedOn: '公示开始日期',
  until: '公示截止日期',
  objections: '公示异议',
  removed: '异议成立移出的人员',
  removedFen: '异议成立核减金额（分）',
  revoked: '已撤销',
  payment: '支付',
  paymentId: '支付编号',
  batchId: '支付批次',
  bankRef: '银行流水号',
};
