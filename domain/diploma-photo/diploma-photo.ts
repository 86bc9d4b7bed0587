// 毕业证照片 (requirement 9(9)): one record per student (`diploma-photo-<studentId>`). The school
// uploads the graduate's photo (the content lives encrypted in the storage port; the event keeps its
// file id and SHA-256 only), its authorities approve or return it through the one review workflow,
// and the approved photo is what the diploma prints and what the zip export holds. A new upload after
// an approval is reviewed in turn; the approved photo stays in force meanwhile.
import {
  decideWithReview,
  evolveReview,
  initialReviewState,
  isReviewCommand,
  isReviewEvent,
  reopenReview,
  type ReviewCommand,
  type ReviewEvent,
  type ReviewParticipation,
  type ReviewPolicy,
  type ReviewState,
} from '../review/review';
import { assertNever, type CommandContext, type Decider, type DomainEvent } from '../shared/decider';
import { ForbiddenError, NotFoundError, RuleViolationError, ValidationError } from '../shared/errors';
import { streamNaming } from '../shared/streams';
import { SCHOOL_REVIEW_POLICY } from '../technical-school/technical-school';

export const diplomaPhotoStreams = streamNaming('diploma-photo');

/** The limits a diploma photo must meet (a 2-inch ID photo; larger files are camera originals, not ID photos). */
export const PHOTO_RULES = { maxBytes: 2 * 1024 * 1024, minBytes: 5 * 1024, minWidth: 260, minHeight: 320 } as const;

export type DiplomaPhotoFile = { fileId: string; sha256: string; kind: 'jpg' | 'png'; size: number; width: number; height: number };
export type DiplomaPhotoUploaded = DomainEvent<'DiplomaPhotoUploaded', { studentId: string; schoolId: string; studentName: string; photo: DiplomaPhotoFile }>;
/** The photo under review approved: from now on the one the diploma prints. */
export type DiplomaPhotoApproved = DomainEvent<'DiplomaPhotoApproved', { sha256: string; fileId: string }>;
export type DiplomaPhotoEvent = DiplomaPhotoUploaded | DiplomaPhotoApproved | ReviewEvent;

export type DiplomaPhotoState =
  | { status: 'none' }
  | { status: 'kept'; studentId: string; schoolId: string; studentName: string; pending: DiplomaPhotoFile | null; approved: DiplomaPhotoFile | null; review: ReviewState };
type Kept = Extract<DiplomaPhotoState, { status: 'kept' }>;

/** The student as their own stream says (which school holds them, whether they graduated there). */
export interface PhotoStudentFacts {
  studentId: string;
  name: string;
  schoolId: string | null;
  /** How the student left, if they did: only a student who is graduating or graduated gets a diploma photo. */
  leftAs?: 'withdrawn' | 'cancelled' | 'graduated' | 'completed';
}

export type DiplomaPhotoCommand = { type: 'UploadDiplomaPhoto'; student: PhotoStudentFacts; photo: DiplomaPhotoFile } | (ReviewCommand & { policy?: ReviewPolicy });

/** The problems of a photo file, in Chinese (empty: acceptable). */
export function photoProblems(photo: Pick<DiplomaPhotoFile, 'size' | 'width' | 'height'>): string[] {
  const problems: string[] = [];
  if (photo.size > PHOTO_RULES.maxBytes) problems.push(`照片超过 ${PHOTO_RULES.maxBytes / 1048576} MB`);
  if (photo.size < PHOTO_RULES.minBytes) problems.push(`照片小于 ${PHOTO_RULES.minBytes / 1024} KB，不够清晰`);
  if (photo.width < PHOTO_RULES.minWidth || photo.height < PHOTO_RULES.minHeight) problems.push(`照片尺寸 ${photo.width}×${photo.height} 像素，至少应为 ${PHOTO_RULES.minWidth}×${PHOTO_RULES.minHeight}`);
  if (photo.width >= photo.height) problems.push('照片应为竖版（高大于宽）证件照');
  return problems;
}

