// The training class as a capture is checked against: read by the command layer from the class's
// own stream (folded with the training-class decider) and reduced here to what the capture rules
// need. Pure, so the rules' tests build it from plain values.
import type { IsoDate } from '../personal-data/normalize';
import type { TrainingKind } from '../training-class/class-details';
import { participantKindOf } from '../training-class/class-details';
import type { TrainingClassState } from '../training-class/state';
import type { FacePersonKind } from './reference-face';

export interface CaptureSession {
  sessionId: string;
  date: IsoDate;
  /** UTC instants. */
  startsAt: string;
  endsAt: string;
  teacherId: string;
}

export interface CaptureRosterEntry {
  personKind: FacePersonKind;
  personId: string;
  name: string;
  joinedOn: IsoDate;
  withdrawnOn: IsoDate | null;
}

export interface ClassForCapture {
  classId: string;
  classNo: string;
  name: string;
  institutionId: string;
  /** The class's status (only in_progress takes captures). */
  status: string;
  kind: TrainingKind;
  venue: { address: string; countyCode: string; latitude: number; longitude: number };
  sessions: CaptureSession[];
  /** Participants (trainees, or teachers in a teachers' capability class). */
  roster: CaptureRosterEntry[];
  teachers: { teacherId: string; name: string }[];
}

export function classForCapture(state: TrainingClassState): ClassForCapture | undefined {
  if (state.status === 'none') return undefined;
  const participantKind = participantKindOf(state.details.kind);
  return {
    classId: state.classId,
    classNo: state.classNo,
    name: state.details.name,
    institutionId: state.institutionId,
    status: state.status,
    kind: state.details.kind,
    venue: { address: state.details.venue.address, countyCode: state.details.venue.countyCode, latitude: state.details.venue.latitude, longitude: state.details.venue.longitude },
    sessions: state.timetable.map((s) => ({ sessionId: s.sessionId, date: s.date, startsAt: s.startsAt, endsAt: s.endsAt, teacherId: s.teacherId })),
    roster: state.roster.map((e) => ({ personKind: participantKind, personId: e.participant.personId, name: e.participant.name, joinedOn: e.joinedOn, withdrawnOn: e.withdrawal?.on ?? null })),
    teachers: state.teachers.map((t) => ({ teacherId: t.teacherId, name: t.name })),
  };
}

/** Who a person is in a session: a participant on the roster that day, or its teacher; undefined when neither. */
export function roleInSession(klass: ClassForCapture, session: CaptureSession, person: { kind: FacePersonKind; id: string }): { role: 'participant' | 'teacher'; name: string } | undefined {
  const entry = klass.roster.find((e) => e.personKind === person.kind && e.personId === person.id);
  if (entry && entry.joinedOn <= session.date && (entry.withdrawnOn === null || entry.withdrawnOn > session.date)) return { role: 'participant', name: entry.name };
  if (person.kind === 'teacher' && session.teacherId === person.id) {
    return { role: 'teacher', name: klass.teachers.find((t) => t.teacherId === person.id)?.name ?? '' };
  }
  return undefined;
}
