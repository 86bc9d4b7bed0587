import type { Knex } from 'knex';

/**
 * The append-only events table. `position` is the global order and is derived from the writing
 * transaction's id: (xid << 16) + index within the append. A reader only reads below the fence
 * (oldest running xid << 16), where no transaction can still commit, so positions become visible
 * strictly in increasing order and no subscriber can skip an event (see README, "Ordering").
 */
export const eventStoreMigration = {
  name: '0001_event_store',
  async up(knex: Knex) {
    await knex.raw(`
      CREATE TABLE events (
        position     bigint      PRIMARY KEY,
        stream_id    text        NOT NULL,
        revision     integer     NOT NULL CHECK (revision >= 0),
        event_id     uuid        NOT NULL UNIQUE,
        type         text        NOT NULL,
        data         jsonb       NOT NULL,
        metadata     jsonb       NOT NULL,
        recorded_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
        CONSTRAINT events_stream_revision UNIQUE (stream_id, revision)
      );
      CREATE FUNCTION events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'events are immutable: % on events is refused', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$;
      CREATE TRIGGER events_refuse_update_delete BEFORE UPDATE OR DELETE ON events
        FOR EACH ROW EXECUTE FUNCTION events_refuse_change();
      CREATE TRIGGER events_refuse_truncate BEFORE TRUNCATE ON events
        FOR EACH STATEMENT EXECUTE FUNCTION events_refuse_change();
    `);
  },
  async down() {
    throw new Error('the event store is never migrated down');
  },
};
