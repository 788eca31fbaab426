import { describe, expect, it } from 'vitest';
import { DEPUTY_END, DEPUTY_MODAL, DEPUTY_OPEN, deputyBlocks, deputyModal } from '../../../src/slack/blocks/deputy.js';
import { checkBlockKit } from '../../support/blockkit-limits.js';

type Block = { block_id?: string; element?: { initial_date?: string; initial_user?: string } };

describe('deputyBlocks', () => {
  it('shows each period with its deputy and dates, or that there is none, with the buttons', () => {
    const named = JSON.stringify(deputyBlocks('en', [{ id: 1, deputy: 'U09DEP', startsOn: '2026-11-30', endsOn: '2026-12-11' }]));
    expect(named).toContain('Your deputy: <@U09DEP>, 2026-11-30 to 2026-12-11.');
    expect(named).toContain(DEPUTY_OPEN);
    expect(named).toContain(DEPUTY_END);
    expect(JSON.stringify(deputyBlocks('en', []))).toContain('No deputy');
    for (const periods of [[], [{ id: 1, deputy: 'U09DEP', startsOn: '2026-11-30', endsOn: '2026-12-11' }]]) {
      expect(checkBlockKit('home', { view: { type: 'home', blocks: deputyBlocks('zh-CN', periods) } })).toEqual([]);
    }
  });
});

describe('deputyModal', () => {
  it('opens on today, for the person, within the limits, in the reader’s language', () => {
    const view = deputyModal('en', { today: '2026-11-25', user: 'U03OWN', maxDays: 90 });
    expect(view).toMatchObject({ type: 'modal', callback_id: DEPUTY_MODAL, title: { text: 'Name a deputy' } });
    expect((view.blocks as Block[]).find((block) => block.block_id === 'starts_on')?.element?.initial_date).toBe('2026-11-25');
    expect(checkBlockKit('modal', { view })).toEqual([]);
    expect(checkBlockKit('modal', { view: deputyModal('zh-CN', { today: '2026-11-25', user: 'U03OWN', maxDays: 90 }) })).toEqual([]);
  });
});
