// The training class's commands, and what the command layer must provide with each. The domain
// never reads the clock or another stream: `context.now` gives the time (rules use its China date),
// and every lookup below is made by the caller and passed in as a field. Form input arrives already
// parsed by this module's schemas (parseClassDetails, parseTimetable, parseDeclaration ...), as
// institution and trainee commands receive theirs.
import type { WorkingDayCalendar } from '../calendar/working-days';
import type { ReviewAuthorities, ReviewCommand, ReviewPolicy } from '../review/review';
import type { AttendanceCapture } from './attendance';
import type { ClassDetails, DeclarationInput } from './class-details';
import type { TrainingKindSettings } from './class-settings';
import type { PolicyInForce } from './eligibility';
import type { AssessmentResult } from './assessment';
import type { EnrolmentRequest, TeacherCandidate, TeacherStanding } from './participants';
import type { BusyInterval, Session } from './timetable';
import type { IsoDate } from '../personal-data/normalize';
import type { EvidenceFile, InspectionInput } from './inspection';

/** The registering institution, as the institution record says now (institution.ts `canOperate`). */
export interface InstitutionStanding {
  institutionId: string;
  /** Effective, not suspended, not revoked. */
  canOperate: boolean;
  /**
   * The last day of a period in which the institution may open no class (整改函, the penalty ladder
   * on the institution's record), null or absent when none is in force.
   */
  barredUntil?: IsoDate | null;
  /** Its designation (定点) was terminated (解约): it may still run self-paid classes, no subsidised one. */
  designationTerminated?: boolean;
}

/** The class's occupation in the catalogue (occupation streams), for kinds that train for one. */
export interface OccupationStanding {
  /** In the published catalogue (工种目录) at that level. */
  published: boolean;
  /** One the institution is approved to train for (its approved occupation declarations / scope). */
  approvedForInstitution: boolean;
}

/** The actor's standing over the class's institution, resolved by the command layer from the organisation tree. */
export interface AuthorityStanding {
  /** The actor's organisation is an authority above the institution (its county, prefecture or the province). */
  supervises: boolean;
}

/**
 * What else the people of the class do at its times, for a new or changed timetable: for every
 * assigned teacher and every enrolled participant (not withdrawn), the sessions of their other
 * classes (approved or running, never this class), China time. A person missing here is a
 * programming error, not "free".
 */
export interface BusyLookup {
  teachers: Record<string, BusyInterval[]>;
  participants: Record<string, BusyInterval[]>;
}

