// What the training-class commands need to know from the read side (implemented in
// projections/training-class/training-class-directory.ts, wired in api/platform-directories.ts):
// a port, so the command layer never reads another module's read-model tables itself. Who is
// booked when is not here: that is the commands' own reservation table (reservations.ts), exact
// where a read model would lag.
import type { ParticipantKind } from '../../domain/training-class/class-details';
import type { OccupationStanding } from '../../domain/training-class/commands';
import type { SubsidisedTraining } from '../../domain/training-class/eligibility';
import type { TeacherStanding } from '../../domain/training-class/participants';

export interface InstitutionForClasses {
  name: string;
  /** The penalties on its record that bear on opening classes (the domain's InstitutionStanding). */
  barredUntil: string | null;
  designationTerminated: boolean;
}

/** A participant's record as an enrolment needs it (trainee, or teacher in 师资能力提升培训). */
export interface ParticipantRecord {
  personId: string;
  name: string;
  /** As every roster shows it: masked, never clear. */
  idNumberMasked: string;
  /**
   * A trainee: approved and held (approved tie) by the enrolling institution. A teacher: approved
   * and not revoked.
   */
  effective: boolean;
}

export interface TeacherRecord {
  teacherId: string;
  name: string;
  standing: TeacherStanding;
}

export interface TrainingClassDirectory {
  /** The institution's name and the penalties in force on its record; undefined when unknown. */
  institution(institutionId: string): Promise<InstitutionForClasses | undefined>;
  /** Whether the occupation at that level is in the published catalogue, and approved for the institution. */
  occupation(institutionId: string, occupation: { code: string; level: string }): Promise<OccupationStanding>;
  /** Teachers (to assign or to check at declaration), with their standing for this institution; unknown ids are left out. */
  teachers(institutionId: string, teacherIds: readonly string[]): Promise<Map<string, TeacherRecord>>;
  /** Participants of a kind, as the enrolling institution may enrol them; unknown ids are left out. */
  participants(kind: ParticipantKind, institutionId: string, personIds: readonly string[]): Promise<Map<string, ParticipantRecord>>;
  /** The class of this institution that has the number (import files name classes by number). */
  classIdByNumber(institutionId: string, classNo: string): Promise<string | undefined>;
  /** The record of a person of this kind under any of these blind indexes of an ID number. */
  personIdByIdNumber(kind: ParticipantKind, blindIndexes: readonly string[]): Promise<string | undefined>;
  /**
   * Each person's subsidised trainings in other classes (approved, in progress or completed, not
   * withdrawn): the eligibility policy's history. Everyone asked for is in the answer.
   */
  subsidisedHistory(personIds: readonly string[], excludeClassId: string): Promise<Map<string, SubsidisedTraining[]>>;
}
