import { describe, expect, it } from 'vitest';
import { t } from '../../../src/i18n/index.js';
import {
  APPROVE,
  RETURN,
  RETURN_MODAL,
  VERIFY_MODAL,
  approvalOutcome,
  approvalRequest,
  decidedRequest,
  returnModal,
  verifyModal,
  type ApprovalPayload,
} from '../../../src/slack/blocks/approval-messages.js';
import { checkBlockKit, checkUpdateText } from '../../support/blockkit-limits.js';

const locales = ['en', 'zh-CN'] as const;
const result: ApprovalPayload = {
  approval: 42,
  kind: 'result',
  unit: 'JS-NJ',
  item: 'NJ-01',
  requested_by: 'U0REQ',
  head: 'U0HEAD',
  title: 'R&D <!channel> 台账',
  note: '已完成 & <@U0EVIL>',
  evidence_url: 'https://example.org/r.pdf',
};
type Block = { type: string; block_id?: string; text?: { text: string }; elements?: { action_id?: string; value?: string; text?: { text: string } | string }[] };
const actions = (blocks: unknown) => (blocks as Block[]).find((b) => b.type === 'actions');

describe('approvalRequest', () => {
  it('asks the head, escapes the claim, and carries Approve and Return with the request’s id', () => {
    for (const locale of locales) {
      const message = approvalRequest(locale, result);
      expect(message.text).toContain('<@U0HEAD>');
      expect(message.text).toContain('<@U0REQ>');
      expect(message.text).toContain('*NJ-01* R&amp;D &lt;!channel&gt;');
      const json = JSON.stringify(message.blocks);
      expect(json).not.toContain('<!channel>');
      expect(json).not.toContain('<@U0EVIL>');
      expect(json).toContain('<https://example.org/r.pdf|https://example.org/r.pdf>');
      const row = actions(message.blocks);
      expect(row?.block_id).toBe('approval_42');
      expect(row?.elements?.map((e) => [e.action_id, e.value])).toEqual([
        [APPROVE, '42'],
        [RETURN, '42'],
      ]);
      expect((row?.elements?.[0]?.text as { text: string }).text).toBe(t(locale, 'approval.approve'));
      expect(checkBlockKit('message', message)).toEqual([]);
    }
    expect(approvalRequest('zh-CN', result).text).toContain('已完成，请审核通过或退回');
  });

  it('offers "Sign the list" for a sign-off, listing the items and counting the rest', () => {
    // The payload carries the first 20 items (services/signoff.ts); with three owners and long titles they pass a section’s 3,000.
    const items = (n: number) => Array.from({ length: n }, (_, i) => ({ code: `JS-NJ-2026-${String(i).padStart(3, '0')}`, title: `事项 & ${'长'.repeat(100)}`, due: '2026-12-31', owners: ['U01ABCDEF23', 'U01ABCDEF24', 'U01ABCDEF25'] }));
    for (const [locale, sign, more] of [
      ['en', 'Sign the list', /… and (\d+) more$/],
      ['zh-CN', '签字背书', /……另有 (\d+) 项$/],
    ] as const) {
      const message = approvalRequest(locale, { approval: 7, kind: 'signoff', unit: 'JS-NJ', head: 'U0HEAD', unit_name: '南京 <!here>', year: 2026, count: 100, items: items(20) });
      expect(message.text).not.toContain('<!here>');
      expect((actions(message.blocks)?.elements?.[0]?.text as { text: string }).text).toBe(sign);
      const list = (message.blocks as Block[])[1]?.text?.text ?? '';
      const lines = list.split('\n');
      const rest = Number(list.match(more)?.[1]);
      expect(lines.slice(0, -1).every((line) => line.endsWith('— 2026-12-31'))).toBe(true);
      expect(lines.length - 1 + rest).toBe(100);
      expect(checkBlockKit('message', message)).toEqual([]);
      const short = approvalRequest(locale, { approval: 7, kind: 'signoff', unit: 'JS-NJ', head: 'U0HEAD', year: 2026, count: 3, items: items(3).map((item) => ({ ...item, title: 't' })) });
      expect((short.blocks as Block[])[1]?.text?.text.split('\n')).toHaveLength(3);
    }
  });

  it('shows a change side by side, an extension and an order closure, within the limits', () => {
    for (const locale of locales) {
      const change = approvalRequest(locale, { approval: 1, kind: 'change', unit: 'JS-NJ', ref: 'NJ-01', action: 'updated', fields: { title: { from: 'old & <b>', to: 'x'.repeat(5000) }, due: { from: null, to: '2026-12-31' } } });
      const json = JSON.stringify(change.blocks);
      expect(json).toContain('~old &amp; &lt;b&gt;~');
      expect(json).toContain('~∅~ → 2026-12-31');
      const extension = approvalRequest(locale, { ...result, kind: 'extension', from: '2026-12-01', to: '2027-01-15', because: '<!channel> 原因' });
      expect(extension.text).toContain('2027-01-15');
      expect(extension.text).toContain('&lt;!channel&gt; 原因');
      const closure = approvalRequest(locale, { ...result, kind: 'order_closure', order: 'GP<1>' });
      expect(closure.text).toContain('GP&lt;1&gt;');
      for (const m of [change, extension, closure]) expect(checkBlockKit('message', m)).toEqual([]);
    }
  });

  it('asks the issuer to close a listed case naming its code and unit, in both languages, with the buttons', () => {
    const texts = locales.map((locale) => approvalRequest(locale, { ...result, kind: 'order_closure', item: 'JS-NJ-2026-C001', head: 'U07ISS', order: 'JS-2026-GP03', case: 'JS-NJ-2026-C001', closer: 'issuer' }));
    expect(texts.map((m) => m.text)).toEqual([
      '<@U07ISS>: <@U0REQ> reports case *JS-NJ-2026-C001* of unit JS-NJ, listed for supervision by order JS-2026-GP03 (挂牌督办), as concluded. It is not concluded until you close the order: approve or return it.',
      '<@U07ISS>：<@U0REQ> 报告单位 JS-NJ 的案件 *JS-NJ-2026-C001*（督办单 JS-2026-GP03 挂牌督办）已办结。您批准销号之前不结案：请批准或退回。',
    ]);
    // The category (the title) is not repeated: the case is named by its code and unit only; the head's note follows.
    for (const m of texts) {
      expect(JSON.stringify(m.blocks)).not.toContain('台账');
      expect(JSON.stringify(m.blocks)).toContain('已完成 &amp; &lt;@U0EVIL&gt;');
      expect(actions(m.blocks)?.elements?.map((e) => e.action_id)).toEqual([APPROVE, RETURN]);
      expect(checkBlockKit('message', m)).toEqual([]);
    }
  });

  it('stays within the limits with a huge note, title and evidence address', () => {
    for (const locale of locales) {
      const message = approvalRequest(locale, { ...result, kind: 'milestone', milestone: '&'.repeat(3000), title: '<'.repeat(3000), note: '&'.repeat(5000), evidence_url: `https://example.org/${'a'.repeat(1900)}`, seat_unit: 'JS' });
      expect(checkBlockKit('message', message)).toEqual([]);
    }
  });
});

