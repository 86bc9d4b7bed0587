import type { Knex } from 'knex';
import type { RecordedEvent } from '../../store/event-store/event-store';
import { READ_MODEL_SCHEMA, type ProjectionDefinition } from '../runner/projection';

export const AUDIT_LOG_TABLE = 'audit_log';

/** Event types that make up the security log (登录、锁定、授权、策略、个人信息查看). */
export const SECURITY_EVENT_PREFIXES = ['User', 'Role', 'SecurityPolicy', 'LoginFailedForUnknownUser', 'PersonalData', 'Ledger'] as const;

export interface AuditLogRow {
  position: string;
  event_id: string;
  stream_id: string;
  revision: number;
  type: string;
  actor_id: string;
  actor_role: string;
  actor_org_id: string | null;
  ip: string | null;
  occurred_at: string;
  correlation_id: string;
  summary: string;
  security: boolean;
}

const summaryOf = (event: RecordedEvent) => {
  const d = event.data as { opinion?: string; reason?: string; note?: string; username?: string };
  return String(d.opinion ?? d.reason ?? d.note ?? d.username ?? '').slice(0, 500);
};

/**
 * One row per event, across every stream: the global audit query filters it by actor,
 * organisation, type and time. Insert-only; a replay inserts the same rows (idempotent by position).
 */
export const auditLogProjection: ProjectionDefinition = {
  name: 'audit_log',
  version: 1,
  typePrefixes: [],
  tables: [AUDIT_LOG_TABLE],
  async setup(knex, schema) {
    await knex.schema.withSchema(schema).createTable(AUDIT_LOG_TABLE, (t) => {
      t.bigInteger('position').primary();
      t.uuid('event_id').notNullable();
      t.text('stream_id').notNullable();
      t.integer('revision').notNullable();
      t.text('type').notNullable();
      t.text('actor_id').notNullable();
      t.text('actor_role').notNullable();
      t.text('actor_org_id');
      t.text('ip');
      t.text('occurred_at').notNullable();
      t.text('correlation_id').notNullable();
      t.text('summary').notNullable();
      t.boolean('security').notNullable();
      t.index(['actor_id', 'position']);
      t.index(['actor_org_id', 'position']);
      t.index(['type', 'position']);
      t.index(['occurred_at']);
      t.index(['security', 'position']);
    });
  },
  async apply(trx, events, schema) {
    const rows: AuditLogRow[] = events.map((e) => ({
      position: e.position.toString(),
      event_id: e.id,
      stream_id: e.streamId,
      revision: e.revision,
      type: e.type,
      actor_id: e.metadata.actorId,
      actor_role: e.metadata.actorRole,
      actor_org_id: e.metadata.actorOrgId,
      ip: e.metadata.ip,
      occurred_at: e.metadata.occurredAt,
      correlation_id: e.metadata.correlationId,
      summary: summaryOf(e),
      security: SECURITY_EVENT_PREFIXES.some((p) => e.type.startsWith(p)),
    }));
    for (let i = 0; i < rows.length; i += 1000) await trx(`${schema}.${AUDIT_LOG_TABLE}`).insert(rows.slice(i, i + 1000)).onConflict('position').ignore();
  },
};

export const auditLogTable = (knex: Knex) => knex<AuditLogRow>(`${READ_MODEL_SCHEMA}.${AUDIT_LOG_TABLE}`);
