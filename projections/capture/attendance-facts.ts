// The read side of the capture module as the class module and the subsidies module see it
// (commands/capture/attendance-facts.ts): counting captures and confirmed exclusions.
import type { Knex } from 'knex';
import type { Exclusion } from '../../domain/capture/detection';
import type { AttendanceCapture } from '../../domain/training-class/attendance';
import { capturesTable } from './captures-table';
import { captureSignalsTable } from './capture-signals-table';

const excludes = (exclusions: readonly Exclusion[], personKey: string, sessionId: string) =>
  exclusions.some((x) => (x.sessionId === null || x.sessionId === sessionId) && (x.personKey === null || x.personKey === personKey));

export async function classExclusions(knex: Knex, classId: string) {
  const rows = await captureSignalsTable(knex).where({ class_id: classId, status: 'confirmed' }).select('id', 'kind', 'excluded');
  return rows.flatMap((r) => r.excluded.map((x) => ({ ...x, signalId: r.id, kind: r.kind })));
}

/** Check-ins and check-outs of participants, matched to the person, not excluded, in time order. */
export async function countingCaptures(knex: Knex, classId: string): Promise<AttendanceCapture[]> {
  const [rows, exclusions] = await Promise.all([
    capturesTable(knex)
      .where({ class_id: classId, status: 'accepted', role: 'participant', matched: true })
      .whereIn('kind', ['check_in', 'check_out'])
      .orderBy('device_time')
      .select('person_kind', 'person_id', 'session_id', 'kind', 'device_time'),
    classExclusions(knex, classId),
  ]);
  return rows
    .filter((r) => !excludes(exclusions, `${r.person_kind}:${r.person_id}`, r.session_id))
    .map((r) => ({ participantId: r.person_id, sessionId: r.session_id, kind: r.kind as AttendanceCapture['kind'], at: r.device_time! }));
}

export const attendanceCaptureFacts = (knex: Knex) => ({
  async forClass(classId: string) {
    // Read the positions first: the rows read after them are at least as new.
    const positions: { position: string }[] = await knex('projection_checkpoints').whereIn('name', ['captures', 'capture_signals']).select('position');
    const asOf = positions.length === 2 ? positions.map((p) => BigInt(p.position)).reduce((a, b) => (a < b ? a : b)) : 0n;
    return { captures: await countingCaptures(knex, classId), asOf: asOf.toString() };
  },
  exclusions: (classId: string) => classExclusions(knex, classId),
});
