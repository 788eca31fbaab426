import { WebClient } from '@slack/web-api';
import { pino } from 'pino';
import { beforeEach, describe, expect, it } from 'vitest';
import { setUpChannels } from '../../src/slack/channel-setup.js';
import { exportLedger } from '../../src/services/exports.js';
import { BOT_USER_ID } from '../support/fake-slack.js';
import { EXAMPLE_NOW as NOW, EXAMPLE_PEOPLE, exampleYaml } from '../support/fixtures.js';
import { input, slashCommand, viewSubmission, viewValues } from '../support/payloads.js';
import { useTestApp } from '../support/test-app.js';

const PUBLIC_NOTE = '初稿已送各部门征求意见';
const INTERNAL_TYPED = '经费尚未批复，分管领导态度不明';
const INTERNAL_TICKED = 'the county office is two weeks late with its figures';

describe('internal notes (内部备注)', () => {
  const app = useTestApp({ env: { ZEREN_LOCALE: 'zh-CN' }, now: NOW, users: [...EXAMPLE_PEOPLE.map((id) => ({ id, locale: id === 'U04OWN' ? 'zh-CN' : 'en-US' }))] });
  const db = () => app.db;
  const command = async (user: string, text: string) => {
    const response = await app.send(slashCommand({ user_id: user, text }));
    expect(response.statusCode).toBe(200);
    return response.json() as { text?: string };
  };
  const submitModal = (user: string, fields: { item: string; note?: string; internal: boolean }) =>
    app.send(
      viewSubmission({
        user,
        callbackId: 'progress_modal',
        privateMetadata: JSON.stringify({ origin: 'modal' }),
        values: viewValues({
          item: input.select(fields.item),
          percent: input.number(null),
          status: input.select(null),
          note: input.text(fields.note),
          internal: { type: 'checkboxes', selected_options: fields.internal ? [{ value: 'internal' }] : [] },
          evidence: input.url(null),
        }),
      }),
    );
  const reports = () => db().selectFrom('ledger').select(['item_code', 'details']).where('kind', '=', 'report').orderBy('id').execute();
  const publicPage = async (lang: string) => {
    const response = await app.send({ method: 'GET', url: `/public/JS-NJ/2016?lang=${lang}` });
    expect(response.statusCode).toBe(200);
    return response.body;
  };

  beforeEach(async () => {
    await app.importDocuments({ name: 'example.yaml', content: exampleYaml });
    const client = new WebClient('xoxb-test', { slackApiUrl: app.fake.url, retryConfig: { retries: 0 } });
    await setUpChannels({ client, db: db(), logger: pino({ level: 'silent' }), botUserId: BOT_USER_ID, clock: () => NOW });
    // The list is published once signed (how it is signed is the sign-off tests' business).
    await db().updateTable('lists').set({ signed_at: NOW, signed_by: 'U02HEAD', version: 1 }).where('unit_code', '=', 'JS-NJ').execute();
  });

  it('a note marked internal, typed or ticked, is recorded and shown in Slack but never on the public pages', async () => {
    expect((await command('U03OWN', `NJ-2016-01 40% on-track ${PUBLIC_NOTE}`)).text).not.toContain('Internal');
    const typed = await command('U04OWN', `NJ-2016-01 滞后 ${INTERNAL_TYPED} 内部`);
    expect(typed.text).toBe(`已记录 NJ-2016-01 细化责任清单 的进展：40% · 滞后 · ${INTERNAL_TYPED} 🔒 内部备注：不对外公开。`);
    const ticked = await submitModal('U05OWN', { item: 'NJ-2016-02', note: INTERNAL_TICKED, internal: true });
    expect(ticked.statusCode).toBe(200);
    expect(ticked.body).toBe('');

    // On the ledger, marked; the marker word itself is not part of the note.
    expect(await reports()).toEqual([
      { item_code: 'NJ-2016-01', details: { percent: 40, status: 'on_track', note: PUBLIC_NOTE } },
      { item_code: 'NJ-2016-01', details: { status: 'at_risk', note: INTERNAL_TYPED, internal: true } },
      { item_code: 'NJ-2016-02', details: { note: INTERNAL_TICKED, internal: true } },
    ]);
    // Inside the organisation the note is as visible as any: the unit channel's notice says it is internal.
    await app.drain();
    const notices = app.fake.messages(app.fake.channel('zr-js-nj')!.id).map((message) => JSON.stringify(message.blocks));
    expect(notices.filter((blocks) => blocks.includes(INTERNAL_TYPED))).toHaveLength(1);
    expect(notices.find((blocks) => blocks.includes(INTERNAL_TYPED))).toContain('🔒');
    expect(notices.find((blocks) => blocks.includes(PUBLIC_NOTE))).not.toContain('🔒');
    // The authenticated ledger export (supervisors, the office) keeps internal notes, marked so.
    const exported = [];
    for await (const row of exportLedger(app.deps())) if (row.kind === 'report') exported.push(row);
    expect(exported.map((row) => [row.note, row.details.internal ?? false])).toEqual([
      [PUBLIC_NOTE, false],
      [INTERNAL_TYPED, true],
      [INTERNAL_TICKED, true],
    ]);

    // The public page shows the latest note not marked internal, and no internal one, in both languages.
    for (const lang of ['zh-CN', 'en']) {
      const html = await publicPage(lang);
      expect(html).toContain(`<td class="note">${PUBLIC_NOTE}</td>`);
      expect(html).not.toContain(INTERNAL_TYPED);
      expect(html).not.toContain(INTERNAL_TICKED);
      expect(html).not.toContain('经费');
    }
  });

  it('an unticked box and a marker inside the note publish the note', async () => {
    const reply = await submitModal('U05OWN', { item: 'NJ-2016-02', note: '内部审核已完成', internal: false });
    expect(reply.statusCode).toBe(200);
    await command('U03OWN', 'NJ-2016-01 送 内部 审核');
    expect((await reports()).map((entry) => entry.details)).toEqual([{ note: '内部审核已完成' }, { note: '送 内部 审核' }]);
    const html = await publicPage('en');
    expect(html).toContain('<td class="note">内部审核已完成</td>');
    expect(html).toContain('<td class="note">送 内部 审核</td>');
  });

  it('/progress help explains the marker in both languages', async () => {
    expect((await command('U03OWN', 'help')).text).toContain('`#internal` (or `内部`)');
    expect((await command('U04OWN', 'help')).text).toContain('为 `内部`（或 `#internal`）时，该说明为内部备注');
  });
});
