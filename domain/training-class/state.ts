// The training class's state: a union keyed on the class's status, so a field that cannot exist in
// a status (the suspension of a draft, the certificates of a running class) has no place in it.
//   draft -> declared (审核中 or 退回) -> approved (开班) -> in_progress -> completed (结业)
//   approved / in_progress <-> suspended (by an authority); cancelled from draft, declared, approved
//   (the institution), from approved, in_progress, suspended (an authority), or a rejected declaration.
import { evolveReview, initialReviewState, isReviewEvent, reopenReview, type ReviewAuthorities, type ReviewState } from '../review/review';
import { assertNever } from '../shared/decider';
import type { IsoDate } from '../personal-data/normalize';
import type { AssessmentResult } from './assessment';
import type { AttendanceMark } from './attendance';
import type { ClassDetails } from './class-details';
import type { Certificate, ClassChange, CompletionRequest, Declaration, TrainingClassEvent } from './events';
import type { FollowUpRecord } from './follow-up';
import type { AssignedTeacher, RosterEntry } from './participants';
import type { Session } from './timetable';
import { evolveInspections, type Inspection } from './inspection';

/** What the current (or last) review round of the class is about. */
export type ReviewSubject = 'declaration' | 'change' | 'completion';

interface ClassCore {
  classId: string;
  classNo: string;
  institutionId: string;
  details: ClassDetails;
  /** The timetable, teachers and roster in force (approved once the class is open). */
  timetable: Session[];
  teachers: AssignedTeacher[];
  roster: RosterEntry[];
  review: ReviewState;
  subject: ReviewSubject | null;
  /**
   * A declaration or completion request was recorded and not yet submitted. Both are submitted in
   * the command that records them (their checks need lookups); a bare SubmitForReview cannot.
   */
  awaitingSubmission: boolean;
  /** The reviewing authorities of the last submission: they may suspend and resume the class. */
  authorities: ReviewAuthorities;
  marks: AttendanceMark[];
  assessments: AssessmentResult[];
  /** Approved versions of the class (1 at opening, +1 per applied change). */
  version: number;
  /** 检查记录 and their rectification. */
  inspections: Inspection[];
}

interface OpenedCore extends ClassCore {
  declaration: Declaration;
  openedOn: IsoDate;
  /** A change request awaiting review (the record shows it beside the approved values). */
  change: ClassChange | null;
}

export type DraftClass = ClassCore & { status: 'draft' };
export type DeclaredClass = ClassCore & { status: 'declared'; declaration: Declaration };
export type ApprovedClass = OpenedCore & { status: 'approved' };
export type InProgressClass = OpenedCore & { status: 'in_progress'; startedOn: IsoDate; completionRequest: CompletionRequest | null };
export type SuspendedClass = OpenedCore & {
  status: 'suspended';
  startedOn: IsoDate | null;
  completionRequest: CompletionRequest | null;
  suspension: { reason: string; byOrgId: string; since: IsoDate; resumeTo: 'approved' | 'in_progress' };
};
export type CompletedClass = ClassCore & {
  status: 'completed';
  declaration: Declaration;
  openedOn: IsoDate;
  startedOn: IsoDate;
  completion: { completedOn: IsoDate; request: CompletionRequest; certificates: Certificate[] };
  followUps: FollowUpRecord[];
  /** The printed batch of certificates (one PDF), once the command layer has stored it. */
  certificateFile: { fileId: string; sha256: string; printedOn: IsoDate } | null;
};
export type CancelledClass = ClassCore & { status: 'cancelled'; declaration: Declaration | null; cancellation: { reason: string; by: string; byOrgId: string | null; on: IsoDate } };

export type TrainingClassState = { status: 'none' } | DraftClass | DeclaredClass | ApprovedClass | InProgressClass | SuspendedClass | CompletedClass | CancelledClass;
export type ExistingClass = Exclude<TrainingClassState, { status: 'none' }>;
export type OpenedClass = ApprovedClass | InProgressClass | SuspendedClass;
export type ClassStatus = ExistingClass['status'];

