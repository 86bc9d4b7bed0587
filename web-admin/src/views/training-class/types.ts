// The training-class pages' types, derived from the generated GraphQL types, and the option lists of
// the class's coded values. The server sends every label with its row (kindLabel, statusLabel,
// modeLabel ...), which the pages show; it offers no dictionary for these codes (only skill_level
// and review_level are dictionaries), so these lists only feed the filter and form selects. They
// copy domain/training-class (class-details.ts, labels.ts, follow-up.ts): the server refuses any
// other value with a Chinese field error.
import type { TagType } from '@/utils/dict';
import type {
  TrainingClassAttendanceQuery,
  TrainingClassesQuery,
  TrainingClassQuery,
  TrainingKindSettingsQuery,
  WorkingCalendarQuery,
} from '@/graphql/generated';

export type TrainingClassRow = TrainingClassesQuery['trainingClasses']['items'][number];
export type TrainingClassRecord = NonNullable<TrainingClassQuery['trainingClass']>;
export type ClassSession = TrainingClassRecord['timetable'][number];
export type ClassParticipant = TrainingClassRecord['roster'][number];
export type ClassTeacher = TrainingClassRecord['teachers'][number];
export type CompletionRequestView = NonNullable<TrainingClassRecord['completionRequest']>;
export type ClassFollowUp = TrainingClassRecord['followUps'][number];
export type ClassInspection = TrainingClassRecord['inspections'][number];
export type AttendanceMatrix = NonNullable<TrainingClassAttendanceQuery['trainingClass']>['attendance'];
export type KindSettings = TrainingKindSettingsQuery['trainingKindSettings'][number];
export type CalendarDay = WorkingCalendarQuery['workingCalendar']['days'][number];

export interface Option {
  value: string;
  label: string;
}

export const CLASS_STATUS_OPTIONS: readonly Option[] = [
  { value: 'draft', label: '草稿' },
  { value: 'declared', label: '已申报' },
  { value: 'approved', label: '已开班（待开课）' },
  { value: 'in_progress', label: '培训中' },
  { value: 'suspended', label: '已暂停' },
  { value: 'completed', label: '已结业' },
  { value: 'cancelled', label: '已取消' },
];

/** Presentation only: the colour of a class status's tag (its text is the row's statusLabel). */
const STATUS_TAGS: Record<string, TagType> = { draft: 'info', declared: 'warning', approved: 'success', in_progress: 'primary', suspended: 'danger', completed: 'success', cancelled: 'info' };
export const statusTagType = (status: string | null | undefined): TagType => (status ? (STATUS_TAGS[status] ?? 'info') : 'info');

export const TRAINING_KIND_OPTIONS: readonly Option[] = [
  { value: 'employment', label: '就业技能培训' },
  { value: 'upskilling', label: '岗位技能提升培训' },
  { value: 'apprenticeship', label: '新型学徒制' },
  { value: 'work_for_training', label: '以工代训' },
  { value: 'entrepreneurship', label: '创业培训' },
  { value: 'teacher_capability', label: '师资能力提升培训' },
];
/** Kinds that train for no catalogue occupation (domain: needsOccupation). */
export const KINDS_WITHOUT_OCCUPATION: readonly string[] = ['entrepreneurship', 'teacher_capability'];
/** 师资能力提升培训 enrols teachers; every other kind trainees. */
export const participantKindOf = (kind: string): 'trainee' | 'teacher' => (kind === 'teacher_capability' ? 'teacher' : 'trainee');

export const SUB_KIND_OPTIONS: readonly Option[] = [
  { value: 'syb', label: 'SYB（创办你的企业）' },
  { value: 'gyb', label: 'GYB（产生你的企业想法）' },
  { value: 'online', label: '网络创业培训' },
];

export const FUNDING_OPTIONS: readonly Option[] = [
  { value: 'subsidised', label: '补贴性培训' },
  { value: 'self_paid', label: '自费培训' },
];

export const SESSION_MODE_OPTIONS: readonly Option[] = [
  { value: 'theory', label: '理论' },
  { value: 'practice', label: '实操' },
];

