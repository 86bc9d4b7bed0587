import type { ReviewEvent } from '../review/review';
import type { DiplomaStockEvent, DiplomaStockState } from './diploma-stock';

/** Chinese names of the module's events and states: a type without a label fails to compile. */
export const DIPLOMA_STOCK_EVENT_LABELS: Record<Exclude<DiplomaStockEvent['type'], ReviewEvent['type']>, string> = {
  DiplomaStockRequested: '申领空白毕业证',
  DiplomaStockAllocated: '空白毕业证编号分配',
  DiplomaStockRequestRejected: '空白毕业证申领未通过',
  DiplomaBlankSpoiled: '空白毕业证作废',
  DiplomaIssued: '发放毕业证',
  DiplomaPrinted: '打印毕业证',
  DiplomaAmendmentApplied: '申请更正毕业证',
  DiplomaReprintApplied: '申请补打毕业证',
  DiplomaIssueCancelled: '撤销待审批的毕业证',
  DiplomasApproved: '毕业证审批通过',
  DiplomasRejected: '毕业证审批未通过',
  DiplomaVoided: '旧毕业证编号作废',
  DiplomaPhotosExported: '导出毕业证照片',
};
export const DIPLOMA_STOCK_STATUS_LABELS: Record<DiplomaStockState['status'], string> = { none: '无', open: '已建立' };
// Field labels merge across modules (the last one wins): only names no other module uses are given here.
export const DIPLOMA_STOCK_FIELD_LABELS: Record<string, string> = {
  schoolCode: '学校代码',
  requestId: '申领编号',
  quantity: '申领数量',
  numbers: '分配的编号',
  number: '毕业证编号',
  lastSerial: '已分配到的序号',
  inStock: '库存编号',
  issued: '已发放',
  spoiled: '已作废',
  issuedOn: '发放日期',
  outcome: '毕结业',
  voided: '已作废（被替换）',
  replaces: '替换的编号',
  replacedBy: '替换为',
  corrections: '更正内容',
  underReview: '审批中的内容',
  namedBy: '照片命名方式',
  studentIds: '学生',
};