describe('decidedRequest', () => {
  it('replaces the buttons with the outcome, who and when, within chat.update’s limit', () => {
    for (const locale of locales) {
      const approved = decidedRequest(locale, result, { state: 'approved', by: 'U0HEAD', at: '2026-12-03 09:00' });
      expect(actions(approved.blocks)).toBeUndefined();
      expect(approved.text).toContain(t(locale, 'approval.approved', { by: 'U0HEAD', at: '2026-12-03 09:00' }));
      const returned = decidedRequest(locale, result, { state: 'returned', by: 'U0HEAD', at: '2026-12-03', reason: '补充 <!here> & 材料', verification: { method: 'onsite', result: 'ineffective', note: 'n & m' } });
      expect(returned.text).toContain('补充 &lt;!here&gt; &amp; 材料');
      expect(returned.text).toContain(t(locale, 'verify.method.onsite'));
      expect(returned.text).not.toContain('<!here>');
      const signed = decidedRequest(locale, { approval: 7, kind: 'signoff', unit: 'JS-NJ', year: 2026, count: 1 }, { state: 'approved', by: 'U0HEAD', at: 'now', version: 3, hash: 'abcdef0123456789' });
      expect(signed.text).toContain('abcdef012345');
      expect(signed.text).not.toContain('abcdef0123456');
      for (const m of [approved, returned, signed]) {
        expect(checkBlockKit('message', m)).toEqual([]);
        expect(checkUpdateText(m.text)).toEqual([]);
      }
      const huge = decidedRequest(locale, { ...result, title: '&'.repeat(3000) }, { state: 'returned', by: 'U0HEAD', at: 'now', reason: '<'.repeat(5000) });
      expect(checkUpdateText(huge.text)).toEqual([]);
      expect(checkBlockKit('message', huge)).toEqual([]);
    }
  });
});

