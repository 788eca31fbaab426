import { describe, expect, it } from 'vitest';
import { JS, JS_NJ, organisation } from '../support/fixtures.js';
import { blockAction } from '../support/payloads.js';
import { useTestApp } from '../support/test-app.js';

const NOW = new Date('2026-11-25T02:00:00Z');
// Friday of that week, after the digest's 16:00 (Asia/Shanghai).
const FRIDAY = new Date('2026-11-27T08:30:00Z');
const org = organisation({
  units: [JS, JS_NJ],
  lists: [{ unit: 'JS-NJ', year: 2026, items: [{ code: 'NJ-01', title: '细化责任清单', responsibility: 'primary', owners: ['U03OWN'], due: '2026-12-31', cadence: 'weekly', start: '2026-11-02' }] }],
});

/** The unit's channel set up, the list imported, and its head signing it with the button. */
function links(env: Record<string, string>) {
  const app = useTestApp({ env: { ZEREN_LOCALE: 'en', ...env }, now: NOW, users: ['U01HEAD', 'U01SUP', 'U02HEAD', 'U03OWN'] });
  let channel = '';

  const signTheList = async () => {
    channel = app.fake.addChannel({ name: 'zr-js-nj', members: ['U0BOT', 'U02HEAD', 'U03OWN'] }).id;
    await app.db.insertInto('units').values({ code: 'JS', name: '江苏省纪委' }).execute();
    await app.db.insertInto('units').values({ code: 'JS-NJ', name: '南京市纪委', parent_code: 'JS', channel_id: channel, channel_ready_at: NOW }).execute();
    await app.importDocuments({ name: 'org.yaml', content: org });
    await app.drain();
    const request = app.fake.messages(channel).find((message) => message.text?.includes('ready to be signed'));
    const value = (JSON.stringify(request?.blocks).match(/"action_id":"approval_approve","value":"(\d+)"/) ?? [])[1];
    expect(value).toBeDefined();
    const response = await app.send(blockAction({ user: 'U02HEAD', actionId: 'approval_approve', value, channel, messageTs: request!.ts, message: { ts: request!.ts } }));
    expect(response.statusCode).toBe(200);
    const confirmed = app.fake.messages(channel).find((message) => message.ts === request!.ts);
    expect(JSON.stringify(confirmed?.blocks)).toContain('✅ Signed by <@U02HEAD>');
    return JSON.stringify(confirmed?.blocks);
  };
  const weeklyDigest = async () => {
    app.clock.set(FRIDAY);
    expect((await app.bot.services.tick(FRIDAY)).decided.digests).toBe(1);
    await app.drain();
    const digest = app.fake.messages(channel).find((message) => message.text?.startsWith('Weekly digest'));
    expect(digest).toBeDefined();
    return JSON.stringify(digest?.blocks);
  };
  return { app, signTheList, weeklyDigest };
}

describe('links to the public list page, with ZEREN_PUBLIC_URL set', () => {
  const { signTheList, weeklyDigest } = links({ ZEREN_PUBLIC_URL: 'https://zeren.example.org/gov/' });

  it('the sign-off confirmation and the weekly digest link to the unit’s published list', async () => {
    const confirmation = await signTheList();
    expect(confirmation).toContain('<https://zeren.example.org/gov/public/JS-NJ/2026|The published list 2026>');
    expect(await weeklyDigest()).toContain('🔗 <https://zeren.example.org/gov/public/JS-NJ/2026|The published list 2026>');
  });
});

describe('links to the public list page, with ZEREN_PUBLIC_URL set but the public pages off', () => {
  const { signTheList, weeklyDigest } = links({ ZEREN_PUBLIC_URL: 'https://zeren.example.org', ZEREN_PUBLIC_PAGES: 'off' });

  it('links to nothing: the page would not be served', async () => {
    expect(await signTheList()).not.toContain('zeren.example.org');
    expect(await weeklyDigest()).not.toContain('zeren.example.org');
  });
});

describe('links to the public list page, without ZEREN_PUBLIC_URL', () => {
  const { signTheList, weeklyDigest } = links({});

  it('neither the sign-off confirmation nor the digest carries a link', async () => {
    expect(await signTheList()).not.toContain('/public/');
    const digest = await weeklyDigest();
    expect(digest).not.toContain('/public/');
    expect(digest).not.toContain('🔗');
  });
});