/** The roster after a change: removals gone, withdrawals kept, additions on the roster from `on`. */
export function applyRosterChange(roster: readonly RosterEntry[], change: Pick<ClassChange, 'enrol' | 'remove'>, on: IsoDate): RosterEntry[] {
  const removed = new Set(change.remove.map((r) => r.participantId));
  return [...roster.filter((e) => !removed.has(e.participant.personId)), ...change.enrol.map((e) => ({ ...e, joinedOn: on, withdrawal: null }))];
}

/** A new change merged into the pending one: parts it names replace, additions and removals accumulate by person. */
export function mergeChange(pending: ClassChange | null, next: ClassChange): ClassChange {
  if (!pending) return next;
  const removing = new Set(next.remove.map((r) => r.participantId));
  const adding = new Set(next.enrol.map((e) => e.participant.personId));
  return {
    timetable: next.timetable ?? pending.timetable,
    teachers: next.teachers ?? pending.teachers,
    enrol: [...pending.enrol.filter((e) => !removing.has(e.participant.personId) && !adding.has(e.participant.personId)), ...next.enrol],
    remove: [...pending.remove.filter((r) => !adding.has(r.participantId) && !removing.has(r.participantId)), ...next.remove],
    reason: next.reason,
  };
}

const reopen = (review: ReviewState) => (review.status === 'approved' ? reopenReview(review) : review);

