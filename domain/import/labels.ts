import type { ImportEvent, ImportState } from './import-job';

/** Chinese names of the module's events and states: a type without a label fails to compile. */
export const IMPORT_EVENT_LABELS: Record<ImportEvent['type'], string> = {
  ImportStarted: '开始导入',
  ImportValidated: '导入校验完成',
  ImportProgressed: '导入进度',
  ImportCompleted: '导入完成',
  ImportFailed: '导入失败',
};
export const IMPORT_STATUS_LABELS: Record<ImportState['status'], string> = { none: '无', validating: '校验中', importing: '导入中', completed: '已完成', failed: '失败' };
