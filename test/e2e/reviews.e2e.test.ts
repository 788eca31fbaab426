import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import readXlsxFile from 'read-excel-file/node';
import { describe, expect, it } from 'vitest';
import { toCell } from '../../src/services/export-format.js';
import { exportItems, exportLedger, itemColumns, ledgerColumns } from '../../src/services/exports.js';
import { importFiles } from '../../src/services/importer.js';
import { reviewDocument, reviewSheetColumns, reviewWorkbook } from '../../src/services/review-document.js';
import { exportReviews } from '../../src/services/reviews.js';
import { setUpChannels } from '../../src/slack/channel-setup.js';
import { checkBlockKit } from '../support/blockkit-limits.js';
import { useDataDir, zeren } from '../support/cli.js';
import { examplePath, JS, JS_NJ, JS_SZ, njList2026, organisation as orgDocument, weeklyItem } from '../support/fixtures.js';
import { appHomeOpened, blockAction, input, viewSubmission } from '../support/payloads.js';
import { useTestApp } from '../support/test-app.js';

/** Local time in Asia/Shanghai, as an instant. */
const at = (local: string) => new Date(`${local}+08:00`);
/** A cell as a spreadsheet gives it back: empty text and no value are both an empty cell. */
const asRead = (value: unknown) => (toCell(value) === '' ? null : toCell(value));

// JS supervises JS-NJ (U01SUP) and JS-SZ (U05SUP). JS-NJ's year 2026: two items, a finding on the
// first, a listed order on the second, and its report in a round.
const njList = njList2026('weekly');
njList.items.push(weeklyItem('NJ-02', '2026-10-05', { title: '=HYPERLINK("http://evil.example")', responsibility: 'supervisory', owners: ['U04OWN'], due: '2026-11-13' }));
const organisation = `${orgDocument({ units: [JS, JS_NJ, { ...JS_SZ, head: 'U05HEAD', supervisor: 'U05SUP' }], lists: [njList] })}inspections:
  - code: JS-NJ-2026-I1
    kind: inspection
    unit: JS-NJ
    by: JS
    from: 2026-11-02
    to: 2026-11-06
    findings:
      - { code: NJ-F01, title: 台账记录不完整, severity: major, item: NJ-01, owners: [U03OWN], requirement: 补齐台账, due: 2026-12-20 }
supervision:
  - { code: JS-2026-GP01, subject: NJ-02, by: U01SUP, reason: typical, due: 2026-12-31, cadence: weekly }
report_rounds:
  - { code: JS-2026-H2-DR, kind: dual_report, units: [JS-NJ], period: 2026-H2, due: 2026-12-20, reviewers: [U01SUP] }
`;

const TOKEN = 'reviews-export-token-0123456789abcdef';

