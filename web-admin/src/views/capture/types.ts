// The capture pages' code lists (the server's labels come with every row; these are the filters'
// choices) and how a result is shown.
import type { FilterOption } from '@/components/table/filter-fields';

export const CAPTURE_KIND_OPTIONS: FilterOption[] = [
  { value: 'check_in', label: '签到' },
  { value: 'check_out', label: '签退' },
  { value: 'random', label: '随机抓拍' },
];

export const CAPTURE_STATUS_OPTIONS: FilterOption[] = [
  { value: 'accepted', label: '已受理' },
  { value: 'refused', label: '已拒绝' },
];

export const MATCH_OUTCOME_OPTIONS: FilterOption[] = [
  { value: 'matched', label: '比对一致' },
  { value: 'not_matched', label: '比对不一致' },
  { value: 'no_face', label: '未检测到人脸' },
  { value: 'no_reference', label: '未登记人脸照片' },
  { value: 'unreadable', label: '照片无法识别' },
  { value: 'photo_missing', label: '照片已不存在' },
  { value: 'pending', label: '比对中' },
];

export const SIGNAL_KIND_OPTIONS: FilterOption[] = [
  { value: 'face_mismatch', label: '人脸与本人不一致' },
  { value: 'no_face', label: '照片中没有人脸' },
  { value: 'several_faces', label: '照片中有多张人脸' },
  { value: 'liveness_failed', label: '活体检测未通过' },
  { value: 'impersonation', label: '疑似代签（与名册中他人人脸一致）' },
  { value: 'far_from_venue', label: '抓拍地点远离培训地点' },
  { value: 'outside_session_time', label: '抓拍时间不在规定时段' },
  { value: 'impossible_travel', label: '两次抓拍间的位移无法在时间内完成' },
  { value: 'overlapping_classes', label: '同一人同时段出现在多个班级' },
  { value: 'teacher_absent', label: '授课教师未到岗' },
  { value: 'roster_filled_late', label: '申报前短时间内集中报名' },
  { value: 'identical_patterns', label: '多名学员考勤记录完全相同' },
];

export const SIGNAL_STATUS_OPTIONS: FilterOption[] = [
  { value: 'open', label: '待处理' },
  { value: 'confirmed', label: '已确认' },
  { value: 'dismissed', label: '已排除' },
];

type TagType = 'success' | 'warning' | 'danger' | 'info' | 'primary';

/** A match result's colour: green for one, red for a mismatch or no face, grey while pending. */
export function outcomeTagType(outcome: string | null | undefined): TagType {
  if (!outcome) return 'info';
  if (outcome === 'matched') return 'success';
  if (outcome === 'not_matched' || outcome === 'no_face') return 'danger';
  return 'warning';
}

export function signalStatusTagType(status: string): TagType {
  return status === 'open' ? 'warning' : status === 'confirmed' ? 'danger' : 'info';
}

/** Metres as people read them: 1.2 公里 above a kilometre. */
export function distanceText(meters: number | null | undefined): string {
  if (meters === null || meters === undefined) return '无定位';
  return meters >= 1000 ? `${(meters / 1000).toFixed(1)} 公里` : `${meters} 米`;
}

/** Labels of the evidence fields the detector records (domain/capture/detection.ts); others show their own key. */
export const EVIDENCE_LABELS: Record<string, string> = {
  distanceMeters: '距培训地点（米）',
  maxDistanceMeters: '允许的最大距离（米）',
  location: '抓拍位置',
  note: '说明',
  captureKind: '抓拍类型',
  deviceTime: '拍摄时间（设备）',
  serverTime: '受理时间（服务器）',
  windowFrom: '规定时段起',
  windowTo: '规定时段止',
  distance: '人脸距离',
  threshold: '判定阈值',
  faceCount: '人脸数',
  engineVersion: '比对引擎',
  liveness: '活体检测得分',
  minimum: '最低得分',
  rosterHits: '与名册中他人相近',
  speedKmh: '所需速度（公里/小时）',
  minutes: '间隔（分钟）',
  maxTravelKmh: '允许的最高速度（公里/小时）',
  otherClassId: '另一班级',
  late: '集中报名人数',
  total: '名册人数',
  windowHours: '时间窗（小时）',
  declaredAt: '申报时间',
  sessions: '课节',
  people: '人员',
  sessionId: '课节',
};
