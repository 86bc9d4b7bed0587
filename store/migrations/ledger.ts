import type { Knex } from 'knex';

/**
 * The ledger's tables. Like `events`, all are append-only, enforced by the database for every
 * role (a superuser must disable the triggers first, and a kept digest then exposes the change).
 *
 * - ledger_leaves: leaf i of the Merkle tree is the i-th event of the global log in committed
 *   order, hashed as it was when folded (leaf.ts).
 * - ledger_nodes: hashes of completed perfect subtrees from level 4 (16 leaves) up. They never change
 *   in an append-only tree, so any root, audit path or consistency proof is assembled from
 *   O(log n) rows instead of refolding the log. Levels 1-3 are recomputed from at most 8 leaves
 *   when needed, which keeps this table at about 1/8 of the leaves' row count.
 * - ledger_keys: every public key that ever signed a digest, so old digests stay verifiable.
 * - ledger_digests: the signed statements "the tree of tree_size leaves, up to last_position, has
 *   this root", made by the job at its interval.
 *
 * Not a projection: it is never rebuilt from the current events (that would launder tampering), and
 * its rows are evidence, so it is migrated like the event store and never migrated down.
 */
export const ledgerMigration = {
  name: '0006_ledger',
  async up(knex: Knex) {
    await knex.raw(`
      CREATE TABLE ledger_leaves (
        leaf_index  bigint PRIMARY KEY CHECK (leaf_index >= 0),
        position    bigint NOT NULL UNIQUE,
        event_id    uuid   NOT NULL UNIQUE,
        leaf_hash   bytea  NOT NULL CHECK (length(leaf_hash) = 32)
      );
      CREATE TABLE ledger_nodes (
        level       smallint NOT NULL CHECK (level BETWEEN 1 AND 63),
        node_index  bigint   NOT NULL CHECK (node_index >= 0),
        hash        bytea    NOT NULL CHECK (length(hash) = 32),
        PRIMARY KEY (level, node_index)
      );
      CREATE TABLE ledger_keys (
        key_id      text        PRIMARY KEY,
        algorithm   text        NOT NULL,
        public_key  text        NOT NULL,
        first_used  timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE ledger_digests (
        digest_id      bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        tree_size      bigint      NOT NULL UNIQUE CHECK (tree_size > 0),
        root           bytea       NOT NULL CHECK (length(root) = 32),
        last_position  bigint      NOT NULL,
        created_at     timestamptz NOT NULL,
        hash_algorithm text        NOT NULL,
        algorithm      text        NOT NULL,
        key_id         text        NOT NULL REFERENCES ledger_keys (key_id),
        signature      bytea       NOT NULL
      );
      CREATE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the ledger is append-only: % on % is refused', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END $$;
    `);
    for (const table of ['ledger_leaves', 'ledger_nodes', 'ledger_keys', 'ledger_digests']) {
      await knex.raw(`
        CREATE TRIGGER ${table}_refuse_update_delete BEFORE UPDATE OR DELETE ON ${table}
          FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
        CREATE TRIGGER ${table}_refuse_truncate BEFORE TRUNCATE ON ${table}
          FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
      `);
    }
  },
  async down() {
    throw new Error('the ledger is never migrated down');
  },
};
