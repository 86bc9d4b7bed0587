// rm.capture_signals: the supervisors' queue (issue 13 §4): each fraud signal with its evidence and
// what became of it. rm.capture_signal_scope names the authorities above the institution, each a
// row, so a county's queue is one index range; the institution itself has no row: a signal is for
// its supervisors, not for the institution it is about.
import type { Knex } from 'knex';
import { captureSignalStreams, type SignalFacts } from '../../domain/capture/capture-signal';
import type { Exclusion } from '../../domain/capture/detection';
import type { RecordedEvent } from '../../store/event-store/event-store';
import { organizationAncestors } from '../organization/organizations-table';
import { READ_MODEL_SCHEMA } from '../runner/projection';
import { rowProjection } from '../runner/row-projection';

export const CAPTURE_SIGNALS_TABLE = 'capture_signals';
export const CAPTURE_SIGNAL_SCOPE_TABLE = 'capture_signal_scope';

export interface CaptureSignalRow extends Record<string, unknown> {
  id: string;
  stream_id: string;
  kind: string;
  status: 'open' | 'confirmed' | 'dismissed';
  class_id: string;
  institution_id: string;
  county_code: string;
  person_kind: string | null;
  person_id: string | null;
  person_name: string | null;
  session_id: string | null;
  capture_ids: string[];
  evidence: Record<string, unknown>;
  affected: Exclusion[];
  /** What a confirmation took out of completion (empty until confirmed). */
  excluded: Exclusion[];
  raised_at: string;
  decided_at: string | null;
  decided_by: string | null;
  decision_reason: string | null;
  updated_at: string;
}

export const captureSignalsProjection = rowProjection<CaptureSignalRow>({
  name: 'capture_signals',
  version: 1,
  typePrefixes: ['CaptureSignal'],
  table: CAPTURE_SIGNALS_TABLE,
  key: 'id',
  jsonColumns: ['capture_ids', 'evidence', 'affected', 'excluded'],
  async createTable(knex, qualified) {
    const [schema, table] = qualified.split('.') as [string, string];
    await knex.schema.withSchema(schema).createTable(table, (t) => {
      t.text('id').primary();
      t.text('stream_id').notNullable();
      t.text('kind').notNullable();
      t.text('status').notNullable();
      t.text('class_id').notNullable();
      t.text('institution_id').notNullable();
      t.text('county_code').notNullable();
      t.text('person_kind');
      t.text('person_id');
      t.text('person_name');
      t.text('session_id');
      t.jsonb('capture_ids').notNullable();
      t.jsonb('evidence').notNullable();
      t.jsonb('affected').notNullable();
      t.jsonb('excluded').notNullable();
      t.text('raised_at').notNullable();
      t.text('decided_at');
      t.text('decided_by');
      t.text('decision_reason');
      t.text('updated_at').notNullable();
      t.index(['class_id', 'status']);
      t.index(['status', 'raised_at']);
    });
  },
  dependsOn: ['organizations'],
  derived: [
    {
      table: CAPTURE_SIGNAL_SCOPE_TABLE,
      parentKey: 'signal_id',
      async createTable(knex, qualified) {
        const [schema, table] = qualified.split('.') as [string, string];
        await knex.schema.withSchema(schema).createTable(table, (t) => {
          t.text('signal_id').notNullable();
          t.text('org_id').notNullable();
          /** org_id supervises the institution directly (its parent in the tree). */
          t.boolean('direct').notNullable();
          t.text('status').notNullable();
          t.text('raised_at').notNullable();
          t.primary(['signal_id', 'org_id']);
        });
        await knex.raw('CREATE INDEX ?? ON ?? (org_id, status, raised_at DESC)', [`${table}_queue_index`, qualified]);
      },
      load: (trx, rows) => organizationAncestors(trx, [...new Set(rows.map((r) => r.institution_id))]),
      rowsOf(row, ancestors: Map<string, string[]>) {
        // Every authority above the institution, not the institution itself.
        const above = (ancestors.get(row.institution_id) ?? []).filter((id) => id !== row.institution_id);
        return above.map((orgId, i) => ({ signal_id: row.id, org_id: orgId, direct: i === above.length - 1, status: row.status, raised_at: row.raised_at }));
      },
    },
  ],
  rowKey: (event: RecordedEvent) => captureSignalStreams.idOf(event.streamId),
  evolve(row, event) {
    if (event.type === 'CaptureSignalRaised') {
      const s = event.data as SignalFacts;
      return {
        id: s.signalId,
        stream_id: event.streamId,
        kind: s.kind,
        status: 'open',
        class_id: s.classId,
        institution_id: s.institutionId,
        county_code: s.countyCode,
        person_kind: s.person?.kind ?? null,
        person_id: s.person?.id ?? null,
        person_name: s.person?.name ?? null,
        session_id: s.sessionId,
        capture_ids: s.captureIds,
        evidence: s.evidence,
        affected: s.affected,
        excluded: [],
        raised_at: event.metadata.occurredAt,
        decided_at: null,
        decided_by: null,
        decision_reason: null,
        updated_at: event.metadata.occurredAt,
      };
    }
    if (!row) return row;
    const decided = { decided_at: event.metadata.occurredAt, decided_by: event.metadata.actorId, decision_reason: (event.data as { reason: string }).reason, updated_at: event.metadata.occurredAt };
    if (event.type === 'CaptureSignalConfirmed') return { ...row, ...decided, status: 'confirmed', excluded: (event.data as { excluded: Exclusion[] }).excluded };
    if (event.type === 'CaptureSignalDismissed') return { ...row, ...decided, status: 'dismissed' };
    return row;
  },
});

export const captureSignalsTable = (knex: Knex) => knex<CaptureSignalRow>(`${READ_MODEL_SCHEMA}.${CAPTURE_SIGNALS_TABLE}`);
export const captureSignalScopeTable = (knex: Knex) => knex(`${READ_MODEL_SCHEMA}.${CAPTURE_SIGNAL_SCOPE_TABLE}`);

/** A signal belongs to the authority directly above its institution (and so to every one above that). */
export async function captureSignalOwner(knex: Knex, id: string) {
  const row = await captureSignalScopeTable(knex).where({ signal_id: id, direct: true }).first('org_id');
  return row ? { orgIds: [row.org_id as string] } : undefined;
}