export const ASSESSMENT_MODE_OPTIONS: readonly Option[] = [
  { value: 'written_practical', label: '理论考试和实操考核' },
  { value: 'written', label: '理论考试' },
  { value: 'practical', label: '实操考核' },
  { value: 'skill_certificate', label: '职业技能等级认定（取得技能等级证书）' },
];

export const FOLLOW_UP_STATUS_OPTIONS: readonly Option[] = [
  { value: 'employed', label: '就业' },
  { value: 'self_employed', label: '自主创业' },
  { value: 'studying', label: '升学' },
  { value: 'unemployed', label: '未就业' },
];

export const PAY_BAND_OPTIONS: readonly Option[] = [
  { value: 'below_2000', label: '2000元以下' },
  { value: 'from_2000', label: '2000-3000元' },
  { value: 'from_3000', label: '3000-5000元' },
  { value: 'from_5000', label: '5000-8000元' },
  { value: 'from_8000', label: '8000元以上' },
];

export const INSPECTION_MODE_OPTIONS: readonly Option[] = [
  { value: 'on_site', label: '现场检查' },
  { value: 'remote', label: '远程检查' },
];

/** domain/institution/institution.ts PENALTY_KIND_LABELS. */
export const PENALTY_KIND_OPTIONS: readonly Option[] = [
  { value: 'interview', label: '约谈' },
  { value: 'rectification_notice', label: '整改通知书（限期整改，期间不得开班）' },
  { value: 'public_notice', label: '通报' },
  { value: 'termination', label: '解除定点（解约）' },
];

/** Rectification statuses (domain/training-class/inspection.ts RECTIFICATION_STATUS_LABELS), for the inspection list's filter. */
export const RECTIFICATION_STATUS_OPTIONS: readonly Option[] = [
  { value: 'awaiting_reply', label: '待整改回复' },
  { value: 'replied', label: '已回复待审核' },
  { value: 'returned', label: '整改回复退回' },
  { value: 'accepted', label: '整改通过' },
  { value: 'not_required', label: '无需整改' },
];

/** Presentation only: the colour of an inspection's rectification status (its text is the row's statusLabel). */
const RECTIFICATION_TAGS: Record<string, TagType> = { not_required: 'success', awaiting_reply: 'warning', replied: 'primary', accepted: 'success', returned: 'danger' };
export const rectificationTagType = (status: string): TagType => RECTIFICATION_TAGS[status] ?? 'info';

export const CALENDAR_DAY_KIND_OPTIONS: readonly Option[] = [
  { value: 'holiday', label: '放假' },
  { value: 'workday', label: '调休上班' },
];

/** The list's filters (useListState adds page and size); `institutionId` and `countyCode` only where the user has choices. */
export interface TrainingClassFilters {
  keyword: string;
  kind: string;
  status: string;
  institutionId: string;
  occupationCode: string;
  countyCode: string;
  startFrom: string;
  startTo: string;
}

/** The register / edit form: TrainingClassInput with the numbers still empty while typing. */
export interface ClassFormModel {
  name: string;
  kind: string;
  subKind: string;
  /** `code|level` of a published occupation of the institution, '' for none. */
  occupationKey: string;
  plannedStart: string;
  plannedEnd: string;
  minSize: number | undefined;
  maxSize: number | undefined;
  address: string;
  countyCode: string;
  latitude: number | undefined;
  longitude: number | undefined;
  fundingSource: string;
  targetTier: string;
}

export interface ClassFormProps {
  mode: 'register' | 'edit';
  id?: string;
  initial?: Partial<ClassFormModel>;
  /** The occupation the class has (an edit), offered even when it no longer lists. */
  currentOccupation?: { code: string; name: string; level: string; levelLabel: string } | null;
  /** The venue's county when registering: the institution's own. */
  defaultCountyCode?: string;
}

export interface ClassFormResult {
  id: string;
}

/** One row of the timetable editor. */
export interface SessionRow {
  date: string;
  start: string;
  end: string;
  subject: string;
  mode: string;
  teacherId: string;
  venue: string;
}

/** How a record's tab changes the class: directly before opening, as a change request after. */
export type EditMode = 'direct' | 'change';
