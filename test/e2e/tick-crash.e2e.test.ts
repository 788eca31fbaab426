import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { LINES_PER_MESSAGE } from '../../src/outbox/messages.js';
import { addDays, chineseWorkday, weekday } from '../../src/domain/calendar.js';
import { cycleOf } from '../../src/domain/cycles.js';
import { spawnZeren, useDataDir } from '../support/cli.js';
import { useFakeSlack } from '../support/test-app.js';

/**
 * SPEC §2.4: "a crash in the middle sends nothing twice and loses nothing" — as far as it can be
 * had without an idempotency key at Slack. `zeren tick` is SIGKILLed while it delivers prompts and
 * run again; every message must arrive, and a message may arrive twice only if its call to Slack
 * was in flight when the process died.
 *
 * Why some duplicates are allowed. The dispatcher (src/outbox/dispatcher.ts, "Crash window") leases
 * a row, calls Slack, then marks the row sent in its own UPDATE. A process killed after Slack has
 * posted a message but before that UPDATE leaves the row pending under its lease; once the lease
 * has ended the next run sends it again (the Slack renderer does not look for its earlier copy in
 * the channel's history). So the allowed duplicates are exactly the calls in flight at the kill.
 *
 * Making the kill land in that window, deterministically. The fake Slack answers the first
 * ANSWERED chat.postMessage calls; it answers none of the later ones, so the process is stuck with
 * those calls in flight. Of the held calls, every other one is posted first (the message exists in
 * Slack, the caller does not know it) and the others are not (as if the request never arrived).
 * The test kills the process once each lane has a call held and its debug log says that each
 * answered row was recorded as sent (the "outbox row sent" line follows the UPDATE). At that
 * moment answered ⇒ recorded, and "in flight" is exactly the set of held calls: those that
 * reached Slack may be delivered twice, those that did not must be delivered once, like the rest.
 *
 * Leases. The killed run's claimed rows (all of them: one claim takes up to 5 rows per lane) stay
 * leased for 60 s on the dispatcher's clock, which is max(wall clock, --at). The prompt instant is
 * chosen in the future (two years ahead), so that clock is the --at instant itself:
 *   - run again at the same instant, the leases still hold: nothing is sent (those rows may be in
 *     flight elsewhere), the run gives up after --wait and exits non-zero with the rows queued;
 *   - run at the same instant + 2 minutes, the leases have ended: the rows are claimed again and
 *     delivered, and the tick decides nothing new (same cycle, same keys).
 */

/** Calls to chat.postMessage answered before the fake starts holding answers back. */
const ANSWERED = 4;

/** `zeren ARGS` as a process; `stderr()` is what it has written so far. */
function zeren(args: string[], env: Record<string, string>) {
  const spawned = spawnZeren(args, env);
  return { child: spawned.child, stderr: () => spawned.output().stderr, done: spawned.done };
}

/** Outbox keys of the rows that a run's debug log says were recorded as sent. */
function recordedSent(stderr: string): Set<string> {
  const keys = new Set<string>();
  for (const line of stderr.split('\n')) {
    if (!line.includes('outbox row sent')) continue;
    try {
      const entry = JSON.parse(line) as { msg?: string; key?: string };
      if (entry.msg === 'outbox row sent' && entry.key) keys.add(entry.key);
    } catch {
      // A partial line: the next poll sees it whole.
    }
  }
  return keys;
}

/** A working Monday in November two years ahead: the --at instants are then ahead of the wall clock. */
function futureMonday(): string {
  let day = `${new Date().getUTCFullYear() + 2}-11-09`;
  while (weekday(day) !== 1 || !chineseWorkday(day)) day = addDays(day, 1);
  return day;
}

