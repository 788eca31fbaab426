import { describe, expect, it } from 'vitest';
import type { CaseRecord } from '../../../src/domain/cases.js';
import { CASE_AMEND, CASE_MODAL, CASE_OPEN, CASE_PICK, caseHomeBlocks, caseModal, casePickModal, caseRefusalView } from '../../../src/slack/blocks/case-modal.js';
import { CIRCULAR_OPEN } from '../../../src/slack/blocks/circular-messages.js';
import { checkBlockKit } from '../../support/blockkit-limits.js';

const locales = ['en', 'zh-CN'] as const;
type Block = {
  type: string;
  block_id?: string;
  elements?: { action_id: string }[];
  element?: { type: string; initial_value?: string; initial_date?: string; options?: { value: string; text: { text: string } }[]; initial_option?: { value: string } };
};
const record: CaseRecord = {
  code: 'JS-NJ-2026-C001',
  unit: 'JS-2',
  opened: '2026-10-09',
  source: 'petition',
  category: '违反中央八项规定精神',
  primary: 'partial',
  concluded: null,
  supervisory: null,
  dispositions: [{ person: '张三', form: 1, measure: '谈话提醒', decided: '2026-10-20' }],
  accountability: [{ target: '某局党组', responsibility: 'primary', measure: '责令检查', decided: '2026-10-25' }],
};
const units = (n: number) => Array.from({ length: n }, (_, i) => ({ code: `JS-${i}`, name: `单位 ${'名'.repeat(100)}` }));

describe('caseHomeBlocks', () => {
  it('offers record, amend and circular buttons in the reader’s language', () => {
    for (const [locale, record] of [
      ['en', 'Record a case'],
      ['zh-CN', '登记案件'],
    ] as const) {
      const blocks = caseHomeBlocks(locale) as Block[];
      expect(blocks[1]?.elements?.map((e) => e.action_id)).toEqual([CASE_OPEN, CASE_AMEND, CIRCULAR_OPEN]);
      expect(JSON.stringify(blocks)).toContain(record);
      expect(checkBlockKit('home', { view: { type: 'home', blocks } })).toEqual([]);
    }
  });
});

describe('caseModal', () => {
  it('records a new case from today, with a unit select and the sources and fulfilments', () => {
    for (const [locale, title, petition] of [
      ['en', 'Accountability case', 'Petition (信访)'],
      ['zh-CN', '问责案件', '信访举报'],
    ] as const) {
      const view = caseModal(locale, { units: units(3), today: '2026-12-03' });
      expect(view).toMatchObject({ type: 'modal', callback_id: CASE_MODAL, title: { text: title } });
      const blocks = view.blocks as Block[];
      expect(blocks.map((b) => b.block_id).filter(Boolean)).toEqual(['code', 'unit', 'opened', 'source', 'category', 'primary', 'supervisory', 'concluded', 'dispositions', 'accountability']);
      expect(blocks.find((b) => b.block_id === 'unit')?.element?.options?.map((o) => o.value)).toEqual(['JS-0', 'JS-1', 'JS-2']);
      expect(blocks.find((b) => b.block_id === 'opened')?.element?.initial_date).toBe('2026-12-03');
      expect(blocks.find((b) => b.block_id === 'source')?.element?.options?.[0]?.text.text).toBe(petition);
      expect(blocks.find((b) => b.block_id === 'code')?.element?.initial_value).toBeUndefined();
      expect(checkBlockKit('modal', { view })).toEqual([]);
    }
  });

  it('amends a case pre-filled with it', () => {
    for (const [locale, title] of [
      ['en', 'Amend a case'],
      ['zh-CN', '修改案件'],
    ] as const) {
      const view = caseModal(locale, { units: units(3), record, today: '2026-12-03' });
      expect(view).toMatchObject({ title: { text: title } });
      const blocks = view.blocks as Block[];
      const of = (id: string) => blocks.find((b) => b.block_id === id)?.element;
      expect(of('code')?.initial_value).toBe('JS-NJ-2026-C001');
      expect(of('unit')?.initial_option?.value).toBe('JS-2');
      expect(of('opened')?.initial_date).toBe('2026-10-09');
      expect(of('source')?.initial_option?.value).toBe('petition');
      expect(of('primary')?.initial_option?.value).toBe('partial');
      expect(of('supervisory')?.initial_option).toBeUndefined();
      expect(of('dispositions')?.initial_value).toContain('张三');
      expect(of('accountability')?.initial_value).toContain('某局党组');
      expect(of('concluded')?.initial_date).toBeUndefined();
      expect(checkBlockKit('modal', { view })).toEqual([]);
    }
  });

  it('offers an open case for supervision, and not a concluded one', () => {
    const open = caseModal('zh-CN', { units: units(3), record, today: '2026-12-03' }).blocks as Block[];
    expect(open.find((b) => b.block_id === 'case_actions')?.elements).toEqual([{ type: 'button', action_id: 'case_list', value: 'JS-NJ-2026-C001', text: { type: 'plain_text', text: '挂牌督办' } }]);
    const concluded = caseModal('en', { units: units(3), record: { ...record, concluded: '2026-11-30' }, today: '2026-12-03' }).blocks as Block[];
    expect(concluded.find((b) => b.block_id === 'case_actions')).toBeUndefined();
    expect(concluded.find((b) => b.block_id === 'concluded')?.element?.initial_date).toBe('2026-11-30');
    // A new case has nothing to list yet.
    expect((caseModal('en', { units: units(3), today: '2026-12-03' }).blocks as Block[]).find((b) => b.block_id === 'case_actions')).toBeUndefined();
  });

  it('asks for the unit’s code when there are more units than a select holds', () => {
    for (const locale of locales) {
      const view = caseModal(locale, { units: units(101), record, today: '2026-12-03' });
      const unit = (view.blocks as Block[]).find((b) => b.block_id === 'unit')?.element;
      expect(unit?.type).toBe('plain_text_input');
      expect(unit?.initial_value).toBe('JS-2');
      expect(checkBlockKit('modal', { view })).toEqual([]);
      expect(checkBlockKit('modal', { view: caseModal(locale, { units: units(100), today: '2026-12-03' }) })).toEqual([]);
    }
  });
});

describe('casePickModal and caseRefusalView', () => {
  it('ask for a code, or say why not, in the reader’s language', () => {
    for (const locale of locales) {
      const pick = casePickModal(locale);
      expect(pick.callback_id).toBe(CASE_PICK);
      expect((pick.blocks as Block[])[0]).toMatchObject({ block_id: 'code', element: { type: 'plain_text_input' } });
      expect(checkBlockKit('modal', { view: pick })).toEqual([]);
      const refusal = caseRefusalView(locale, 'You supervise no unit.');
      expect(JSON.stringify(refusal.blocks)).toContain('You supervise no unit.');
      expect(checkBlockKit('modal', { view: refusal })).toEqual([]);
    }
    expect(casePickModal('zh-CN')).toMatchObject({ title: { text: '问责案件' } });
  });
});