export type TrainingClassCommand =
  /** 开班登记. `classNo`: unique in the province, assigned by the caller (suggested: county code + year + 4-digit serial of a per-county counter); certificate numbers derive from it. */
  | { type: 'RegisterTrainingClass'; classId: string; classNo: string; details: ClassDetails; institution: InstitutionStanding; occupation: OccupationStanding | null }
  /** Before opening, while not under review. `occupation`: as for registration, for the edited occupation. */
  | { type: 'EditTrainingClassDetails'; details: ClassDetails; occupation: OccupationStanding | null }
  /** 课程表, before opening. `busy`: see BusyLookup. After opening: ProposeTrainingClassChange. */
  | { type: 'SetTimetable'; sessions: Session[]; busy: BusyLookup }
  /** 选配教师, replacing the list, before opening. Each candidate with its standing and its other sessions. */
  | { type: 'AssignTeachers'; teachers: TeacherCandidate[] }
  /** 学员报名 by list, ID number or import row, before opening. `policy`: the eligibility policy in force (eligibility stream). */
  | { type: 'EnrolParticipants'; enrolments: EnrolmentRequest[]; policy: PolicyInForce }
  /** Before opening: taken off the roster. After: 退学, kept on the roster and earning no completion. */
  | { type: 'WithdrawParticipant'; participantId: string; reason: string }
  /**
   * 班级申报: records the declaration and submits it for review in one step. `calendar`: the
   * working-day calendar in force; `settings`: those of the class's kind; `teachers`: each assigned
   * teacher's standing now (a teacher revoked since assignment is refused); `authorities`: the
   * reviewing authority of each level above the institution.
   */
  | {
      type: 'DeclareTrainingClass';
      declaration: DeclarationInput;
      calendar: WorkingDayCalendar;
      settings: TrainingKindSettings;
      institution: InstitutionStanding;
      teachers: Record<string, TeacherStanding>;
      authorities: ReviewAuthorities;
      note?: string;
    }
  /**
   * A change after opening (roster, teachers, timetable), reviewed before it applies. Parts left
   * out stay as approved. `busy`: for the people of the class as it would be after the change.
   * `submit`: submit it in the same step (else a SubmitForReview follows).
   */
  | {
      type: 'ProposeTrainingClassChange';
      timetable?: Session[];
      teachers?: TeacherCandidate[];
      enrol?: EnrolmentRequest[];
      remove?: { participantId: string; reason: string }[];
      policy?: PolicyInForce;
      busy: BusyLookup;
      reason: string;
      submit?: { authorities: ReviewAuthorities; settings: TrainingKindSettings };
    }
  /** Gives up a change request that is not under review (a draft, or one returned). */
  | { type: 'DiscardTrainingClassChange'; reason: string }
  /** The class begins (on or after its planned start). */
  | { type: 'StartTrainingClass' }
  | { type: 'SuspendTrainingClass'; reason: string; authority: AuthorityStanding }
  | { type: 'ResumeTrainingClass'; reason: string; authority: AuthorityStanding }
  /** 点名: a session's attendance for many participants at once (the same rules as MarkAttendance, one event). */
  | { type: 'MarkRollCall'; sessionId: string; present: string[]; absent: string[]; reason: string; teacherId: string }
  /** 标记出勤: `teacherId` is the teacher recording it (the user's teacher record, resolved by the caller). */
  | { type: 'MarkAttendance'; participantId: string; sessionId: string; present: boolean; reason: string; teacherId: string }
  /** 考核结果 (parseAssessmentResults), entered by the institution; a participant's later result replaces the earlier. */
  | { type: 'RecordAssessmentResults'; results: AssessmentResult[] }
  /**
   * 申请结业: computes who completes from the captures and marks, and submits it for review.
   * `captures`: every check-in fact of this class's sessions (capture module), read at log position
   * `capturesAsOf`; `settings`: those of the class's kind.
   */
  | { type: 'RequestCompletion'; captures: AttendanceCapture[]; capturesAsOf: string; settings: TrainingKindSettings; authorities: ReviewAuthorities; note?: string }
  /**
   * 后续跟踪 (followUpSchema), at the milestones the kind required when completion was requested.
   * `confirmedWarnings`: codes the user confirmed (a credit code whose check character fails).
   */
  | { type: 'RecordFollowUp'; followUp: unknown; confirmedWarnings: string[] }
  /** By the institution before the class starts; by a supervising authority (`authority`) until it completes. */
  | { type: 'CancelTrainingClass'; reason: string; authority?: AuthorityStanding }
  /**
   * The certificates of a completed class printed as one PDF (结业及证书打印), stored through the
   * file port by the command layer (the completion process, or a reprint); records the file's id.
   */
  | { type: 'RecordCertificatePrint'; fileId: string; sha256: string }
  /** 检查记录 (parseInspectionInput), by a supervising authority; `photos`: files the command layer found stored, with their hashes. */
  | { type: 'RecordInspection'; inspectionId: string; input: InspectionInput; photos: EvidenceFile[]; authority: AuthorityStanding }
  /** 整改回复, by the institution. */
  | { type: 'ReplyRectification'; inspectionId: string; reply: string; attachments: EvidenceFile[] }
  /** 整改审核, by a supervising authority. */
  | { type: 'DecideRectification'; inspectionId: string; accepted: boolean; opinion: string; authority: AuthorityStanding }
  /** The review workflow. A bare SubmitForReview submits a change request; declarations and completions are submitted by their own commands. */
  | (ReviewCommand & { policy?: ReviewPolicy });