describe('zeren tick killed while it delivers', () => {
  const monday = futureMonday();
  const year = monday.slice(0, 4);
  const week = cycleOf('weekly', monday).key;
  const units = { 'CR-A': ['U0OWN1', 'U0OWN2'], 'CR-B': ['U0OWN3'], 'CR-C': ['U0OWN4', 'U0OWN5'] } as const;
  // A unit's prompts of one instant share a message of at most LINES_PER_MESSAGE lines: twice that
  // and one are three messages per unit, so every lane has more messages than answers to share.
  const items = Object.keys(units).flatMap((unit) =>
    Array.from({ length: 2 * LINES_PER_MESSAGE + 1 }, (_, i) => ({ unit, code: `${unit}-${year}-${i + 1}`, owners: [units[unit as keyof typeof units][i % units[unit as keyof typeof units].length] as string] })),
  );
  const expectedDecisions = items.map((item) => `prompt:${item.code}:${week}`).sort();
  const expectedMessages = 3 * Object.keys(units).length;

  const data = useDataDir('zeren-crash-');
  const slack = useFakeSlack({ users: ['U0HEAD', 'U0HEADA', 'U0HEADB', 'U0HEADC', 'U0SUP', 'U0OWN1', 'U0OWN2', 'U0OWN3', 'U0OWN4', 'U0OWN5'].map((id) => ({ id })) });
  let dataDir: string;
  let fake: typeof slack.fake;
  let env: Record<string, string>;
  beforeAll(() => {
    dataDir = data.dataDir;
    fake = slack.fake;
    env = { DATA_DIR: dataDir, SLACK_BOT_TOKEN: 'xoxb-test', SLACK_API_URL: fake.url };
  });

  it('delivers every message after a restart, twice only those in flight at the kill', { timeout: 120_000 }, async () => {
    // A small organisation, its channels set up by a tick before the prompt time (which decides nothing).
    const file = join(dataDir, 'org.yaml');
    writeFileSync(
      file,
      [
        'units:',
        '  - { code: CR, name: 总部, head: U0HEAD, supervisor: U0SUP }',
        ...Object.keys(units).map((unit) => `  - { code: ${unit}, name: 单位${unit}, parent: CR, head: U0HEAD${unit.slice(-1)}, supervisor: U0SUP }`),
        'lists:',
        ...Object.keys(units).flatMap((unit) => [
          `  - unit: ${unit}`,
          `    year: ${year}`,
          '    items:',
          ...items
            .filter((item) => item.unit === unit)
            .map((item) => `      - { code: ${item.code}, title: 事项${item.code.slice(-1)}, responsibility: primary, owners: [${item.owners.join(', ')}], due: ${year}-12-31, cadence: weekly, start: ${monday} }`),
        ]),
        '',
      ].join('\n'),
    );
    const imported = await zeren(['import', file], env).done;
    expect(imported.code, imported.stderr).toBe(0);
    const setup = await zeren(['tick', '--at', `${monday}T08:00:00+08:00`], env).done;
    expect(setup.code, setup.stderr).toBe(0);
    expect(setup.stdout).toContain('4 channel(s) set up; 0 prompt(s)');
    // (The import's own messages, such as sign-off requests, went out with it.)
    expect(setup.stdout).toMatch(/ 0 failed, 0 still queued$/m);
    const earlier = fake.messages().length;
    fake.clearCalls();

    // The prompt instant. Slack takes 150 ms a call; after ANSWERED answers it posts and holds.
    fake.latencyMs = 150;
    const keyOf = (message: unknown) => String((message as { metadata?: { event_payload?: { key?: string } } }).metadata?.event_payload?.key);
    const answeredKeys: string[] = [];
    const held: string[] = [];
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    const reachedSlack: string[] = [];
    fake.on('chat.postMessage', async (args, { builtin }) => {
      if (answeredKeys.length < ANSWERED) {
        const posted = builtin();
        answeredKeys.push(keyOf(posted.message));
        return posted;
      }
      // Held calls alternate between the two outcomes a caller cannot tell apart: Slack has
      // posted the message (a retry makes a copy), or it has not (a retry is its only copy).
      const key = keyOf(args);
      const post = held.push(key) % 2 === 1;
      if (post) {
        builtin();
        reachedSlack.push(key);
      }
      await released;
      return { ok: false, error: 'request_timeout' };
    });
    const at = `${monday}T09:31:00+08:00`;
    const killed = zeren(['tick', '--at', at], { ...env, LOG_LEVEL: 'debug' });
    // Each lane (channel) goes one call at a time and every lane has more rows than answers to
    // share, so in the end each lane has one call held; and the answered rows are recorded.
    const lanes = Object.keys(units).length;
    await expect
      .poll(
        () => {
          const recorded = recordedSent(killed.stderr());
          return held.length === lanes && answeredKeys.length === ANSWERED && answeredKeys.every((key) => recorded.has(key));
        },
        { timeout: 30_000, interval: 20, message: 'a held call in every lane, and the answered rows recorded' },
      )
      .toBe(true);
    killed.child.kill('SIGKILL');
    const dead = await killed.done;
    // The dead process's connections are closed, and every call it made has passed the fake's latency.
    await expect.poll(() => fake.openConnections()).toBe(0);
    await expect.poll(() => held.length, { interval: 20 }).toBe(fake.callsTo('chat.postMessage').length - ANSWERED);
    const inFlight = [...held];
    expect(reachedSlack.length).toBeGreaterThan(0);
    expect(reachedSlack.length).toBeLessThan(inFlight.length);
    const callsAtKill = fake.callsTo('chat.postMessage').length;
    release();
    expect(dead.code).toBeNull();
    // Killed in the middle: some delivered and recorded, some in flight, some not tried yet.
    expect(inFlight).toHaveLength(lanes);
    expect(callsAtKill).toBe(ANSWERED + inFlight.length);
    expect(callsAtKill).toBeLessThan(expectedMessages);
    fake.off('chat.postMessage');

    // The same instant again (the killed process's lock file is taken over): its leases still hold,
    // so nothing is sent before --wait runs out, and the rows stay queued.
    const early = await zeren(['tick', '--at', at, '--wait', '2'], env).done;
    expect(early.code).not.toBe(0);
    const owed = expectedMessages - ANSWERED;
    expect(early.stdout).toContain(`0 prompt(s), 0 reminder(s), 0 escalation(s) decided; 0 message(s) queued; 0 sent, 0 failed, ${owed} still queued`);
    expect(early.stderr).toContain(`${owed} message(s) still queued`);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(callsAtKill);

    // Two minutes later the leases have ended: everything owed is delivered, nothing new decided.
    const later = await zeren(['tick', '--at', `${monday}T09:33:00+08:00`], env).done;
    expect(later.code, later.stderr).toBe(0);
    expect(later.stdout).toContain(`0 message(s) queued; ${owed} sent, 0 failed, 0 still queued`);

    // Every expected message is in Slack; twice only if it was in flight at the kill.
    const copies = new Map<string, number>();
    for (const message of fake.messages().slice(earlier)) {
      const key = message.metadata?.event_payload.key as string | undefined;
      if (key) copies.set(key, (copies.get(key) ?? 0) + 1);
    }
    expect(copies.size).toBe(expectedMessages);
    expect([...copies.keys()].every((key) => key.startsWith('prompts:'))).toBe(true);
    expect([...copies].filter(([, count]) => count > 2)).toEqual([]);
    const twice = [...copies].filter(([, count]) => count === 2).map(([key]) => key);
    expect(twice.filter((key) => !reachedSlack.includes(key))).toEqual([]);
    expect(fake.violations).toEqual([]);

    // The database agrees: every outbox row sent, each prompt decided once, the ledger chain intact.
    const verified = await zeren(['verify'], env).done;
    expect(verified.code, verified.stderr).toBe(0);
    const db = await openDatabase({ DATA_DIR: dataDir });
    try {
      expect(await db.kysely.selectFrom('outbox').select(['idempotency_key', 'state']).where('state', '!=', 'sent').execute()).toEqual([]);
      const rows = await db.kysely.selectFrom('outbox').select(['idempotency_key', 'state', 'attempts', 'payload']).where('kind', '=', 'prompts').orderBy('idempotency_key').execute();
      expect(rows.map((row) => row.idempotency_key)).toEqual([...copies.keys()].sort());
      // Every item is a line of exactly one message.
      const lines = rows.flatMap((row) => (row.payload as { items: { item: string }[] }).items.map((line) => line.item));
      expect(lines.sort()).toEqual(items.map((item) => item.code).sort());
      // Recorded at once: tried once. In flight at the kill: tried again once the lease had ended.
      for (const row of rows) {
        if (answeredKeys.includes(row.idempotency_key)) expect(row.attempts).toBe(1);
        if (inFlight.includes(row.idempotency_key)) expect(row.attempts).toBe(2);
      }
      const decided = await db.kysely.selectFrom('scheduled_events').select('key').execute();
      expect(decided.map((row) => row.key).sort()).toEqual(expectedDecisions);
    } finally {
      await db.close();
    }
  });
});
