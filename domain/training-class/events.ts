// The training class's events (stream `training-class-<id>`): each fact of its life, past tense.
import type { ReviewEvent } from '../review/review';
import type { DomainEvent } from '../shared/decider';
import type { IsoDate } from '../personal-data/normalize';
import type { AssessmentResult } from './assessment';
import type { AttendanceMark, AttendanceRules, ClassDayVerdict, ParticipantOutcome } from './attendance';
import type { ClassDetails, DeclarationInput } from './class-details';
import type { FollowUpRecord } from './follow-up';
import type { AssignedTeacher, Enrolment } from './participants';
import type { Session, TimetableTotals } from './timetable';
import type { EvidenceFile, Inspection } from './inspection';

/** The declaration as recorded: the form, and the deadline it was checked against. */
export interface Declaration extends DeclarationInput {
  declaredOn: IsoDate;
  /** The last day it could be declared (`leadWorkingDays` working days before the start). */
  latestDeclarationDate: IsoDate;
  leadWorkingDays: number;
  /** The timetable's totals at declaration. */
  totals: TimetableTotals;
}

/** A change to an opened class, reviewed before it applies; what it leaves out stays as approved. */
export interface ClassChange {
  timetable: Session[] | null;
  teachers: AssignedTeacher[] | null;
  /** People added to the roster (enrolled on the same rules as before opening). */
  enrol: Enrolment[];
  /** People taken off the roster before the class starts. */
  remove: { participantId: string; reason: string }[];
  reason: string;
}

/** What a completion request computed, kept so the reviewer and an auditor see the same figures. */
export interface CompletionRequest {
  requestedOn: IsoDate;
  /** Position of the capture log the captures were read at (the command layer's), and how many were read. */
  capturesAsOf: string;
  captureCount: number;
  rules: AttendanceRules;
  /** The follow-up the kind required when completion was requested (months after completion, grace days). */
  followUp: { months: number[]; graceDays: number };
  days: ClassDayVerdict[];
  outcomes: ParticipantOutcome[];
}

/** 培训合格证书: see completion.ts for the numbering. */
export interface Certificate {
  participantId: string;
  name: string;
  certificateNo: string;
}

export type CancelledBy = 'institution' | 'authority' | 'review';

export type TrainingClassRegistered = DomainEvent<'TrainingClassRegistered', { classId: string; classNo: string; institutionId: string; details: ClassDetails; registeredOn: IsoDate }>;
export type TrainingClassDetailsEdited = DomainEvent<'TrainingClassDetailsEdited', { details: ClassDetails }>;
export type TrainingClassTimetableSet = DomainEvent<'TrainingClassTimetableSet', { sessions: Session[] }>;
export type TrainingClassTeachersAssigned = DomainEvent<'TrainingClassTeachersAssigned', { teachers: AssignedTeacher[] }>;
export type TrainingClassParticipantsEnrolled = DomainEvent<'TrainingClassParticipantsEnrolled', { enrolments: Enrolment[] }>;
export type TrainingClassParticipantRemoved = DomainEvent<'TrainingClassParticipantRemoved', { participantId: string; reason: string }>;
export type TrainingClassParticipantWithdrew = DomainEvent<'TrainingClassParticipantWithdrew', { participantId: string; reason: string; on: IsoDate }>;
export type TrainingClassDeclared = DomainEvent<'TrainingClassDeclared', { declaration: Declaration }>;
export type TrainingClassOpened = DomainEvent<'TrainingClassOpened', { openedOn: IsoDate; version: number }>;
export type TrainingClassChangeProposed = DomainEvent<'TrainingClassChangeProposed', { change: ClassChange }>;
export type TrainingClassChangeApplied = DomainEvent<'TrainingClassChangeApplied', { change: ClassChange; appliedOn: IsoDate; version: number }>;
export type TrainingClassChangeDiscarded = DomainEvent<'TrainingClassChangeDiscarded', { reason: string }>;
export type TrainingClassStarted = DomainEvent<'TrainingClassStarted', { startedOn: IsoDate }>;
export type TrainingClassSuspended = DomainEvent<'TrainingClassSuspended', { reason: string; byOrgId: string; on: IsoDate }>;
export type TrainingClassResumed = DomainEvent<'TrainingClassResumed', { reason: string; byOrgId: string; on: IsoDate }>;
export type TrainingClassAttendanceMarked = DomainEvent<'TrainingClassAttendanceMarked', { mark: AttendanceMark }>;
export type TrainingClassRollCallMarked = DomainEvent<'TrainingClassRollCallMarked', { sessionId: string; marks: AttendanceMark[] }>;
export type TrainingClassAssessmentRecorded = DomainEvent<'TrainingClassAssessmentRecorded', { results: AssessmentResult[] }>;
export type TrainingClassCompletionRequested = DomainEvent<'TrainingClassCompletionRequested', { request: CompletionRequest }>;
export type TrainingClassCompletionRefused = DomainEvent<'TrainingClassCompletionRefused', { reason: string }>;
export type TrainingClassCompleted = DomainEvent<'TrainingClassCompleted', { completedOn: IsoDate; certificates: Certificate[] }>;
export type TrainingClassFollowUpRecorded = DomainEvent<'TrainingClassFollowUpRecorded', { record: FollowUpRecord }>;
/** The class's certificates as one PDF (one page each), kept in the file store under `fileId`. */
export type TrainingClassCertificatesPrinted = DomainEvent<'TrainingClassCertificatesPrinted', { fileId: string; sha256: string; count: number; printedOn: IsoDate }>;
export type TrainingClassInspected = DomainEvent<'TrainingClassInspected', { inspection: Inspection }>;
export type TrainingClassRectificationReplied = DomainEvent<'TrainingClassRectificationReplied', { inspectionId: string; reply: string; attachments: EvidenceFile[]; repliedOn: IsoDate }>;
export type TrainingClassRectificationReviewed = DomainEvent<'TrainingClassRectificationReviewed', { inspectionId: string; accepted: boolean; opinion: string; byOrgId: string; on: IsoDate }>;
export type TrainingClassCancelled = DomainEvent<'TrainingClassCancelled', { reason: string; by: CancelledBy; byOrgId: string | null; on: IsoDate }>;

export type TrainingClassEvent =
  | TrainingClassRegistered
  | TrainingClassDetailsEdited
  | TrainingClassTimetableSet
  | TrainingClassTeachersAssigned
  | TrainingClassParticipantsEnrolled
  | TrainingClassParticipantRemoved
  | TrainingClassParticipantWithdrew
  | TrainingClassDeclared
  | TrainingClassOpened
  | TrainingClassChangeProposed
  | TrainingClassChangeApplied
  | TrainingClassChangeDiscarded
  | TrainingClassStarted
  | TrainingClassSuspended
  | TrainingClassResumed
  | TrainingClassAttendanceMarked
  | TrainingClassRollCallMarked
  | TrainingClassAssessmentRecorded
  | TrainingClassCompletionRequested
  | TrainingClassCompletionRefused
  | TrainingClassCompleted
  | TrainingClassFollowUpRecorded
  | TrainingClassCancelled
  | TrainingClassCertificatesPrinted
  | TrainingClassInspected
  | TrainingClassRectificationReplied
  | TrainingClassRectificationReviewed
  | ReviewEvent;