describe('approvalOutcome', () => {
  it('tells the claimant the outcome in their language, with the reason escaped', () => {
    for (const locale of locales) {
      const returned = approvalOutcome(locale, { ...result, state: 'returned', by: 'U0HEAD', reason: 'R&D <!channel>' });
      expect(returned.text).toBe(t(locale, 'approval.outcomeReturned', { code: 'NJ-01', title: 'R&amp;D &lt;!channel&gt; 台账', by: 'U0HEAD', reason: 'R&amp;D &lt;!channel&gt;' }));
      const extension = approvalOutcome(locale, { ...result, kind: 'extension', to: '2027-01-15', state: 'approved', by: 'U0SUP' });
      expect(extension.text).toContain('2027-01-15');
      for (const m of [returned, extension]) expect(checkBlockKit('message', m)).toEqual([]);
    }
    expect(approvalOutcome('zh-CN', { ...result, state: 'returned', by: 'U0HEAD', reason: 'x' }).text).toContain('退回了您');
  });
});

describe('returnModal and verifyModal', () => {
  it('carry only the request’s id (and the message), and ask in the reader’s language', () => {
    for (const [locale, title] of [
      ['en', 'Return the claim'],
      ['zh-CN', '退回申请'],
    ] as const) {
      const view = returnModal(locale, { approval: 42 });
      expect(view).toMatchObject({ type: 'modal', callback_id: RETURN_MODAL, title: { text: title } });
      expect(JSON.parse(view.private_metadata as string)).toEqual({ approval: 42 });
      expect(checkBlockKit('modal', { view })).toEqual([]);
      const verify = verifyModal(locale, { approval: 42, channel: 'C0', ts: '1.2' }, { code: 'ZG-1', title: '<!channel> & 整改' });
      expect(verify.callback_id).toBe(VERIFY_MODAL);
      expect(JSON.parse(verify.private_metadata as string)).toEqual({ approval: 42, channel: 'C0', ts: '1.2' });
      const blocks = verify.blocks as (Block & { element?: { options?: { value: string }[] } })[];
      expect(blocks.find((b) => b.block_id === 'method')?.element?.options?.map((o) => o.value)).toEqual(['document', 'onsite', 'lookback']);
      expect(blocks.find((b) => b.block_id === 'result')?.element?.options?.map((o) => o.value)).toEqual(['effective', 'partial', 'ineffective']);
      expect(blocks[0]?.text?.text).toContain('&lt;!channel&gt; &amp; 整改');
      expect(checkBlockKit('modal', { view: verify })).toEqual([]);
    }
  });
});
