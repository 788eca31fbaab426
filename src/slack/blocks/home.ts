import type { KnownBlock, View } from '@slack/types';
import type { Light } from '../../domain/lights.js';
import { t, type Locale } from '../../i18n/index.js';
import type { DeputyPeriod } from '../../domain/deputy-period.js';
import type { ItemState } from '../../domain/item-state.js';
import { caseHomeBlocks } from './case-modal.js';
import { deputyBlocks } from './deputy.js';
import { itemEditHomeBlocks } from './item-edit-modal.js';
import { REPORT_BUTTON } from './report-button.js';
import { reviewHomeBlocks } from './review-modal.js';
import { superviseHomeBlocks } from './supervise-modals.js';
import { escape, escapeShort, reportSummary } from './text.js';

export const HOME_PAGE = 'home_page';
/** Items per page: two blocks each, within the Home tab's 100 blocks with room for the header, deputy and paging. */
export const HOME_PAGE_SIZE = 40;

export const lightEmoji: Record<Light, string> = { grey: '⚪', blue: '🔵', green: '🟢', yellow: '🟡', red: '🔴' };

export interface HomeOptions {
  page: number;
  /** The person's deputy periods, shown with the buttons to change them. */
  deputies: DeputyPeriod[];
  timeZone: string;
  /** The date of an instant, written in the organisation's zone. */
  dateOf: (instant: Date) => string;
  /** For an admin: the coming year that has no holidays or 调休 data yet (see services/calendar-years.ts). */
  calendarYear?: number | null;
  /** Whether the person supervises a unit (or is an admin): then the case buttons are shown. */
  recordsCases?: boolean;
  /** Whether the person supervises a unit (or is an admin): then the inspection and listing buttons are shown. */
  supervises?: boolean;
  /** Whether the person may edit a list (an admin, or a unit head): then the edit buttons are shown. */
  editsLists?: boolean;
  /** Whether the person may hold a unit's year-end review (its head, a supervisor, an admin): then its button is shown. */
  holdsReviews?: boolean;
}

/**
 * The App Home tab: the person's items with light, latest report and due date, each with a
 * "Report progress" button; paged so that no page passes Slack's 100 blocks.
 */
export function homeView(locale: Locale, items: ItemState[], options: HomeOptions): View {
  const pages = Math.max(1, Math.ceil(items.length / HOME_PAGE_SIZE));
  const page = Math.min(Math.max(1, options.page), pages);
  const shown = items.slice((page - 1) * HOME_PAGE_SIZE, page * HOME_PAGE_SIZE);
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: t(locale, 'home.title') } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: items.length ? t(locale, 'home.intro', { count: items.length }) : t(locale, 'home.empty') }] },
    ...(options.calendarYear ? [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text: `:warning: ${t(locale, 'calendar.missingYear', { year: options.calendarYear })}` } }] : []),
    ...deputyBlocks(locale, options.deputies),
    ...(options.recordsCases ? caseHomeBlocks(locale) : []),
    ...(options.supervises ? superviseHomeBlocks(locale) : []),
    ...(options.editsLists ? itemEditHomeBlocks(locale) : []),
    ...(options.holdsReviews ? reviewHomeBlocks(locale) : []),
    { type: 'divider' },
  ];
  for (const item of shown) {
    const report = item.lastReportAt ? t(locale, 'home.lastReport', { date: options.dateOf(item.lastReportAt), summary: reportSummary(locale, item, 200) }) : t(locale, 'home.noReport');
    blocks.push(
      {
        type: 'section',
        text: { type: 'mrkdwn', text: `${lightEmoji[item.light]} *${escape(item.code)}* ${escapeShort(item.title, 200)}\n${t(locale, `light.${item.light}`)} · ${t(locale, 'home.due', { date: item.due })}` },
        ...(!item.closed && {
          accessory: { type: 'button', action_id: REPORT_BUTTON, value: item.code, text: { type: 'plain_text', text: t(locale, 'button.report') } },
        }),
      },
      { type: 'context', elements: [{ type: 'mrkdwn', text: report }] },
    );
  }
  if (pages > 1) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: t(locale, 'home.page', { page, pages }) }] });
    const buttons = [
      ...(page > 1 ? [{ type: 'button' as const, action_id: `${HOME_PAGE}_previous`, value: String(page - 1), text: { type: 'plain_text' as const, text: t(locale, 'home.previous') } }] : []),
      ...(page < pages ? [{ type: 'button' as const, action_id: `${HOME_PAGE}_next`, value: String(page + 1), text: { type: 'plain_text' as const, text: t(locale, 'home.next') } }] : []),
    ];
    blocks.push({ type: 'actions', elements: buttons });
  }
  return { type: 'home', blocks };
}
