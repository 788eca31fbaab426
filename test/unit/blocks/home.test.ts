import { describe, expect, it } from 'vitest';
import type { ItemState } from '../../../src/domain/item-state.js';
import { HOME_PAGE, HOME_PAGE_SIZE, homeView } from '../../../src/slack/blocks/home.js';
import { REPORT_BUTTON } from '../../../src/slack/blocks/report-button.js';
import { checkBlockKit } from '../../support/blockkit-limits.js';

const item = (i: number, extra: Partial<ItemState> = {}): ItemState => ({
  unit: 'JS-NJ',
  year: 2026,
  code: `NJ-${String(i).padStart(3, '0')}`,
  title: `R&D <!channel> 细化责任清单 ${'很长的标题'.repeat(60)}`,
  responsibility: 'primary',
  owners: ['U0OWN'],
  start: '2026-01-01',
  due: '2026-12-31',
  percent: 40,
  status: 'on_track',
  note: 'note <@U0EVIL> &',
  approval: 'none',
  lastReportAt: new Date('2026-11-20T03:00:00Z'),
  listSignedAt: null,
  closed: false,
  finding: null,
  listed: null,
  tracksCase: false,
  listKind: 'responsibility',
  silentDays: 0,
  light: 'green',
  ...extra,
});
const options = { page: 1, deputies: [], timeZone: 'Asia/Shanghai', dateOf: (d: Date) => d.toISOString().slice(0, 10) };
type Block = { type: string; text?: { text: string }; accessory?: { action_id: string; value: string }; elements?: { action_id?: string; value?: string; text?: string }[] };

describe('homeView', () => {
  it('lists the items with light, escaped title and a report button, in the reader’s language', () => {
    for (const [locale, title] of [
      ['en', 'Your responsibility items'],
      ['zh-CN', '我的责任事项'],
    ] as const) {
      const view = homeView(locale, [item(1), item(2, { closed: true, lastReportAt: null, light: 'red' })], options);
      expect(view.type).toBe('home');
      const blocks = view.blocks as Block[];
      expect(blocks[0]).toMatchObject({ type: 'header', text: { text: title } });
      const sections = blocks.filter((b) => b.type === 'section' && b.text?.text.includes('NJ-00'));
      expect(sections).toHaveLength(2);
      expect(sections[0]?.text?.text).toContain('🟢 *NJ-001* R&amp;D &lt;!channel&gt;');
      expect(sections[0]?.accessory).toMatchObject({ action_id: REPORT_BUTTON, value: 'NJ-001' });
      expect(sections[1]?.accessory).toBeUndefined();
      expect(sections[1]?.text?.text).toContain('🔴');
      const json = JSON.stringify(view);
      expect(json).not.toContain('<!channel>');
      expect(json).not.toContain('<@U0EVIL>');
      expect(json).toContain('2026-11-20');
      expect(checkBlockKit('home', { view })).toEqual([]);
    }
    expect(JSON.stringify(homeView('en', [], options))).toContain('You have no items yet');
  });

  it('pages the items within the 100 blocks, with next and previous buttons carrying the page', () => {
    const items = Array.from({ length: HOME_PAGE_SIZE * 2 + 5 }, (_, i) => item(i));
    for (const locale of ['en', 'zh-CN'] as const) {
      for (const page of [1, 2, 3]) {
        const view = homeView(locale, items, { ...options, page, deputies: [{ id: 1, deputy: 'U09DEP', startsOn: '2026-11-30', endsOn: '2026-12-11' }], calendarYear: 2027, recordsCases: true, supervises: true, editsLists: true, holdsReviews: true });
        expect(checkBlockKit('home', { view })).toEqual([]);
        const paging = (view.blocks as Block[]).at(-1);
        const ids = paging?.elements?.map((e) => e.action_id);
        expect(ids).toEqual([...(page > 1 ? [`${HOME_PAGE}_previous`] : []), ...(page < 3 ? [`${HOME_PAGE}_next`] : [])]);
        if (page === 2) expect(paging?.elements?.map((e) => e.value)).toEqual(['1', '3']);
      }
    }
    const first = homeView('en', items, options).blocks as Block[];
    expect(first.filter((b) => b.accessory?.action_id === REPORT_BUTTON)).toHaveLength(HOME_PAGE_SIZE);
    expect(JSON.stringify(first)).toContain('Page 1 of 3');
    const last = homeView('zh-CN', items, { ...options, page: 99 }).blocks as Block[];
    expect(last.filter((b) => b.accessory?.action_id === REPORT_BUTTON)).toHaveLength(5);
    expect(JSON.stringify(last)).toContain('第 3 页，共 3 页');
  });
});
