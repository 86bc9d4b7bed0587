import type { ReviewEvent } from './review';

/** Chinese names of the review workflow's events (every module that is reviewed shows them). */
export const REVIEW_EVENT_LABELS: Record<ReviewEvent['type'], string> = {
  ReviewSubmitted: '提交审核',
  ReviewApproved: '审核通过',
  ReviewReturned: '审核退回',
  ReviewRejected: '不予通过',
  ReviewWithdrawn: '撤回',
};

/** Fields of the review state, as the timeline names their changes. */
export const REVIEW_FIELD_LABELS: Record<string, string> = {
  round: '审核轮次',
  levelIndex: '审核级别序号',
  levels: '审核级别',
  authorities: '审核机构',
  county: '区县',
  city: '市州',
  province: '省',
  submitterOrgId: '提交单位',
  submitterId: '提交人',
  reason: '原因',
};
