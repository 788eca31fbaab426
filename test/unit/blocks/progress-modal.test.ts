import { describe, expect, it } from 'vitest';
import { progressModal, refusalModal } from '../../../src/slack/blocks/progress-modal.js';
import { checkBlockKit } from '../../support/blockkit-limits.js';

const items = (n: number) => Array.from({ length: n }, (_, i) => ({ code: `NJ-${String(i).padStart(3, '0')}`, title: `细化责任清单 ${'很长的标题'.repeat(20)} ${i}` }));
type Block = { block_id?: string; element?: { options?: { value: string }[]; initial_option?: { value: string } } };

describe('progressModal', () => {
  it('offers the items, the chosen one preselected, and carries its metadata, in the reader’s language', () => {
    const view = progressModal('en', items(3), 'NJ-001', { origin: 'button', channel: 'C0NJ' });
    expect(view).toMatchObject({ type: 'modal', title: { text: 'Report progress' } });
    const picker = (view.blocks as Block[]).find((block) => block.block_id === 'item');
    expect(picker?.element?.options?.map((option) => option.value)).toEqual(['NJ-000', 'NJ-001', 'NJ-002']);
    expect(picker?.element?.initial_option?.value).toBe('NJ-001');
    expect(JSON.parse(view.private_metadata as string)).toEqual({ origin: 'button', channel: 'C0NJ' });
    expect(progressModal('zh-CN', items(1), undefined, { origin: 'modal' })).toMatchObject({ title: { text: '报告进展' } });
    expect(checkBlockKit('modal', { view })).toEqual([]);
  });

  it('stays within Block Kit’s limits with more items than a select holds and long titles, and offers milestones', () => {
    const view = progressModal('zh-CN', items(250), 'NJ-200', { origin: 'modal' }, [{ position: 0, title: '初稿'.repeat(60), due: '2026-12-01' }]);
    expect(checkBlockKit('modal', { view })).toEqual([]);
    expect((view.blocks as Block[]).some((block) => block.block_id === 'milestone')).toBe(true);
  });
});

describe('refusalModal', () => {
  it('says why, within the limits', () => {
    const view = refusalModal('en', 'You are not an owner of NJ-01');
    expect(JSON.stringify(view.blocks)).toContain('You are not an owner of NJ-01');
    expect(checkBlockKit('modal', { view })).toEqual([]);
  });
});
