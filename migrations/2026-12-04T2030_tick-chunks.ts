import { type Kysely, sql } from 'kysely';

// A chunked tick (issue 15 point 3): the scheduler decides and writes a range of units at a time,
// each range in its own transaction, so that it never holds all items and messages at once. The
// replicas ticking in the same minute share that minute's run: the first to plan it records its
// ranges (`tick_chunks`), and each replica takes a range with FOR UPDATE SKIP LOCKED, so that
// they split the tick instead of each doing all of it. The rows only coordinate work: every
// decision is still inserted once into scheduled_events, whoever decides it.
const statements = [
  `CREATE TABLE tick_runs (
     run timestamptz PRIMARY KEY,
     planned_at timestamptz NOT NULL
   )`,
  `CREATE TABLE tick_chunks (
     run timestamptz NOT NULL REFERENCES tick_runs (run) ON DELETE CASCADE,
     lo text NOT NULL,
     hi text,
     items integer NOT NULL,
     done_at timestamptz,
     PRIMARY KEY (run, lo)
   )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('DROP TABLE IF EXISTS tick_chunks').execute(db);
  await sql.raw('DROP TABLE IF EXISTS tick_runs').execute(db);
}
