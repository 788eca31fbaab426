import type { KnownBlock } from '@slack/types';
import { t, type Locale } from '../../i18n/index.js';
import type { SlackText } from './progress-messages.js';
import { extensionButton } from './finding-modal.js';
import { itemMenu } from './item-edit-modal.js';
import { reportButton } from './report-button.js';
import { submitButton } from './round-modal.js';
import { escape, escapeShort, fitMrkdwn, mention } from './text.js';

/** The platform-neutral data of a scheduled message, as the tick wrote it to the outbox. */
export interface ScheduledPayload {
  unit: string;
  item: string;
  title: string;
  due: string;
  owners: string[];
  reason?: 'silence' | 'overdue';
  silent_days?: number;
  overdue_days?: number;
  due_date?: string;
  milestone?: string;
  level?: 1 | 2;
  to?: string;
  /** A finding: the inspection it came from. */
  inspection?: string;
  /** A listed subject: its order's code. */
  order?: string;
  /** A unit's report in a report round: the round's code. */
  round?: string;
  /** What happened before an escalation, from the ledger (absent in rows written before it was recorded). */
  prompted_on?: string;
  reminded?: boolean;
  head_told?: boolean;
}

/** The sentence that says which earlier steps reached someone; nothing when it is not known. */
function stepsTaken(locale: Locale, p: ScheduledPayload): string | undefined {
  if (p.reminded === undefined) return undefined;
  if (p.level !== 2 || p.head_told === undefined) return t(locale, p.reminded ? 'schedule.reminded' : 'schedule.notReminded');
  if (p.reminded) return t(locale, p.head_told ? 'schedule.remindedHeadTold' : 'schedule.remindedHeadNotTold');
  return t(locale, p.head_told ? 'schedule.notRemindedHeadTold' : 'schedule.notRemindedHeadNotTold');
}

const mentions = (locale: Locale, users: string[]) => (users.length ? users.map(mention).join(' ') : t(locale, 'schedule.nobody'));
/** What a finding or a listed subject adds to a message about it. */
const marks = (locale: Locale, p: ScheduledPayload) => [
  ...(p.order ? [t(locale, 'schedule.listedBy', { order: escape(p.order) })] : []),
  ...(p.inspection ? [t(locale, 'schedule.findingOf', { inspection: escape(p.inspection) })] : []),
  ...(p.round ? [t(locale, 'rounds.roundOf', { round: escape(p.round) })] : []),
];
const withButton = (locale: Locale, p: ScheduledPayload, body: string, menu = false): SlackText => {
  const text = [body, ...marks(locale, p)].join(' ');
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: fitMrkdwn(text, 3000) } } as KnownBlock,
      // A finding's deadline can be asked to move (the service refuses once it has passed).
      // A unit's report in a round is submitted in its own modal, not reported on.
      p.round
        ? { type: 'actions', elements: [submitButton(locale, p.item)] }
        : { type: 'actions', elements: [reportButton(locale, p.item), ...(p.inspection ? [extensionButton(locale, p.item)] : []), ...(menu ? [itemMenu(locale, p.item, false)] : [])] },
    ],
  };
};
const plain = (text: string): SlackText => ({ text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: fitMrkdwn(text, 3000) } }] });
const named = (p: ScheduledPayload) => ({ code: escape(p.item), title: escapeShort(p.title, 200) });

/** The cycle's prompt in the unit's channel: names the item, mentions the owners, carries the button. */
export const promptMessage = (locale: Locale, p: ScheduledPayload): SlackText =>
  p.round
    ? withButton(locale, p, t(locale, 'rounds.prompt', { ...named(p), unit: escape(p.unit), due: p.due, owners: mentions(locale, p.owners) }))
    : withButton(locale, p, t(locale, 'schedule.prompt', { ...named(p), due: p.due, owners: mentions(locale, p.owners) }), true);

/** A reminder by DM to one owner: for silence, an overdue item or an overdue milestone. */
export function reminderMessage(locale: Locale, p: ScheduledPayload): SlackText {
  if (p.reason === 'overdue') {
    const text = p.milestone
      ? t(locale, 'schedule.reminderMilestone', { ...named(p), milestone: escapeShort(p.milestone, 200), date: p.due_date ?? p.due, days: p.overdue_days ?? 0 })
      : t(locale, 'schedule.reminderOverdue', { ...named(p), date: p.due_date ?? p.due, days: p.overdue_days ?? 0 });
    return withButton(locale, p, text);
  }
  return withButton(locale, p, t(locale, 'schedule.reminderSilence', { ...named(p), days: p.silent_days ?? 0 }));
}

/** The reminder's reply in the prompt's thread, rather than a new channel message. */
export const reminderThreadMessage = (locale: Locale, p: ScheduledPayload): SlackText =>
  plain(t(locale, 'schedule.reminderThread', { ...named(p), owners: mentions(locale, p.owners), days: p.silent_days ?? 0 }));

/** The unit head's notice (level 1, by DM) or the parent supervisor's (level 2, in the parent's channel). */
export function escalationMessage(locale: Locale, p: ScheduledPayload): SlackText {
  const owners = mentions(locale, p.owners);
  const what = p.milestone ? t(locale, 'schedule.theMilestone', { milestone: escapeShort(p.milestone, 200) }) : t(locale, 'schedule.theItem');
  const steps = stepsTaken(locale, p);
  const overdue = { ...named(p), unit: escape(p.unit), owners, date: p.due_date ?? p.due, days: p.overdue_days ?? 0, what, ...(steps && { steps }) };
  const silent = { ...named(p), unit: escape(p.unit), owners, days: p.silent_days ?? 0, ...(steps && { steps }), ...(p.prompted_on && { since: p.prompted_on }) };
  if (p.level === 2) {
    const to = mention(p.to ?? '');
    return plain([p.reason === 'overdue' ? t(locale, 'schedule.supervisorOverdue', { ...overdue, to }) : t(locale, 'schedule.supervisorSilence', { ...silent, to }), ...marks(locale, p)].join(' '));
  }
  return plain([p.reason === 'overdue' ? t(locale, 'schedule.headOverdue', overdue) : t(locale, 'schedule.headSilence', silent), ...marks(locale, p)].join(' '));
}
