// Read-side answers computed from a class's state: what read models, the console and process
// managers show or act on. Pure, like the rest of the domain.
import { calendarDaysBetween } from '../calendar/working-days';
import type { IsoDate } from '../personal-data/normalize';
import type { PoolTier } from '../teacher/teacher-input';
import { followUpDue } from './follow-up';
import { activeRoster, type AssignedTeacher, type RosterEntry } from './participants';
import { applyRosterChange, isOpened, type TrainingClassState } from './state';
import type { Session } from './timetable';

export interface OverdueFollowUp {
  participantId: string;
  name: string;
  /** Months after completion. */
  milestone: number;
  dueOn: IsoDate;
  /** Days past the end of the grace period. */
  daysOverdue: number;
}

/** Follow-ups of a completed class not recorded although their grace period has ended by `today` (China date). */
export function overdueFollowUps(state: TrainingClassState, today: IsoDate): OverdueFollowUp[] {
  if (state.status !== 'completed') return [];
  const { completedOn, certificates, request } = state.completion;
  return request.followUp.months.flatMap((milestone) => {
    const { dueOn, overdueAfter } = followUpDue(completedOn, milestone, request.followUp.graceDays);
    if (today <= overdueAfter) return [];
    return certificates
      .filter((c) => !state.followUps.some((f) => f.participantId === c.participantId && f.milestone === milestone))
      .map((c) => ({ participantId: c.participantId, name: c.name, milestone, dueOn, daysOverdue: calendarDaysBetween(overdueAfter, today) }));
  });
}

export interface ClassComposition {
  timetable: Session[];
  teachers: AssignedTeacher[];
  roster: RosterEntry[];
}

/** An open class's approved values, and what they will be if the pending change is approved (null: none pending). */
export function approvedAndPending(state: TrainingClassState): { approved: ClassComposition; pending: ClassComposition | null } | null {
  if (state.status === 'none') return null;
  const approved = { timetable: state.timetable, teachers: state.teachers, roster: state.roster };
  if (!isOpened(state) || !state.change) return { approved, pending: null };
  const change = state.change;
  // A pending addition has no joining day yet: it would be the approval's.
  const pendingRoster = applyRosterChange(state.roster, change, '');
  return { approved, pending: { timetable: change.timetable ?? state.timetable, teachers: change.teachers ?? state.teachers, roster: pendingRoster } };
}

export const enrolledCount = (state: TrainingClassState) => (state.status === 'none' ? 0 : activeRoster(state.roster).length);

/** What a teacher's record gains from completing a teachers' capability class (requirement 13). */
export interface TeacherTrainingRecord {
  teacherId: string;
  /** Training period as the teacher profile's history holds it (YYYY-MM). */
  from: string;
  to: string;
  content: string;
  /** The organising institution (its name is the teacher module's to look up). */
  organiserId: string;
  certificateNo: string;
  /** The pool tier the class qualifies for, where the class says so (the authority still assigns it). */
  tier: PoolTier | null;
}

/**
 * For a completed 师资能力提升培训 class, one record per teacher who completed: the teacher
 * module's process manager turns each into the teacher's training history (and proposes the tier).
 */
export function teacherTrainingRecords(state: TrainingClassState): TeacherTrainingRecord[] {
  if (state.status !== 'completed' || state.details.kind !== 'teacher_capability') return [];
  const from = (state.timetable[0]?.date ?? state.startedOn).slice(0, 7);
  const to = (state.timetable[state.timetable.length - 1]?.date ?? state.completion.completedOn).slice(0, 7);
  return state.completion.certificates.map((c) => ({
    teacherId: c.participantId,
    from,
    to,
    content: state.details.name,
    organiserId: state.institutionId,
    certificateNo: c.certificateNo,
    tier: state.details.targetTier,
  }));
}
