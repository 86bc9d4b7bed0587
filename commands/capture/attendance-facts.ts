// The capture module's answer to the class module (implemented in projections/capture, wired in
// api/platform-directories.ts): which check-in and check-out facts count for a class's attendance,
// and which attendance confirmed fraud signals take out. The class module's completion
// (RequestCompletion) reads the first; the subsidies module will read the second.
import type { AttendanceCapture } from '../../domain/training-class/attendance';
import type { Exclusion } from '../../domain/capture/detection';

export interface AttendanceCaptureFacts {
  /**
   * The class's participants' check-ins and check-outs that count: accepted, matched to the person
   * by the match in force, and not excluded by a confirmed signal. `asOf`: the log position the
   * capture and signal read models had reached when read (what the completion records).
   */
  forClass(classId: string): Promise<{ captures: AttendanceCapture[]; asOf: string }>;
  /** The attendance confirmed signals take out of the class (for subsidy claims): each with the signal that took it. */
  exclusions(classId: string): Promise<(Exclusion & { signalId: string; kind: string })[]>;
}
