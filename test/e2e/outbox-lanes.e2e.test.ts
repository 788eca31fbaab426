import { LogLevel, WebClient } from '@slack/web-api';
import { pino } from 'pino';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Dispatcher, type Deliver, type DispatcherOptions } from '../../src/outbox/dispatcher.js';
import { SharedLanes } from '../../src/outbox/lanes.js';
import { enqueue } from '../../src/outbox/outbox.js';
import { classifySlackError } from '../../src/slack/delivery-errors.js';
import { metadataFor } from '../../src/slack/outbox-metadata.js';
import { BOT_USER_ID, type FakeSlack } from '../support/fake-slack.js';
import { useTestApp } from '../support/test-app.js';
import type { TestDb } from '../support/test-db.js';

/**
 * Replicas share Slack's limits (issue 15 point 5): several dispatchers on one database, each with
 * its own in-memory pacer, keep together to one call per interval per lane, and a 429 seen by one
 * holds the lane for the others. The clock is injected and stands still between rounds, so a lane
 * paced at a minute can take exactly one call per round whoever makes it: counts, not timings.
 */
describe('outbox lanes shared by several dispatchers', () => {
  const app = useTestApp({ bot: false });
  let testDb: TestDb;
  let fake: FakeSlack;
  let client: WebClient;
  let at = new Date('2026-12-07T09:00:00Z');
  const clock = () => at;
  const logger = pino({ level: 'silent' });
  const LANES = ['C1', 'C2', 'C3', 'C4'];

  const post: Deliver = async (message) => {
    const text = message.kind === 'report_notice' ? message.payload.title : message.kind;
    const answer = await client.chat.postMessage({ channel: message.lane, text, metadata: metadataFor(message) });
    return { ts: answer.ts, channel: answer.channel };
  };

  const dispatcher = (owner: string, options: Partial<DispatcherOptions> = {}) =>
    new Dispatcher({ db: testDb.db.kysely, deliver: post, classify: classifySlackError, clock, laneClock: clock, logger, owner, laneIntervalMs: 60_000, backoffBaseMs: 10, batchSize: 6, laneBatchSize: 2, ...options });

  async function add(perLane: number): Promise<void> {
    const messages = LANES.flatMap((lane) =>
      Array.from({ length: perLane }, (_, i) => ({ key: `${lane}-${i + 1}`, kind: 'report_notice' as const, payload: { unit: 'U', channel: lane, item: 'I', title: `${lane}-${i + 1}`, actor: 'U1' }, lane })),
    );
    await enqueue(testDb.db.kysely, messages, clock());
  }

  const posts = () => fake.callsTo('chat.postMessage');
  const postedTo = (lane: string) => fake.messages(lane).map((m) => m.text);
  const soon = () => new Date(Date.now() + 2000);

  beforeAll(() => {
    testDb = app.testDb;
    fake = app.fake;
    client = new WebClient('xoxb-test', { slackApiUrl: fake.url, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, logLevel: LogLevel.ERROR });
  });

  beforeEach(() => {
    at = new Date('2026-12-07T09:00:00Z');
    for (const id of LANES) fake.addChannel({ id, name: id.toLowerCase(), members: [BOT_USER_ID] });
  });

  it('three dispatchers draining one outbox make one call per lane per interval together, none twice, none lost', async () => {
    await add(4);
    const replicas = [dispatcher('a'), dispatcher('b'), dispatcher('c')];
    const perRound: number[] = [];
    for (let round = 1; round <= 4; round++) {
      const results = await Promise.all(replicas.map((replica) => replica.drain({ deadline: soon() })));
      perRound.push(results.reduce((sum, result) => sum + result.sent, 0));
      // Each lane was called exactly `round` times so far, whichever replicas made the calls. (Across
      // replicas a lane's order is not kept: two may hold different rows of one lane.)
      for (const lane of LANES) expect(postedTo(lane), `${lane} after round ${round}`).toHaveLength(round);
      at = new Date(at.getTime() + 60_000);
    }
    expect(perRound).toEqual([4, 4, 4, 4]);
    for (const lane of LANES) expect(postedTo(lane).sort()).toEqual([1, 2, 3, 4].map((i) => `${lane}-${i}`));
    expect(posts()).toHaveLength(16);
    const rows = await testDb.db.kysely.selectFrom('outbox').select(['state']).execute();
    expect(rows.every((row) => row.state === 'sent')).toBe(true);
    // Nothing more to do once the last round ran.
    expect((await Promise.all(replicas.map((replica) => replica.drain({ deadline: soon() })))).map((r) => r.sent + r.pending)).toEqual([0, 0, 0]);
  });

  it('without the shared row each replica would pace only itself: a fresh dispatcher still waits for a lane another one just used', async () => {
    await add(2);
    expect((await dispatcher('first').drain({ deadline: soon() })).sent).toBe(4);
    // A new process (empty pacer) finds every lane taken until the interval has passed.
    const late = await dispatcher('second').drain({ deadline: soon() });
    expect(late).toMatchObject({ sent: 0, pending: 4 });
    at = new Date(at.getTime() + 59_999);
    expect((await dispatcher('third').drain({ deadline: soon() })).sent).toBe(0);
    at = new Date(at.getTime() + 1);
    expect((await dispatcher('fourth').drain({ deadline: soon() })).sent).toBe(4);
    for (const lane of LANES) expect(postedTo(lane)).toEqual([`${lane}-1`, `${lane}-2`]);
  });

  it('a 429 seen by one dispatcher holds the lane for another', async () => {
    await add(2);
    fake.failNext('chat.postMessage', { status: 429, retryAfter: 30 });
    // Unpaced, so that only the hold can keep the second dispatcher away from the lane.
    const first = dispatcher('first', { laneIntervalMs: 0, laneBatchSize: 1, batchSize: 1 });
    expect(await first.runOnce()).toEqual({ sent: 0, retried: 1, failed: 0 });
    const limited = posts()[0]!.args.channel as string;
    expect(limited).toBe('C1');
    // The held rows are released for anyone to claim at once: the hold is the lane's, not theirs.
    await testDb.db.kysely.updateTable('outbox').set({ not_before: at }).where('lane', '=', limited).execute();
    const second = dispatcher('second', { laneIntervalMs: 0 });
    expect(await second.drain({ deadline: soon() })).toMatchObject({ sent: 6, pending: 2 });
    expect(postedTo(limited)).toEqual([]);
    expect(posts().filter((call) => call.args.channel === limited)).toHaveLength(1);

    at = new Date(at.getTime() + 30_000);
    expect(await dispatcher('third', { laneIntervalMs: 0 }).drain({ deadline: soon() })).toMatchObject({ sent: 2, pending: 0 });
    expect(postedTo(limited)).toEqual([`${limited}-1`, `${limited}-2`]);
  });

  it('takes a lane only once a call can go: a row waiting for a call slot does not keep a lane taken long ago, to post beside another replica', async () => {
    const one = (key: string, lane: string) => ({ key, kind: 'report_notice' as const, payload: { unit: 'U', channel: lane, item: 'I', title: key, actor: 'U1' }, lane });
    await enqueue(testDb.db.kysely, [one('C1-1', 'C1'), one('C2-1', 'C2'), one('C2-2', 'C2')], clock());
    const other = dispatcher('other', { leaseMs: 600_000 });
    let otherSent = 0;
    // One call at a time here: C2-1 waits for C1-1's call, during which the lanes' minute passes and
    // another replica delivers C2-2.
    const busy = dispatcher('busy', {
      concurrency: 1,
      batchSize: 2,
      laneBatchSize: 1,
      leaseMs: 600_000,
      deliver: async (message) => {
        if (message.lane === 'C1') {
          at = new Date(at.getTime() + 60_000);
          otherSent = (await other.drain({ deadline: soon() })).sent;
        }
        return post(message);
      },
    });
    expect(await busy.drain({ deadline: soon() })).toMatchObject({ sent: 1, pending: 1 });
    expect(otherSent).toBe(1);
    // C2 was called once in that minute, by the other replica; C2-1 waits for the next one.
    expect(postedTo('C2')).toEqual(['C2-2']);
    at = new Date(at.getTime() + 60_000);
    expect(await busy.drain({ deadline: soon() })).toMatchObject({ sent: 1, pending: 0 });
    expect(postedTo('C2')).toEqual(['C2-2', 'C2-1']);
    expect(postedTo('C1')).toEqual(['C1-1']);
  });

  it('takes a lane atomically: of many takes at one instant exactly one wins, and with pacing 0 nothing is written', async () => {
    const lanes = new SharedLanes(testDb.db.kysely, { intervalMs: 1000, now: clock });
    const waits = await Promise.all(Array.from({ length: 8 }, () => lanes.take('C9')));
    expect(waits.filter((wait) => wait === 0)).toHaveLength(1);
    expect(waits.filter((wait) => wait > 0).every((wait) => wait === 1000)).toBe(true);
    at = new Date(at.getTime() + 400);
    expect(await lanes.take('C9')).toBe(600);

    const unpaced = new SharedLanes(testDb.db.kysely, { intervalMs: 0, now: clock });
    expect(await Promise.all([unpaced.take('D1'), unpaced.take('D1')])).toEqual([0, 0]);
    expect(await testDb.db.kysely.selectFrom('outbox_lanes').select('lane').where('lane', '=', 'D1').execute()).toEqual([]);
    await unpaced.hold('D1', 5000);
    expect(await unpaced.take('D1')).toBe(5000);
    // A shorter hold never cuts a longer one.
    await unpaced.hold('D1', 10);
    expect(await unpaced.take('D1')).toBe(5000);
    at = new Date(at.getTime() + 5000);
    expect(await unpaced.take('D1')).toBe(0);
    expect(await lanes.prune(new Date(at.getTime() + 1))).toBe(2);
  });
});
