import type { Knex } from 'knex';

/**
 * The embedded search engine's tables. One documents table serves every index: the definitions are
 * data (search.indexes), so a new index needs no DDL. `words` holds the jieba words of the searchable
 * attributes as a tsvector (weight A-D = rank of the attribute) under GIN; `filters` holds the
 * normalised filterable values as {attribute: [value, ...]} under a jsonb_path_ops GIN, which serves
 * `@>` for equality and OR-lists. Identifiers use the C collation so that ordering by primary key is
 * byte order on every server, as the port promises.
 */
export const searchMigration = {
  name: '0005_search',
  async up(knex: Knex) {
    await knex.raw(`
      CREATE SCHEMA IF NOT EXISTS search;
      CREATE TABLE search.indexes (
        name               text COLLATE "C" PRIMARY KEY,
        definition         jsonb       NOT NULL,
        tokenizer_version  integer     NOT NULL,
        updated_at         timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE search.documents (
        index_name  text COLLATE "C" NOT NULL REFERENCES search.indexes (name) ON DELETE CASCADE,
        id          text COLLATE "C" NOT NULL,
        doc         jsonb    NOT NULL,
        filters     jsonb    NOT NULL,
        words       tsvector NOT NULL,
        PRIMARY KEY (index_name, id)
      );
      CREATE INDEX documents_words ON search.documents USING gin (words);
      CREATE INDEX documents_filters ON search.documents USING gin (filters jsonb_path_ops);
    `);
  },
  async down(knex: Knex) {
    await knex.raw('DROP SCHEMA search CASCADE');
  },
};