export const diplomaPhotoReview: ReviewParticipation<DiplomaPhotoState, DiplomaPhotoEvent> = {
  policy: SCHOOL_REVIEW_POLICY,
  reviewOf: (state) => (state.status === 'kept' ? state.review : undefined),
  notFound: '该学生尚未上传毕业证照片',
  checkSubmission(state, context) {
    if (state.status !== 'kept') throw new NotFoundError('该学生尚未上传毕业证照片');
    if (context.actor.orgId !== state.schoolId) throw new ForbiddenError('只有学生所在院校可以提交照片审核');
    if (!state.pending) throw new RuleViolationError('没有待审核的照片', 'diploma_photo.nothing_pending');
  },
  title: (state) => (state.status === 'kept' ? `毕业证照片 ${state.studentName}` : '毕业证照片'),
  onDecision(decision, state) {
    if (state.status !== 'kept' || !state.pending) return [];
    if (decision.type === 'ReviewApproved' && decision.data.final) return [{ type: 'DiplomaPhotoApproved', data: { sha256: state.pending.sha256, fileId: state.pending.fileId } }];
    return [];
  },
};

function decide(command: DiplomaPhotoCommand, state: DiplomaPhotoState, context: CommandContext): DiplomaPhotoEvent[] {
  if (isReviewCommand(command)) return decideWithReview(diplomaPhotoReview, command, state, context);
  switch (command.type) {
    case 'UploadDiplomaPhoto': {
      const { student, photo } = command;
      if (!context.actor.orgId || student.schoolId !== context.actor.orgId) throw new RuleViolationError(`${student.name}不是本校学生，不能上传其毕业证照片`, 'diploma_photo.not_student');
      // A student who withdrew or whose status was cancelled will get no diploma to print the photo on.
      if (student.leftAs === 'withdrawn' || student.leftAs === 'cancelled') throw new RuleViolationError(`${student.name}已${student.leftAs === 'withdrawn' ? '退学' : '注销学籍'}，不能上传毕业证照片`, 'diploma_photo.not_graduating');
      const problems = photoProblems(photo);
      if (problems.length) throw new ValidationError([{ field: 'photo', message: problems.join('；') }], `照片不合格：${problems.join('；')}`);
      if (state.status === 'kept') {
        if (state.pending?.sha256 === photo.sha256 || (!state.pending && state.approved?.sha256 === photo.sha256)) return [];
        if (state.review.status === 'pending') throw new RuleViolationError(`${state.studentName}的照片正在审核中，请等待审核结果或撤回后再上传`, 'diploma_photo.in_review');
      }
      return [{ type: 'DiplomaPhotoUploaded', data: { studentId: student.studentId, schoolId: student.schoolId, studentName: student.name, photo } }];
    }
    default:
      return assertNever(command);
  }
}

function evolve(state: DiplomaPhotoState, event: DiplomaPhotoEvent): DiplomaPhotoState {
  if (event.type === 'DiplomaPhotoUploaded') {
    const { studentId, schoolId, studentName, photo } = event.data;
    const base: Kept = state.status === 'kept' ? state : { status: 'kept', studentId, schoolId, studentName, pending: null, approved: null, review: initialReviewState() };
    // A new photo after a decided round starts the next round from a draft.
    const review = base.review.status === 'approved' || base.review.status === 'rejected' ? reopenReview(base.review) : base.review;
    return { ...base, schoolId, studentName, pending: photo, review };
  }
  if (state.status === 'none') return state;
  if (isReviewEvent(event)) {
    const review = evolveReview(state.review, event);
    // A rejected photo is dropped (the approved one, if any, stays); a returned one waits for a new upload or a resubmission.
    return { ...state, review, pending: event.type === 'ReviewRejected' ? null : state.pending };
  }
  switch (event.type) {
    case 'DiplomaPhotoApproved':
      return { ...state, approved: state.pending, pending: null };
    default:
      return assertNever(event);
  }
}

export const diplomaPhotoDecider: Decider<DiplomaPhotoCommand, DiplomaPhotoEvent, DiplomaPhotoState> = {
  initialState: () => ({ status: 'none' }),
  evolve,
  decide,
};

export const DIPLOMA_PHOTO_EVENT_LABELS: Record<Exclude<DiplomaPhotoEvent['type'], ReviewEvent['type']>, string> = {
  DiplomaPhotoUploaded: '上传毕业证照片',
  DiplomaPhotoApproved: '毕业证照片审核通过',
};
export const DIPLOMA_PHOTO_STATUS_LABELS: Record<DiplomaPhotoState['status'], string> = { none: '无', kept: '已上传' };
export const DIPLOMA_PHOTO_FIELD_LABELS: Record<string, string> = { photo: '照片', sha256: '内容摘要', width: '宽（像素）', height: '高（像素）' };
