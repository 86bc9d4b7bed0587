import type { CaptureEvent, CaptureState } from './capture';
import type { CapturePolicyEvent } from './capture-policy';
import type { CaptureScheduleDrawn } from './capture-schedule';
import type { CaptureSignalEvent } from './capture-signal';
import { SIGNAL_STATUS_LABELS } from './capture-signal';

/** Chinese names of the module's events and states: a type without a label fails to compile. */
export const CAPTURE_EVENT_LABELS: Record<CaptureEvent['type'] | CapturePolicyEvent['type'] | CaptureScheduleDrawn['type'], string> = {
  CaptureAccepted: '考勤抓拍',
  CaptureRefused: '抓拍被拒（安全事件）',
  CaptureMatched: '人脸比对结果',
  CapturePhotoViewed: '查看抓拍照片',
  CapturePhotoPurged: '抓拍照片到期删除',
  CapturePolicyChanged: '修改抓拍策略',
  CapturePhotoRetentionChanged: '修改抓拍照片保存期限',
  CaptureScheduleDrawn: '生成随机抓拍时间',
};
export const CAPTURE_STATUS_LABELS: Record<CaptureState['status'], string> = { none: '无', refused: '已拒绝', accepted: '已受理' };
export const CAPTURE_FIELD_LABELS: Record<string, string> = {
  capture: '抓拍',
  matches: '比对结果',
  views: '照片查看次数',
  photoPurged: '照片已删除',
  refusals: '被拒次数',
  lastReason: '最近拒绝原因',
};

export const CAPTURE_SIGNAL_EVENT_LABELS: Record<CaptureSignalEvent['type'], string> = {
  CaptureSignalRaised: '发现考勤异常',
  CaptureSignalConfirmed: '确认考勤异常',
  CaptureSignalDismissed: '排除考勤异常',
};
export const CAPTURE_SIGNAL_STATUS_LABELS = SIGNAL_STATUS_LABELS;
export const CAPTURE_SIGNAL_FIELD_LABELS: Record<string, string> = { signal: '预警', reason: '处理理由', excluded: '不计出勤' };
