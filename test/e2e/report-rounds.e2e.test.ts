import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../../src/services/importer.js';
import { exportReports } from '../../src/services/report-round-status.js';
import { useDataDir, zeren } from '../support/cli.js';
import { blockAction, viewSubmission } from '../support/payloads.js';
import { appHelpers } from '../support/app-helpers.js';
import { JS, JS_NJ, JS_SZ, organisation as orgDocument } from '../support/fixtures.js';
import { useTestApp } from '../support/test-app.js';

/** Local time in Asia/Shanghai, as an instant. */
const at = (local: string) => new Date(`${local}+08:00`);

// JS issues a dual-report round to its two children; U01SUP and U06REV review. JS-NJ's head reads Chinese.
const organisation = orgDocument({ units: [JS, JS_NJ, { ...JS_SZ, head: 'U05HEAD' }] });
const rounds = `report_rounds:
  - code: JS-2026-H2-DR
    kind: dual_report
    units: [JS-NJ, JS-SZ]
    period: 2026-H2
    due: 2026-12-04
    reviewers: [U01SUP, U06REV]
`;

const TOKEN = 'rounds-export-token-0123456789abcdef';

describe('report rounds and ratings, end to end', () => {
  const app = useTestApp({
    env: { ZEREN_LOCALE: 'en', ZEREN_SCHEDULER: 'off', ZEREN_EXPORT_TOKEN: TOKEN },
    now: at('2026-11-30T08:00:00'),
    users: ['U01HEAD', 'U01SUP', { id: 'U02HEAD', locale: 'zh-CN' }, 'U05HEAD', 'U06REV'],
  });
  const helpers = appHelpers(app);
  const { db, drain, channelOf, entries, ledgerSize, ephemeralTo, postedIn, press, lastView, load } = helpers;
  const tick = (local: string) => helpers.tick(at(local));
  const submitReport = (user: string, summary: string, link?: string) =>
    app.send(
      viewSubmission({
        user,
        callbackId: 'round_submit_modal',
        privateMetadata: lastView('round_submit_modal')?.view.private_metadata,
        values: { summary: { summary: { type: 'plain_text_input', value: summary } }, link: { link: { type: 'url_text_input', value: link ?? null } } },
      }),
    );
  const rate = (user: string, rating: string | null, feedback: string, finding?: { title: string; severity: string; requirement: string; due: string }) =>
    app.send(
      viewSubmission({
        user,
        callbackId: 'round_rate_modal',
        privateMetadata: lastView('round_rate_modal')?.view.private_metadata,
        values: {
          rating: { rating: { type: 'radio_buttons', selected_option: rating ? { value: rating } : null } },
          feedback: { feedback: { type: 'plain_text_input', value: feedback } },
          finding_title: { finding_title: { type: 'plain_text_input', value: finding?.title ?? null } },
          finding_severity: { finding_severity: { type: 'static_select', selected_option: finding ? { value: finding.severity } : null } },
          finding_requirement: { finding_requirement: { type: 'plain_text_input', value: finding?.requirement ?? null } },
          finding_due: { finding_due: { type: 'datepicker', selected_date: finding?.due ?? null } },
        },
      }),
    );
  const roundUnit = (unit: string) => db().selectFrom('report_round_units').selectAll().where('unit_code', '=', unit).executeTakeFirstOrThrow();


  it('prompts each head, takes a submission and a resubmission, lets only the named reviewers rate, and opens a finding from a poor rating', async () => {
    await load(organisation, rounds);
    const nj = await channelOf('JS-NJ');
    const sz = await channelOf('JS-SZ');
    const js = await channelOf('JS');

    // Both heads are prompted in their unit's channel, with Submit report (and not Report progress).
    expect((await tick('2026-11-30T09:31:00')).decided).toEqual({ prompted: 2 });
    const prompt = postedIn(nj, 'JS-2026-H2-DR.JS-NJ').at(-1)!;
    expect(prompt.text).toContain('<@U02HEAD>');
    expect(prompt.text).toContain('due 2026-12-04');
    expect(JSON.stringify(prompt.blocks)).toContain('"action_id":"round_submit","value":"JS-2026-H2-DR.JS-NJ"');
    expect(JSON.stringify(prompt.blocks)).not.toContain('report_progress');
    const szPrompt = postedIn(sz, 'JS-2026-H2-DR.JS-SZ').at(-1)!;
    expect(szPrompt.text).toBe(
      "📝 Report due: *JS-2026-H2-DR.JS-SZ* JS-2026-H2-DR 2026-H2 (unit JS-SZ, due 2026-12-04). <@U05HEAD> please submit the unit's report with the button. A report of round JS-2026-H2-DR.",
    );

    // Someone else than the head presses Submit report: refused, nothing opened or written.
    const before = await ledgerSize();
    await press('U01SUP', 'round_submit', prompt);
    expect(ephemeralTo(nj, 'U01SUP')).toEqual(['Only the head of JS-NJ (or their deputy) submits its report in round JS-2026-H2-DR.']);
    expect(lastView('round_submit_modal')).toBeUndefined();
    expect(await ledgerSize()).toBe(before);

    // The head submits: a ledger entry; both reviewers get it by DM with Rate.
    app.clock.set(at('2026-11-30T10:00:00'));
    await press('U02HEAD', 'round_submit', prompt);
    expect(lastView('round_submit_modal')?.view.title.text).toBe('提交报告');
    expect((await submitReport('U02HEAD', '  ', undefined)).json()).toEqual({ response_action: 'errors', errors: { summary: '请填写报告摘要。' } });
    expect((await submitReport('U02HEAD', '上半年主体责任落实情况', 'javascript:alert(1)')).json()).toMatchObject({ response_action: 'errors', errors: { link: expect.any(String) } });
    expect(await ledgerSize()).toBe(before);
    expect((await submitReport('U02HEAD', '上半年主体责任落实情况', 'https://docs.example.org/nj-h2.pdf')).statusCode).toBe(200);
    expect(ephemeralTo(nj, 'U02HEAD').at(-1)).toContain('JS-2026-H2-DR');
    expect(await entries('submitted')).toMatchObject([
      { actor: 'U02HEAD', unit_code: 'JS-NJ', item_code: 'JS-2026-H2-DR.JS-NJ', source: 'modal', details: { round: 'JS-2026-H2-DR', summary: '上半年主体责任落实情况', link: 'https://docs.example.org/nj-h2.pdf', on_time: true } },
    ]);
    await drain();
    for (const reviewer of ['U01SUP', 'U06REV']) {
      const dm = app.fake.messages(reviewer).at(-1);
      expect(dm?.text).toBe('📄 <@U02HEAD> submitted the report of 南京市纪委 in round *JS-2026-H2-DR* (dual report (双报告), 2026-H2), on time. Please rate it.');
      expect(JSON.stringify(dm?.blocks)).toContain('"action_id":"round_rate","value":"JS-2026-H2-DR.JS-NJ"');
    }

    // Resubmitted before the deadline: it replaces the first, and both are on the ledger.
    app.clock.set(at('2026-12-02T15:00:00'));
    await press('U02HEAD', 'round_submit', prompt);
    expect(JSON.stringify(lastView('round_submit_modal')?.view.blocks)).toContain('上半年主体责任落实情况');
    await submitReport('U02HEAD', '上半年主体责任落实情况（修订）');
    const submitted = await entries('submitted');
    expect(submitted).toHaveLength(2);
    expect(submitted[1]).toMatchObject({ details: { summary: '上半年主体责任落实情况（修订）', on_time: true, replaces: { summary: '上半年主体责任落实情况', link: 'https://docs.example.org/nj-h2.pdf' } } });
    expect(await roundUnit('JS-NJ')).toMatchObject({ summary: '上半年主体责任落实情况（修订）', link: null, submissions: 2, submitted_by: 'U02HEAD' });
    expect((await roundUnit('JS-NJ')).first_submitted_at).toEqual(at('2026-11-30T10:00:00'));
    await drain();
    const toRate = app.fake.messages('U06REV').at(-1)!;
    expect(toRate.text).toContain('replaced the report of 南京市纪委');

    // A non-reviewer's Rate is refused, writing nothing.
    const beforeRating = await ledgerSize();
    // The head presses a Rate button carrying their own report, in their channel: an ephemeral refusal.
    await app.send(blockAction({ user: 'U02HEAD', actionId: 'round_rate', value: 'JS-2026-H2-DR.JS-NJ', channel: nj, messageTs: prompt.ts }));
    expect(ephemeralTo(nj, 'U02HEAD').at(-1)).toBe('只有 JS-2026-H2-DR 轮次指定的评议人可以评议其报告。');
    // Someone the reviewer forwarded the message to, where no ephemeral reaches them: the refusal in a modal.
    await press('U01HEAD', 'round_rate', toRate);
    expect(app.fake.views.at(-1)?.view).toMatchObject({ title: { text: 'Not possible' }, blocks: [{ text: { text: '⚠️ Only the reviewers named for round JS-2026-H2-DR may rate its reports.' } }] });
    expect(lastView('round_rate_modal')).toBeUndefined();
    expect(await ledgerSize()).toBe(beforeRating);

    // The reviewer rates fair: the head reads it by DM, in Chinese.
    await press('U06REV', 'round_rate', toRate);
    expect(lastView('round_rate_modal')?.view.title.text).toBe('Rate the report');
    expect((await rate('U06REV', null, '')).json()).toEqual({ response_action: 'errors', errors: { rating: 'Choose a rating.' } });
    expect((await rate('U06REV', 'fair', '  ')).json()).toEqual({ response_action: 'errors', errors: { feedback: 'Write the feedback for the unit head.' } });
    expect(await ledgerSize()).toBe(beforeRating);
    await rate('U06REV', 'fair', '台账不够具体');
    expect(await entries('rated')).toMatchObject([{ actor: 'U06REV', item_code: 'JS-2026-H2-DR.JS-NJ', details: { round: 'JS-2026-H2-DR', rating: 'fair', feedback: '台账不够具体' } }]);
    await drain();
    const ratedDm = app.fake.messages('U02HEAD').at(-1)?.text;
    expect(ratedDm).toContain('<@U06REV>');
    expect(ratedDm).toContain('一般');
    expect(ratedDm).toContain('台账不够具体');

    // A second rating by the same reviewer is a change; poor, with a finding for the unit.
    await press('U06REV', 'round_rate', toRate);
    expect(JSON.stringify(lastView('round_rate_modal')?.view.blocks)).toContain('台账不够具体');
    expect((await rate('U06REV', 'poor', '问题整改不到位', { title: '述责报告问题整改不到位', severity: 'major', requirement: '补报整改清单', due: '2026-11-01' })).json()).toEqual({
      response_action: 'errors',
      errors: { finding_due: 'A finding needs a deadline, today (2026-12-02) or later.' },
    });
    await rate('U06REV', 'poor', '问题整改不到位', { title: '述责报告问题整改不到位', severity: 'major', requirement: '补报整改清单', due: '2026-12-31' });
    const changed = await entries('rating_changed');
    expect(changed).toMatchObject([{ actor: 'U06REV', details: { rating: 'poor', feedback: '问题整改不到位', from: { rating: 'fair', feedback: '台账不够具体' }, finding: 'JS-2026-H2-DR.JS-NJ-F1' } }]);
    expect(await db().selectFrom('report_ratings').selectAll().execute()).toMatchObject([{ reviewer: 'U06REV', rating: 'poor', finding_code: 'JS-2026-H2-DR.JS-NJ-F1' }]);
    const finding = await db()
      .selectFrom('findings')
      .innerJoin('inspections', 'inspections.code', 'findings.inspection_code')
      .innerJoin('items', 'items.code', 'findings.item_code')
      .select(['findings.item_code', 'findings.severity', 'findings.requirement', 'inspections.kind', 'inspections.unit_code', 'inspections.by_unit', 'items.title', 'items.due'])
      .executeTakeFirstOrThrow();
    expect(finding).toEqual({ item_code: 'JS-2026-H2-DR.JS-NJ-F1', severity: 'major', requirement: '补报整改清单', kind: 'assessment', unit_code: 'JS-NJ', by_unit: 'JS', title: '述责报告问题整改不到位', due: '2026-12-31' });
    expect(await entries('finding_opened')).toMatchObject([{ item_code: 'JS-2026-H2-DR.JS-NJ-F1', actor: 'U06REV', details: { owners: ['U02HEAD'] } }]);
    await drain();
    expect(app.fake.messages('U02HEAD').at(-1)?.text).toContain('JS-2026-H2-DR.JS-NJ-F1');

    // JS-SZ stays silent: reminded, escalated to its head, then to the parent's supervisor in JS's channel.
    await tick('2026-12-02T09:31:00');
    expect(app.fake.messages('U05HEAD').filter((message) => message.text?.includes('JS-2026-H2-DR.JS-SZ')).length).toBeGreaterThan(0);
    expect(JSON.stringify(app.fake.messages('U05HEAD').at(-1)?.blocks)).toContain('"action_id":"round_submit"');
    await tick('2026-12-07T09:31:00');
    const toHead = await entries('escalated');
    expect(toHead.filter((entry) => entry.item_code === 'JS-2026-H2-DR.JS-SZ').map((entry) => (entry.details as { level: number }).level)).toContain(1);
    expect(toHead.some((entry) => entry.item_code === 'JS-2026-H2-DR.JS-NJ')).toBe(false);
    await tick('2026-12-14T09:31:00');
    const toParent = postedIn(js, 'JS-2026-H2-DR.JS-SZ');
    expect(toParent.length).toBeGreaterThan(0);
    expect(toParent.at(-1)?.text).toContain('<@U01SUP>');
    expect(toParent.at(-1)?.text).toContain('A report of round JS-2026-H2-DR.');

    // Late, it is still taken, marked late; after the deadline it can no longer be replaced.
    app.clock.set(at('2026-12-15T10:00:00'));
    await press('U05HEAD', 'round_submit', szPrompt);
    await submitReport('U05HEAD', 'Second-half report');
    expect((await entries('submitted')).at(-1)).toMatchObject({ unit_code: 'JS-SZ', details: { on_time: false } });
    await drain();
    expect(app.fake.messages('U01SUP').at(-1)?.text).toContain(', late. Please rate it.');
    const beforeLate = await ledgerSize();
    await press('U05HEAD', 'round_submit', szPrompt);
    expect(ephemeralTo(sz, 'U05HEAD').at(-1)).toBe('The report for round JS-2026-H2-DR is in, and its deadline (2026-12-04) has passed: it can no longer be replaced.');
    expect(await ledgerSize()).toBe(beforeLate);
    // Once submitted, neither report is prompted, reminded or escalated again (the finding is, on its own cadence).
    const lastId = Number((await db().selectFrom('ledger').select(db().fn.max('id').as('id')).executeTakeFirstOrThrow()).id);
    await tick('2026-12-21T09:31:00');
    const later = await db().selectFrom('ledger').select(['kind', 'item_code']).where('id', '>', lastId).where('kind', 'in', ['prompted', 'reminded', 'escalated']).execute();
    expect(later.length).toBeGreaterThan(0);
    expect(later.filter((entry) => entry.item_code !== 'JS-2026-H2-DR.JS-NJ-F1')).toEqual([]);
  });

  it("shows the round's status in the issuing unit's digest, and exports the same through `reports` and the download", async () => {
    await load(organisation, rounds);
    const nj = await channelOf('JS-NJ');
    const js = await channelOf('JS');
    await tick('2026-11-30T09:31:00');
    app.clock.set(at('2026-12-01T10:00:00'));
    await press('U02HEAD', 'round_submit', postedIn(nj, 'JS-2026-H2-DR.JS-NJ').at(-1)!);
    await submitReport('U02HEAD', '全年主体责任落实情况', 'https://docs.example.org/nj.pdf');
    await drain();
    await press('U01SUP', 'round_rate', app.fake.messages('U01SUP').at(-1)!);
    await rate('U01SUP', 'good', '较为扎实');

    // Friday's digest, after the deadline: JS-NJ on time and rated good, JS-SZ missing.
    await tick('2026-12-11T16:01:00');
    const digest = app.fake.messages(js).filter((message) => message.text?.startsWith('Weekly digest')).at(-1);
    const text = JSON.stringify(digest?.blocks);
    expect(text).toContain('*Report rounds (1)*');
    expect(text).toContain(
      '• *JS-2026-H2-DR* dual report (双报告) 2026-H2, due 2026-12-04: 1 on time, 0 late, 1 missing, 0 not yet due. Behind: JS-SZ. Ratings: Good (较好) 1 (0 submitted, not yet rated).',
    );
    // Only the issuing unit's digest shows it.
    const njDigest = app.fake.messages(nj).filter((message) => message.text?.startsWith('Weekly digest')).at(-1);
    expect(njDigest).toBeDefined();
    expect(JSON.stringify(njDigest?.blocks)).not.toContain('Report rounds');

    const expected = [
      { round: 'JS-2026-H2-DR', kind: 'dual_report', unit: 'JS-NJ', due: '2026-12-04', submitted_at: '2026-12-01T10:00:00.000+08:00', on_time: true, rating: ['good'], reviewer: ['U01SUP'], period: '2026-H2', by: 'JS', state: 'on_time', submissions: 1 },
      { round: 'JS-2026-H2-DR', kind: 'dual_report', unit: 'JS-SZ', due: '2026-12-04', submitted_at: null, on_time: null, rating: [], reviewer: [], period: '2026-H2', by: 'JS', state: 'missing', submissions: 0 },
    ];
    expect(await exportReports(app.deps())).toEqual(expected);
    expect(await exportReports(app.deps(), { units: ['JS-SZ'] })).toEqual([expected[1]]);
    expect(await exportReports(app.deps(), { year: 2025 })).toEqual([]);
    const get = (url: string) => app.send({ method: 'GET', url, headers: { authorization: `Bearer ${TOKEN}` } });
    const json = await get('/exports/reports?format=json&unit=JS');
    expect(json.statusCode).toBe(200);
    expect(json.json()).toEqual(expected);
    const csv = await get('/exports/reports?unit=JS-NJ');
    expect(csv.headers['content-disposition']).toContain('zeren-reports-');
    expect(csv.body.replace(/^\uFEFF/, '').split(/\r?\n/).filter(Boolean)).toEqual([
      'round,kind,unit,due,submitted_at,on_time,rating,reviewer,period,by,state,submissions',
      'JS-2026-H2-DR,dual_report,JS-NJ,2026-12-04,2026-12-01T10:00:00.000+08:00,1,good,U01SUP,2026-H2,JS,on_time,1',
    ]);
    expect((await app.send({ method: 'GET', url: '/exports/reports' })).statusCode).toBe(401);
  });

  it('imports rounds from YAML and CSV: problems name the file and row, --dry-run writes nothing, a second import changes nothing', async () => {
    await load(organisation);
    const bad = await importFiles(app.deps(), [
      { name: 'rounds.csv', content: 'round,kind,unit,period,due,reviewers\nJS-2026-S,statement,JS-NJ,2026,2026-12-20,U01SUP\nJS-2026-S,statement,JS-XX,2026,2026-12-20,U01SUP\n' },
    ]);
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.problems).toEqual([expect.objectContaining({ file: 'rounds.csv', where: expect.stringContaining('row 3') })]);
    const badKind = await importFiles(app.deps(), [{ name: 'r.yaml', content: rounds.replace('dual_report', 'triple') }]);
    expect(!badKind.ok && badKind.problems).toEqual([expect.objectContaining({ file: 'r.yaml', message: { key: 'import.badRoundKind' } })]);
    expect(await db().selectFrom('report_rounds').selectAll().execute()).toEqual([]);

    const dry = await importFiles(app.deps(), [{ name: 'r.yaml', content: rounds }], { dryRun: true });
    expect(dry).toMatchObject({ ok: true, written: false, plan: { changes: [{ entity: 'report_rounds', ref: 'JS-2026-H2-DR', action: 'created' }] } });
    expect(await db().selectFrom('report_rounds').selectAll().execute()).toEqual([]);

    const csv = 'round,kind,unit,period,due,reviewers\nJS-2026-S,statement,JS-NJ,2026,2026-12-20,U01SUP\nJS-2026-S,statement,JS-SZ,2026,2026-12-20,U01SUP\n';
    const first = await importFiles(app.deps(), [{ name: 'r.yaml', content: rounds }, { name: 'rounds.csv', content: csv }]);
    expect(first).toMatchObject({ ok: true, written: true });
    expect((await db().selectFrom('report_round_units').select(['round_code', 'unit_code', 'item_code']).orderBy('item_code').execute()).map((row) => row.item_code)).toEqual([
      'JS-2026-H2-DR.JS-NJ',
      'JS-2026-H2-DR.JS-SZ',
      'JS-2026-S.JS-NJ',
      'JS-2026-S.JS-SZ',
    ]);
    expect((await db().selectFrom('report_rounds').select(['code', 'by_unit', 'kind']).orderBy('code').execute())).toEqual([
      { code: 'JS-2026-H2-DR', by_unit: 'JS', kind: 'dual_report' },
      { code: 'JS-2026-S', by_unit: 'JS', kind: 'statement' },
    ]);
    const size = await ledgerSize();
    const second = await importFiles(app.deps(), [{ name: 'r.yaml', content: rounds }, { name: 'rounds.csv', content: csv }]);
    expect(second).toMatchObject({ ok: true, written: false, plan: { changes: [], unchanged: { report_rounds: 2 } } });
    expect(await ledgerSize()).toBe(size);

    // A changed deadline moves both units' items; a unit cannot be dropped from a round.
    const moved = await importFiles(app.deps(), [{ name: 'r.yaml', content: rounds.replace('due: 2026-12-04', 'due: 2026-12-11') }]);
    expect(moved).toMatchObject({ ok: true, written: true });
    expect((await db().selectFrom('items').select('due').where('code', 'like', 'JS-2026-H2-DR.%').execute()).map((row) => row.due)).toEqual(['2026-12-11', '2026-12-11']);
    const asItem = await importFiles(app.deps(), [{ name: 'list.yaml', content: 'lists:\n  - unit: JS-NJ\n    year: 2026\n    items:\n      - { code: JS-2026-H2-DR.JS-NJ, title: 双报告, responsibility: primary, owners: [U02HEAD], due: 2026-12-31, cadence: weekly }\n' }]);
    expect(!asItem.ok && asItem.problems).toEqual([expect.objectContaining({ file: 'list.yaml', message: { key: 'import.codeIsRoundReport', params: { code: 'JS-2026-H2-DR.JS-NJ' } } })]);
    const dropped = await importFiles(app.deps(), [{ name: 'r.yaml', content: rounds.replace('[JS-NJ, JS-SZ]', '[JS-NJ]') }]);
    expect(!dropped.ok && dropped.problems).toEqual([expect.objectContaining({ message: { key: 'import.roundUnitDropped', params: { code: 'JS-2026-H2-DR', units: 'JS-SZ' } } })]);
  });
});

