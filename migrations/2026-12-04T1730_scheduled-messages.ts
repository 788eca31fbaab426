import { type Kysely, sql } from 'kysely';

// One prompt per unit and instant (SPEC §2.4, issue 15 point 2): items of a unit due at the same
// instant share one message, and an owner's reminders one DM. A scheduled decision
// (scheduled_events) is then carried by a message whose outbox key is not the decision's own:
// this table says which messages carry which decisions, so that the scheduler still counts
// silence from a delivered prompt, an escalation still says whether the reminder reached anyone,
// and a reminder still replies in its prompt's thread. A decision carried by a message of its own
// (keyed by the decision, or `decision>recipient`) has no row here.
const statements = [
  `CREATE TABLE scheduled_messages (
     event_key text NOT NULL,
     message_key text NOT NULL,
     PRIMARY KEY (event_key, message_key)
   )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('DROP TABLE IF EXISTS scheduled_messages').execute(db);
}