describe('the year-end review (逐项过堂)', () => {
  const app = useTestApp({
    env: { ZEREN_LOCALE: 'en', ZEREN_SCHEDULER: 'off', ZEREN_ADMINS: 'U0ADMIN', ZEREN_EXPORT_TOKEN: TOKEN },
    now: at('2026-12-01T08:00:00'),
    users: ['U01HEAD', 'U01SUP', 'U02HEAD', 'U03OWN', 'U04OWN', 'U05HEAD', 'U05SUP', 'U0ADMIN', 'U0OTHER', { id: 'U0ZH', locale: 'zh-CN' }],
  });
  const db = () => app.db;
  const ledgerSize = async () => Number((await db().selectFrom('ledger').select(db().fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const entries = (kind: string) => db().selectFrom('ledger').selectAll().where('kind', '=', kind).orderBy('id').execute();
  const lastView = (callbackId: string) => app.fake.views.filter((view) => view.view.callback_id === callbackId).at(-1);
  const load = async () => {
    await app.importDocuments({ name: 'org.yaml', content: organisation });
    await setUpChannels({ client: app.bot.bolt!.client, db: db(), logger: pino({ level: 'silent' }), botUserId: 'U0BOT', clock: app.clock });
    await app.drain(10_000);
    // A report on NJ-01, and the schedules run once (NJ-02 is overdue and silent: escalated).
    app.clock.set(at('2026-12-01T09:00:00'));
    expect(await app.bot.services.progress.record({ actor: 'U03OWN', code: 'NJ-01', percent: 40, note: '已完成初稿', source: 'modal', requestKey: 'r1' })).toMatchObject({ ok: true });
    app.clock.set(at('2026-12-01T09:31:00'));
    await app.bot.services.tick();
    await app.drain(10_000);
  };
  const submit = async (user: string, callbackId: string, values: Record<string, Record<string, unknown>>, privateMetadata = '') => {
    const response = await app.send(viewSubmission({ user, callbackId, values, privateMetadata }));
    const body = response.body ? response.json() : {};
    if (body.response_action === 'update') expect(checkBlockKit('modal', { view: body.view })).toEqual([]);
    return body;
  };
  /** Opens the review of a unit and year as `user` from App Home's button; the first page's view. */
  const openReview = async (user: string, unit: string, year: string) => {
    await app.send(blockAction({ user, actionId: 'review_open' }));
    const picked = await submit(user, 'review_pick_modal', { unit: { unit: input.select(unit) }, year: { year: input.text(year) } });
    return picked;
  };
  const verdicts = (given: Record<string, [string | null, string?]>) =>
    Object.fromEntries(
      Object.entries(given).flatMap(([code, [verdict, note]]) => [
        [`verdict|${code}`, { verdict: input.select(verdict) }],
        [`note|${code}`, { note: input.text(note ?? null) }],
      ]),
    );

  it('writes a workbook whose review sheet matches the items export and whose item sheets are their ledgers', async () => {
    await load();
    const escalated = await entries('escalated');
    expect(escalated.map((entry) => entry.item_code)).toContain('NJ-02');
    const document = await reviewDocument(app.deps(), 'JS-NJ', 2026);
    expect(document).not.toBeNull();
    const sheets = await readXlsxFile(await reviewWorkbook(document!), { trim: false });
    expect(sheets.map((sheet) => sheet.sheet)).toEqual(['review', 'NJ-01', 'NJ-02', 'NJ-F01', 'JS-2026-H2-DR.JS-NJ']);
    const [review, ...itemSheets] = sheets;
    expect(review?.data[0]).toEqual([...reviewSheetColumns]);
    const rows = (review?.data.slice(1) ?? []).map((row) => Object.fromEntries(reviewSheetColumns.map((column, i) => [column, row[i]])));
    expect(rows.map((row) => [row.kind, row.code])).toEqual([
      ['item', 'NJ-01'],
      ['item', 'NJ-02'],
      ['finding', 'NJ-F01'],
      ['report', 'JS-2026-H2-DR.JS-NJ'],
      ['order', 'JS-2026-GP01'],
    ]);
    // Every column an item shares with the items export holds the export's value.
    const exported = new Map((await exportItems(app.deps(), ['JS-NJ'])).map((item) => [item.code, item]));
    const shared = itemColumns.filter((column) => (reviewSheetColumns as readonly string[]).includes(column));
    expect(shared).toEqual(['unit', 'code', 'title', 'responsibility', 'owners', 'due', 'percent', 'status', 'light', 'approval', 'last_report_at', 'list_signed_at']);
    for (const row of rows.filter((r) => r.kind !== 'order')) {
      const item = exported.get(row.code as string)!;
      expect(shared.map((column) => row[column])).toEqual(shared.map((column) => asRead(item[column])));
    }
    // A formula-like title is a string cell, read back as the text it is.
    expect(rows[1]?.title).toBe('=HYPERLINK("http://evil.example")');
    expect(rows[0]).toMatchObject({ findings: 'NJ-F01', reports: 1, percent: 40, listed: null });
    expect(rows[1]).toMatchObject({ listed: 'JS-2026-GP01', reports: 0, first_report_at: null });
    expect(rows[1]?.escalations).toContain('level');
    expect(String(rows[1]?.escalations).split(';')).toHaveLength(escalated.filter((entry) => entry.item_code === 'NJ-02').length);
    expect(rows[4]).toMatchObject({ title: 'NJ-02', status: 'open', owners: 'U01SUP' });
    // Each item's sheet is its ledger, as the ledger export writes it.
    const ledger = [];
    for await (const entry of exportLedger(app.deps(), ['JS-NJ'])) ledger.push(entry);
    for (const sheet of itemSheets) {
      expect(sheet.data[0]).toEqual([...ledgerColumns]);
      const own = ledger.filter((entry) => entry.item === sheet.sheet);
      expect(own.length).toBeGreaterThan(0);
      expect(sheet.data.slice(1)).toEqual(own.map((entry) => ledgerColumns.map((column) => asRead(entry[column]))));
    }
  });

  it('records verdicts from the Slack review: the head and supervisors only, each a ledger entry, a change a new one', async () => {
    await load();
    // App Home shows the button to the unit's head and the supervisors, not to someone without a role.
    for (const user of ['U02HEAD', 'U01SUP', 'U0OTHER']) await app.send(appHomeOpened(user, { eventId: `Ev-${user}` }));
    const home = async (user: string) => {
      await expect.poll(() => app.fake.homeView(user)).toBeDefined();
      return JSON.stringify(app.fake.homeView(user)?.view.blocks);
    };
    expect(await home('U02HEAD')).toContain('"action_id":"review_open"');
    expect(await home('U01SUP')).toContain('"action_id":"review_open"');
    expect(await home('U0OTHER')).not.toContain('review_open');

    // Someone without a role pressing it is told why, in a modal that only says so.
    const before = await ledgerSize();
    await app.send(blockAction({ user: 'U0OTHER', actionId: 'review_open' }));
    expect(JSON.stringify(app.fake.views.at(-1)?.view.blocks)).toContain("Only a unit's head, its supervisors");
    // JS-SZ's supervisor cannot pick JS-NJ (it is not among the units offered, and a forged pick is refused).
    await app.send(blockAction({ user: 'U05SUP', actionId: 'review_open' }));
    expect(JSON.stringify(lastView('review_pick_modal')?.view.blocks)).not.toContain('JS-NJ');
    expect(await submit('U05SUP', 'review_pick_modal', { unit: { unit: input.select('JS-NJ') }, year: { year: input.text('2026') } })).toEqual({
      response_action: 'errors',
      errors: { unit: 'Only the head of JS-NJ, a supervisor of it or of a unit above it or inspecting it, or an admin records its year-end verdicts.' },
    });
    expect(await submit('U01SUP', 'review_pick_modal', { unit: { unit: input.select('JS-NJ') }, year: { year: input.text('26') } })).toEqual({ response_action: 'errors', errors: { year: 'Write the year as four digits, e.g. 2026.' } });

    // The supervisor opens JS-NJ 2026: one page with every item, a verdict select and a note each, and the order.
    const page = await openReview('U01SUP', 'JS-NJ', '2026');
    expect(page.response_action).toBe('update');
    const blocks = JSON.stringify(page.view.blocks);
    for (const code of ['NJ-01', 'NJ-02', 'NJ-F01', 'JS-2026-H2-DR.JS-NJ']) expect(blocks).toContain(`"block_id":"verdict|${code}"`);
    expect(blocks).toContain('JS-2026-GP01');
    expect(blocks).toContain('2 item(s), 1 finding(s), 1 report(s), 1 listed order(s)');
    expect(page.view.title.text).toBe('Review 1/1');
    const metadata = page.view.private_metadata as string;

    // A note without a verdict, or an overlong note: refused beside the field, nothing written.
    expect(await submit('U01SUP', 'review_page_modal', verdicts({ 'NJ-01': [null, '说明'] }), metadata)).toEqual({
      response_action: 'errors',
      errors: { 'note|NJ-01': 'Choose a verdict for this note, or clear the note.' },
    });
    expect((await submit('U01SUP', 'review_page_modal', verdicts({ 'NJ-01': ['met', 'x'.repeat(1001)] }), metadata)).errors).toHaveProperty(['note|NJ-01']);
    // The page as JS-SZ's head sends it (a forged submission): refused, nothing written.
    expect(JSON.stringify(await submit('U05HEAD', 'review_page_modal', verdicts({ 'NJ-01': ['met'] }), metadata))).toContain('Only the head of JS-NJ');
    expect(await ledgerSize()).toBe(before);

    const saved = await submit('U01SUP', 'review_page_modal', verdicts({ 'NJ-01': ['met', '按期完成'], 'NJ-F01': ['partly_met'], 'NJ-02': [null] }), metadata);
    expect(JSON.stringify(saved.view.blocks)).toContain('2 verdict(s) recorded for JS-NJ 2026');
    expect(await entries('reviewed')).toMatchObject([
      { unit_code: 'JS-NJ', item_code: 'NJ-01', actor: 'U01SUP', source: 'modal', details: { year: 2026, verdict: 'met', note: '按期完成' } },
      { unit_code: 'JS-NJ', item_code: 'NJ-F01', actor: 'U01SUP', source: 'modal', details: { year: 2026, verdict: 'partly_met' } },
    ]);
    // The same page sent again changes nothing; the head changes a verdict: a new entry with the former one.
    const size = await ledgerSize();
    await submit('U01SUP', 'review_page_modal', verdicts({ 'NJ-01': ['met', '按期完成'], 'NJ-F01': ['partly_met'] }), metadata);
    expect(await ledgerSize()).toBe(size);
    const again = await openReview('U02HEAD', 'JS-NJ', '2026');
    expect(JSON.stringify(again.view.blocks)).toContain('"initial_option":{"text":{"type":"plain_text","text":"Met (达标)"},"value":"met"}');
    await submit('U02HEAD', 'review_page_modal', verdicts({ 'NJ-01': ['not_met', '未按期'] }), again.view.private_metadata);
    expect(await entries('review_changed')).toMatchObject([{ item_code: 'NJ-01', actor: 'U02HEAD', details: { verdict: 'not_met', note: '未按期', from: { verdict: 'met', note: '按期完成', by: 'U01SUP' } } }]);
    expect(await exportReviews(app.deps(), { units: ['JS-NJ'], year: 2026 })).toMatchObject([
      { unit: 'JS-NJ', year: 2026, code: 'NJ-01', verdict: 'not_met', note: '未按期', by: 'U02HEAD' },
      { unit: 'JS-NJ', year: 2026, code: 'NJ-F01', verdict: 'partly_met', note: null, by: 'U01SUP' },
    ]);
  });

  it('pages a long review within Block Kit’s limits, in the reader’s language', async () => {
    const many = Array.from({ length: 32 }, (_, i) => `      - { code: NJ-${String(i + 10).padStart(2, '0')}, title: 事项${i}, responsibility: primary, owners: [U03OWN], due: 2026-12-31, cadence: monthly }`).join('\n');
    await app.importDocuments(`units:\n  - { code: JS, name: 江苏省纪委, head: U01HEAD, supervisor: U0ZH }\nlists:\n  - unit: JS\n    year: 2026\n    items:\n${many}\n`);
    const first = await openReview('U0ZH', 'JS', '2026');
    expect(first.view.title.text).toBe('逐项过堂 1/3');
    expect(first.view.submit.text).toBe('保存，下一页');
    const second = await submit('U0ZH', 'review_page_modal', verdicts({ 'NJ-10': ['met'] }), first.view.private_metadata);
    expect(second.view.title.text).toBe('逐项过堂 2/3');
    expect(JSON.stringify(second.view.blocks)).toContain('verdict|NJ-25');
    const third = await submit('U0ZH', 'review_page_modal', verdicts({ 'NJ-25': ['not_met'] }), second.view.private_metadata);
    expect(third.view.submit.text).toBe('保存');
    const done = await submit('U0ZH', 'review_page_modal', verdicts({ 'NJ-41': ['partly_met'] }), third.view.private_metadata);
    expect(JSON.stringify(done.view.blocks)).toContain('已为 JS 2026 年度记录 3 条评定');
  });

  it('imports verdicts from YAML and CSV, all or nothing, a second import changing nothing; export reviews lists them', async () => {
    await load();
    const yaml = { name: 'reviews.yaml', content: 'reviews:\n  - { unit: JS-NJ, year: 2026, item: nj-02, verdict: not_met, note: 逾期未完成 }\n' };
    const csv = { name: 'reviews.csv', content: '\uFEFF单位,年度,事项编号,评定,备注\nJS-NJ,2026,JS-2026-H2-DR.JS-NJ,达标,按时报送\n' };
    // A dry run says what it would record and writes nothing.
    const before = await ledgerSize();
    const dry = await importFiles(app.deps(), [yaml, csv], { dryRun: true });
    expect(dry).toMatchObject({ ok: true, written: false });
    expect(dry.ok && dry.plan.changes.filter((change) => change.entity === 'reviews').map((change) => [change.ref, change.action])).toEqual([
      ['NJ-02', 'created'],
      ['JS-2026-H2-DR.JS-NJ', 'created'],
    ]);
    expect(await ledgerSize()).toBe(before);
    // A bad verdict, an unknown item or the wrong year refuse the whole import.
    const bad = await importFiles(app.deps(), [yaml, { name: 'bad.yaml', content: 'reviews:\n  - { unit: JS-NJ, year: 2025, item: NJ-01, verdict: met }\n  - { unit: JS-NJ, year: 2026, item: NJ-99, verdict: met }\n  - { unit: JS-NJ, year: 2026, item: NJ-F01, verdict: great }\n' }]);
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.problems.map((problem) => [problem.where, problem.message.key])).toEqual([
      ['line 4, reviews[2].verdict', 'import.badVerdict'],
    ]);
    const crossed = await importFiles(app.deps(), [yaml, { name: 'bad.yaml', content: 'reviews:\n  - { unit: JS-NJ, year: 2025, item: NJ-01, verdict: met }\n  - { unit: JS-NJ, year: 2026, item: NJ-99, verdict: met }\n' }]);
    expect(!crossed.ok && crossed.problems.map((problem) => problem.message)).toEqual([
      { key: 'import.reviewElsewhere', params: { code: 'NJ-01', unit: 'JS-NJ', year: 2026 } },
      { key: 'import.unknownItem', params: { code: 'NJ-99' } },
    ]);
    expect(await ledgerSize()).toBe(before);

    expect(await importFiles(app.deps(), [yaml, csv])).toMatchObject({ ok: true, written: true });
    expect(await entries('reviewed')).toMatchObject([
      { item_code: 'NJ-02', actor: 'system', source: 'import', details: { year: 2026, verdict: 'not_met', note: '逾期未完成' } },
      { item_code: 'JS-2026-H2-DR.JS-NJ', actor: 'system', source: 'import', details: { verdict: 'met', note: '按时报送' } },
    ]);
    const size = await ledgerSize();
    const second = await importFiles(app.deps(), [yaml, csv]);
    expect(second).toMatchObject({ ok: true, written: false });
    expect(second.ok && second.plan.unchanged.reviews).toBe(2);
    expect(await ledgerSize()).toBe(size);

    // A verdict from Slack beside them; the export lists all three, and in the web download too.
    const page = await openReview('U0ADMIN', 'JS-NJ', '2026');
    expect(JSON.stringify(page.view.blocks)).toContain('Verdict: Not met (未达标) (imported, 2026-12-01)');
    await submit('U0ADMIN', 'review_page_modal', verdicts({ 'NJ-01': ['met'] }), page.view.private_metadata);
    const rows = await exportReviews(app.deps(), {});
    expect(rows.map((row) => [row.code, row.verdict, row.by])).toEqual([
      ['JS-2026-H2-DR.JS-NJ', 'met', 'system'],
      ['NJ-01', 'met', 'U0ADMIN'],
      ['NJ-02', 'not_met', 'system'],
    ]);
    expect(rows[0]?.at).toMatch(/^2026-12-01T09:31:00\.000\+08:00$/);
    const download = await app.send({ method: 'GET', url: '/exports/reviews?format=json&unit=JS', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(download.statusCode).toBe(200);
    expect(download.json()).toEqual(rows);
    expect((await app.send({ method: 'GET', url: '/exports/reviews' })).statusCode).toBe(401);
    // A changed verdict imported: a new entry.
    await importFiles(app.deps(), [{ name: 'change.yaml', content: 'reviews:\n  - { unit: JS-NJ, year: 2026, item: NJ-02, verdict: partly_met, note: 逾期未完成 }\n' }]);
    expect(await entries('review_changed')).toMatchObject([{ item_code: 'NJ-02', details: { verdict: 'partly_met', from: { verdict: 'not_met' } } }]);
  });

  it('names the items of last year with no verdict in the parent’s digest after the end of January', async () => {
    await load();
    await importFiles(app.deps(), [{ name: 'r.yaml', content: 'reviews:\n  - { unit: JS-NJ, year: 2026, item: NJ-01, verdict: met }\n' }]);
    const js = (await db().selectFrom('units').select('channel_id').where('code', '=', 'JS').executeTakeFirstOrThrow()).channel_id as string;
    const digestOf = () => app.fake.messages(js).filter((message) => message.text?.includes('JS 江苏省纪委')).at(-1);
    // Friday 29 January 2027: still in time, not named.
    app.clock.set(at('2027-01-29T16:30:00'));
    await app.bot.services.tick();
    await app.drain(10_000);
    expect(JSON.stringify(digestOf()?.blocks)).not.toContain('without a year-end verdict');
    // Friday 5 February: named, the reviewed item not.
    app.clock.set(at('2027-02-05T16:30:00'));
    await app.bot.services.tick();
    await app.drain(10_000);
    const blocks = JSON.stringify(digestOf()?.blocks);
    expect(blocks).toContain('Items of 2026 without a year-end verdict (3)');
    for (const code of ['NJ-02', 'NJ-F01', 'JS-2026-H2-DR.JS-NJ']) expect(blocks).toContain(code);
    expect(blocks).not.toContain('*NJ-01*');
  });
});

// `zeren review` as an admin runs it, on the example organisation (PGlite, a few seconds per process).
describe('zeren review', { timeout: 120_000 }, () => {
  const data = useDataDir('zeren-review-');

  it('writes the review workbook of a unit and year, its rows those of export items; an unknown unit or bad year exits non-zero', async () => {
    const { env, dataDir } = data;
    expect((await zeren(['import', examplePath], env)).code).toBe(0);
    const file = join(dataDir, 'review.xlsx');
    const result = await zeren(['review', 'JS-NJ', '2016', '--out', file], env);
    expect(result.code, result.stderr).toBe(0);
    const items = (JSON.parse((await zeren(['export', 'items', '--unit', 'JS-NJ', '--format', 'json'], env)).stdout) as Record<string, unknown>[]).filter((item) => item.unit === 'JS-NJ');
    expect(items.length).toBeGreaterThan(0);
    expect(result.stderr.trim()).toBe(`${items.length} row(s) and ${items.length} item sheet(s) written to ${file}`);
    const sheets = await readXlsxFile(readFileSync(file), { trim: false });
    expect(sheets.map((sheet) => sheet.sheet)).toEqual(['review', ...items.map((item) => item.code as string).sort()]);
    const codes = sheets[0]?.data.slice(1).map((row) => row[1]);
    expect(codes).toEqual(items.map((item) => item.code).sort());
    for (const row of sheets[0]?.data.slice(1) ?? []) {
      const item = items.find((candidate) => candidate.code === row[1])!;
      expect(row.slice(0, 12)).toEqual(itemColumns.slice(0, 12).map((column) => asRead(item[column])));
    }
    const unknown = await zeren(['review', 'NOPE', '2016', '--out', file], env);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr.trim()).toBe('zeren: there is no unit NOPE');
    // A verdict imported with the CLI: a dry run first, then once; a second time changes nothing; export reviews lists it.
    const first = items.map((item) => item.code as string).sort()[0] as string;
    const verdicts = join(dataDir, 'verdicts.yaml');
    writeFileSync(verdicts, `reviews:\n  - { unit: JS-NJ, year: 2016, item: ${first}, verdict: partly_met, note: "=1+1" }\n`);
    const dry = await zeren(['import', verdicts, '--dry-run'], env);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain(`+ verdict ${first}`);
    expect(JSON.parse((await zeren(['export', 'reviews', '--format', 'json'], env)).stdout)).toEqual([]);
    expect((await zeren(['import', verdicts], env)).stdout).toContain('import written');
    expect((await zeren(['import', verdicts], env)).stdout).toContain('nothing to change');
    const exported = JSON.parse((await zeren(['export', 'reviews', '--unit', 'JS', '--year', '2016', '--format', 'json'], env)).stdout) as Record<string, unknown>[];
    expect(exported).toMatchObject([{ unit: 'JS-NJ', year: 2016, code: first, verdict: 'partly_met', note: '=1+1', by: 'system' }]);
    expect(Object.keys(exported[0] ?? {})).toEqual(['unit', 'year', 'code', 'verdict', 'note', 'by', 'at']);
    // In CSV the formula-like note is neutralised.
    expect((await zeren(['export', 'reviews'], env)).stdout).toContain(",'=1+1,");
    const reviewed = await zeren(['review', 'JS-NJ', '2016', '--out', file], env);
    expect(reviewed.code).toBe(0);
    const again = await readXlsxFile(readFileSync(file), { trim: false });
    const verdictColumn = reviewSheetColumns.indexOf('verdict');
    expect(again[0]?.data.find((row) => row[1] === first)?.slice(verdictColumn, verdictColumn + 3)).toEqual(['partly_met', '=1+1', 'system']);
    const badYear = await zeren(['review', 'JS-NJ', '16'], env);
    expect(badYear.code).toBe(2);
    expect((await zeren(['review', 'JS-NJ'], { ...env, ZEREN_LOCALE: 'zh-CN' })).stderr).toContain('zeren review 需要单位和年度');
  });
});