export function evolve(state: TrainingClassState, event: TrainingClassEvent): TrainingClassState {
  if (event.type === 'TrainingClassRegistered') {
    const { classId, classNo, institutionId, details } = event.data;
    return {
      status: 'draft', classId, classNo, institutionId, details,
      timetable: [], teachers: [], roster: [], review: initialReviewState(), subject: null, awaitingSubmission: false, authorities: {}, marks: [], assessments: [], version: 0, inspections: [],
    };
  }
  if (state.status === 'none') return state;
  if (isReviewEvent(event)) {
    const review = evolveReview(state.review, event);
    return event.type === 'ReviewSubmitted' ? { ...state, review, awaitingSubmission: false, authorities: event.data.authorities } : { ...state, review };
  }
  switch (event.type) {
    case 'TrainingClassDetailsEdited':
      return { ...state, details: event.data.details };
    case 'TrainingClassTimetableSet':
      return { ...state, timetable: event.data.sessions };
    case 'TrainingClassTeachersAssigned':
      return { ...state, teachers: event.data.teachers };
    case 'TrainingClassParticipantsEnrolled':
      return { ...state, roster: [...state.roster, ...event.data.enrolments.map((e) => ({ ...e, joinedOn: e.enrolledOn, withdrawal: null }))] };
    case 'TrainingClassParticipantRemoved':
      return { ...state, roster: state.roster.filter((e) => e.participant.personId !== event.data.participantId) };
    case 'TrainingClassParticipantWithdrew':
      return { ...state, roster: state.roster.map((e) => (e.participant.personId === event.data.participantId ? { ...e, withdrawal: { reason: event.data.reason, on: event.data.on } } : e)) };
    case 'TrainingClassDeclared':
      if (state.status !== 'draft' && state.status !== 'declared') return state;
      return { ...state, status: 'declared', declaration: event.data.declaration, subject: 'declaration', awaitingSubmission: true };
    case 'TrainingClassOpened':
      if (state.status !== 'declared') return state;
      return { ...state, status: 'approved', openedOn: event.data.openedOn, version: event.data.version, change: null };
    case 'TrainingClassChangeProposed':
      if (!isOpened(state)) return state;
      return { ...state, change: mergeChange(state.change, event.data.change), subject: 'change', review: reopen(state.review) };
    case 'TrainingClassChangeApplied': {
      if (!isOpened(state)) return state;
      const { change, appliedOn, version } = event.data;
      return { ...state, timetable: change.timetable ?? state.timetable, teachers: change.teachers ?? state.teachers, roster: applyRosterChange(state.roster, change, appliedOn), change: null, version };
    }
    case 'TrainingClassChangeDiscarded':
      if (!isOpened(state)) return state;
      return { ...state, change: null, review: { status: 'approved', round: state.review.round } };
    case 'TrainingClassStarted':
      if (state.status !== 'approved') return state;
      return { ...state, status: 'in_progress', startedOn: event.data.startedOn, completionRequest: null };
    case 'TrainingClassSuspended': {
      if (state.status !== 'approved' && state.status !== 'in_progress') return state;
      const suspension = { reason: event.data.reason, byOrgId: event.data.byOrgId, since: event.data.on, resumeTo: state.status };
      return state.status === 'approved' ? { ...state, status: 'suspended', startedOn: null, completionRequest: null, suspension } : { ...state, status: 'suspended', suspension };
    }
    case 'TrainingClassResumed': {
      if (state.status !== 'suspended') return state;
      const { suspension: _, startedOn, completionRequest, ...rest } = state;
      return startedOn !== null && state.suspension.resumeTo === 'in_progress' ? { ...rest, status: 'in_progress', startedOn, completionRequest } : { ...rest, status: 'approved' };
    }
    case 'TrainingClassAttendanceMarked':
      return { ...state, marks: [...state.marks, event.data.mark] };
    case 'TrainingClassRollCallMarked':
      return { ...state, marks: [...state.marks, ...event.data.marks] };
    case 'TrainingClassAssessmentRecorded': {
      const replaced = new Set(event.data.results.map((r) => r.participantId));
      return { ...state, assessments: [...state.assessments.filter((r) => !replaced.has(r.participantId)), ...event.data.results] };
    }
    case 'TrainingClassCompletionRequested':
      if (state.status !== 'in_progress') return state;
      return { ...state, completionRequest: event.data.request, subject: 'completion', awaitingSubmission: true, review: reopen(state.review) };
    case 'TrainingClassCompletionRefused':
      if (state.status !== 'in_progress' && state.status !== 'suspended') return state;
      return { ...state, completionRequest: null, review: { status: 'approved', round: state.review.round } };
    case 'TrainingClassCompleted': {
      if (state.status !== 'in_progress' || !state.completionRequest) return state;
      const { completionRequest, change: _, ...rest } = state;
      return { ...rest, status: 'completed', completion: { completedOn: event.data.completedOn, request: completionRequest, certificates: event.data.certificates }, followUps: [], certificateFile: null };
    }
    case 'TrainingClassFollowUpRecorded': {
      if (state.status !== 'completed') return state;
      const { record } = event.data;
      const others = state.followUps.filter((f) => f.participantId !== record.participantId || f.milestone !== record.milestone);
      return { ...state, followUps: [...others, record] };
    }
    case 'TrainingClassInspected':
    case 'TrainingClassRectificationReplied':
    case 'TrainingClassRectificationReviewed':
      return { ...state, inspections: evolveInspections(state.inspections, event) };
    case 'TrainingClassCertificatesPrinted':
      if (state.status !== 'completed') return state;
      return { ...state, certificateFile: { fileId: event.data.fileId, sha256: event.data.sha256, printedOn: event.data.printedOn } };
    case 'TrainingClassCancelled': {
      const declaration = 'declaration' in state ? state.declaration : null;
      const core = coreOf(state);
      return { ...core, status: 'cancelled', declaration, cancellation: { reason: event.data.reason, by: event.data.by, byOrgId: event.data.byOrgId, on: event.data.on } };
    }
    default:
      return assertNever(event);
  }
}

export const isOpened = (state: TrainingClassState): state is OpenedClass => state.status === 'approved' || state.status === 'in_progress' || state.status === 'suspended';

/** The fields every existing class has, without those of its status. */
function coreOf(state: ExistingClass): ClassCore {
  const { classId, classNo, institutionId, details, timetable, teachers, roster, review, subject, awaitingSubmission, authorities, marks, assessments, version, inspections } = state;
  return { classId, classNo, institutionId, details, timetable, teachers, roster, review, subject, awaitingSubmission, authorities, marks, assessments, version, inspections };
}

export const initialState = (): TrainingClassState => ({ status: 'none' });
