// "Was this person a registered student on day D?" (学籍状态查询, used by waivers and grants): a pure
// function of the student's events. Each approval that changes the status starts a dated segment
// (student.ts), and the domain refuses an effective date before the latest one, so the segments are
// in date order; the status on D is the last segment that began on or before D. The answer is the
// status as the events now record it (an approval recorded today of a change effective last week
// counts from last week): the legal fact, which is what an entitlement rests on.
import type { ClassType } from '../technical-school/school-vocabulary';
import type { StudyMode } from './student-input';
import { studentDecider, type StatusPhase, type StatusSegment, type StudentEvent, type StudentState } from './student';

export interface StatusOnDay {
  date: string;
  /** Holding a status at a school that day: 在籍 or 休学. */
  registered: boolean;
  /** Registered and not suspended: attending (what a grant for the term asks). */
  attending: boolean;
  phase: StatusPhase | 'none';
  schoolId: string | null;
  majorId: string | null;
  classType: ClassType | null;
  studyMode: StudyMode | null;
  cohortYear: number | null;
  /** First day of the segment the day falls in. */
  since: string | null;
}

/** The segment in force on `date` (YYYY-MM-DD, China time), from the segments the state keeps. */
export function segmentOn(segments: readonly StatusSegment[], date: string): StatusSegment | undefined {
  let found: StatusSegment | undefined;
  for (const segment of segments) {
    if (segment.from > date) break;
    found = segment;
  }
  return found;
}

export function statusOnDay(segments: readonly StatusSegment[], date: string): StatusOnDay {
  const segment = segmentOn(segments, date);
  if (!segment) return { date, registered: false, attending: false, phase: 'none', schoolId: null, majorId: null, classType: null, studyMode: null, cohortYear: null, since: null };
  return {
    date,
    registered: segment.phase !== 'left',
    attending: segment.phase === 'enrolled',
    phase: segment.phase,
    schoolId: segment.schoolId,
    majorId: segment.majorId,
    classType: segment.classType,
    studyMode: segment.studyMode,
    cohortYear: segment.cohortYear,
    since: segment.from,
  };
}

const fold = (events: readonly StudentEvent[]): StudentState => events.reduce(studentDecider.evolve, studentDecider.initialState());

/** The student's status on `date`, from the student's events alone. */
export function studentStatusOn(events: readonly StudentEvent[], date: string): StatusOnDay {
  const state = fold(events);
  return statusOnDay(state.status === 'none' ? [] : state.segments, date);
}

/** Every day of a period the student was attending (e.g. not suspended during a term), as the segments give it. */
export function attendingThroughout(events: readonly StudentEvent[], from: string, to: string): boolean {
  const state = fold(events);
  if (state.status === 'none') return false;
  const start = statusOnDay(state.segments, from);
  if (!start.attending) return false;
  return state.segments.every((s) => s.from <= from || s.from > to || s.phase === 'enrolled');
}
