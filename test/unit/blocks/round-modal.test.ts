import { describe, expect, it } from 'vitest';
import { RATINGS } from '../../../src/domain/rounds.js';
import { RATE_BUTTON, RATE_MODAL, SUBMIT_MODAL, rateModal, ratingMessage, roundRefusalModal, submissionMessage, submitButton, submitModal, type ReportView } from '../../../src/slack/blocks/round-modal.js';
import { checkBlockKit } from '../../support/blockkit-limits.js';

type Block = { block_id?: string; element?: { initial_value?: string; initial_option?: { value: string }; options?: unknown[] } };
const blockOf = (view: { blocks: unknown[] }, id: string) => (view.blocks as Block[]).find((block) => block.block_id === id);

const report: ReportView = {
  round: 'JS-2026-DR',
  kind: 'dual_report',
  period: '2026-H1',
  due: '2026-07-10',
  unit: 'JS-NJ',
  unitName: '南京市纪委',
  item: 'JS-2026-DR/JS-NJ',
  summary: null,
  link: null,
  submittedAt: null,
};

describe('submitModal', () => {
  it('asks for a summary and a link, keeps the item and channel in its metadata, in both languages', () => {
    const view = submitModal('en', report, { channel: 'C1' });
    expect(view).toMatchObject({ type: 'modal', callback_id: SUBMIT_MODAL, title: { text: 'Submit report' } });
    expect(JSON.parse(view.private_metadata!)).toEqual({ item: 'JS-2026-DR/JS-NJ', channel: 'C1' });
    expect(JSON.stringify(view.blocks)).toContain('*JS-2026-DR* — dual report (双报告), 2026-H1, for 南京市纪委. Due 2026-07-10.');
    expect(JSON.stringify(view.blocks)).not.toContain('replaces');
    expect(blockOf(view, 'summary')?.element?.initial_value).toBeUndefined();
    for (const locale of ['en', 'zh-CN'] as const) expect(checkBlockKit('modal', { view: submitModal(locale, report, {}) })).toEqual([]);
  });

  it('on a resubmission says it replaces the report and starts from it, cut to the field’s limit', () => {
    const view = submitModal('en', { ...report, summary: '总结'.repeat(2000), link: 'https://example.org/r.pdf', submittedAt: new Date('2026-07-01T02:00:00Z') }, {});
    expect(JSON.stringify(view.blocks)).toContain('what you submit now replaces it');
    expect(blockOf(view, 'summary')?.element?.initial_value?.length).toBeLessThanOrEqual(3000);
    expect(blockOf(view, 'link')?.element?.initial_value).toBe('https://example.org/r.pdf');
    expect(checkBlockKit('modal', { view })).toEqual([]);
  });
});

describe('rateModal', () => {
  it('offers the four ratings, starts from the reviewer’s current one, and stays within the limits with a long report', () => {
    const long = { ...report, summary: `*bold* <!channel> ${'长'.repeat(5000)}`, link: 'https://example.org/r.pdf' };
    const view = rateModal('zh-CN', long, { rating: 'fair', feedback: '需加强' }, { channel: 'D1' });
    expect(view.callback_id).toBe(RATE_MODAL);
    expect(blockOf(view, 'rating')?.element?.options).toHaveLength(RATINGS.length);
    expect(blockOf(view, 'rating')?.element?.initial_option?.value).toBe('fair');
    expect(blockOf(view, 'feedback')?.element?.initial_value).toBe('需加强');
    // The report is quoted, escaped: its text cannot ping the channel.
    expect(JSON.stringify(view.blocks)).not.toContain('<!channel>');
    expect(checkBlockKit('modal', { view })).toEqual([]);
    expect(blockOf(rateModal('en', report, null, {}), 'rating')?.element?.initial_option).toBeUndefined();
  });
});

describe('messages of a round', () => {
  const submission = { round: 'JS-2026-DR', kind: 'statement' as const, period: '2026', unit: 'JS-NJ', unit_name: '南京市纪委', item: 'JS-2026-DR/JS-NJ', by: 'U02HEAD', summary: 'line one\nline two', on_time: false, resubmitted: false, reviewer: 'U01SUP' };

  it('a submission reaches a reviewer with the report quoted, whether it was late, and the Rate button', () => {
    const message = submissionMessage('en', submission);
    expect(message.text).toContain('<@U02HEAD> submitted the report of 南京市纪委 in round *JS-2026-DR*');
    expect(message.text).toContain('late');
    expect(JSON.stringify(message.blocks)).toContain('>line one\\n>line two');
    expect(JSON.stringify(message.blocks)).toContain(RATE_BUTTON);
    expect(submissionMessage('en', { ...submission, resubmitted: true, on_time: true }).text).toContain('replaced the report');
    expect(checkBlockKit('message', submissionMessage('zh-CN', { ...submission, summary: '&'.repeat(3000), link: 'https://example.org/x' }))).toEqual([]);
  });

  it('a rating reaches the head with its feedback, a changed one says so, and an opened finding is named', () => {
    const rating = { round: 'JS-2026-DR', kind: 'dual_report' as const, period: '2026-H1', unit: 'JS-NJ', item: 'JS-2026-DR/JS-NJ', reviewer: 'U01SUP', rating: 'poor' as const, feedback: 'not enough', changed: false };
    expect(ratingMessage('en', rating).text).toBe('⭐ <@U01SUP> rated the report of JS-NJ in round *JS-2026-DR* (dual report (双报告)): *Poor (差)*. Feedback: not enough');
    expect(ratingMessage('en', { ...rating, changed: true }).text).toContain('changed their rating');
    expect(ratingMessage('en', { ...rating, finding: 'JS-NJ-F1' }).text).toContain('A finding was opened for the unit: *JS-NJ-F1*');
    expect(checkBlockKit('message', ratingMessage('zh-CN', { ...rating, feedback: '<'.repeat(2500) }))).toEqual([]);
  });

  it('buttons and the refusal view are in the reader’s language and within the limits', () => {
    expect(submitButton('en', 'X').text.text).toBe('Submit report');
    expect(submitButton('zh-CN', 'X').text.text).not.toBe('Submit report');
    expect(checkBlockKit('modal', { view: roundRefusalModal('en', 'x'.repeat(5000)) })).toEqual([]);
  });
});