// The command line as an admin runs it, on its own embedded database.
describe('zeren import and export reports', { timeout: 120_000 }, () => {
  const data = useDataDir('zeren-rounds-');
  let dataDir: string;
  beforeAll(() => {
    dataDir = data.dataDir;
  });

  it('names the file and line of a bad round, dry-runs, imports once, and exports the rounds', async () => {
    const env = { DATA_DIR: dataDir };
    const file = join(dataDir, 'org.yaml');
    writeFileSync(file, `${organisation}${rounds.replace('kind: dual_report', 'kind: triple')}`);
    const refused = await zeren(['import', file], env);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/org\.yaml line \d+, report_rounds\[0\]\.kind: must be dual_report or statement/);
    writeFileSync(file, `${organisation}${rounds}`);
    const dry = await zeren(['import', file, '--dry-run'], env);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('report rounds: 1 created, 0 updated, 0 unchanged');
    expect(JSON.parse((await zeren(['export', 'reports', '--format', 'json'], env)).stdout)).toEqual([]);
    expect((await zeren(['import', file], env)).code).toBe(0);
    expect((await zeren(['import', file], env)).stdout).toContain('report rounds: 0 created, 0 updated, 1 unchanged');
    const exported = await zeren(['export', 'reports', '--unit', 'JS', '--year', '2026', '--format', 'json'], env);
    expect(exported.code).toBe(0);
    expect(JSON.parse(exported.stdout).map((row: { unit: string; submitted_at: null; rating: string[] }) => [row.unit, row.submitted_at, row.rating])).toEqual([
      ['JS-NJ', null, []],
      ['JS-SZ', null, []],
    ]);
  });
});
