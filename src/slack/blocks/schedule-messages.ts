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

/** One line of a grouped prompt or reminder: an item, with what is said of it. */
type GroupLine = Omit<ScheduledPayload, 'unit'>;

/** A line's button: a round's report is submitted in its own modal, everything else reported on. */
const lineButton = (locale: Locale, line: GroupLine) => (line.round ? submitButton(locale, line.item) : reportButton(locale, line.item));

/** A line (with what a finding or a listed subject adds) and its button beside it, then a finding's extension button. */
function groupLine(locale: Locale, line: GroupLine, said: string): { text: string; blocks: KnownBlock[] } {
  const text = [said, ...marks(locale, { ...line, unit: '' })].join(' ');
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: fitMrkdwn(text, 3000) }, accessory: lineButton(locale, line) },
      ...(line.inspection ? [{ type: 'actions', elements: [extensionButton(locale, line.item)] } as KnownBlock] : []),
    ],
  };
}

/** What a reminder line says: silent for N days, or due on a date and N days overdue (item or milestone). */
function reminderLine(locale: Locale, line: GroupLine): string {
  const item = named({ ...line, unit: '' });
  if (line.reason !== 'overdue') return t(locale, 'schedule.lineSilent', { ...item, days: line.silent_days ?? 0 });
  return line.milestone
    ? t(locale, 'schedule.lineMilestoneOverdue', { ...item, milestone: escapeShort(line.milestone, 200), date: line.due_date ?? line.due, days: line.overdue_days ?? 0 })
    : t(locale, 'schedule.lineOverdue', { ...item, date: line.due_date ?? line.due, days: line.overdue_days ?? 0 });
}

const grouped = (heading: string, lines: { text: string; blocks: KnownBlock[] }[]): SlackText => ({
  text: fitMrkdwn([heading, ...lines.map((line) => line.text)].join('\n'), 3000),
  blocks: [{ type: 'section', text: { type: 'mrkdwn', text: fitMrkdwn(heading, 3000) } }, ...lines.flatMap((line) => line.blocks)],
});

/**
 * One prompt for a unit's items due at the same instant (SPEC §2.4): the owners named once at the
 * top, then a line and a report button per item.
 */
export function promptsMessage(locale: Locale, p: { unit: string; owners: string[]; items: (GroupLine & { cycle: string })[] }): SlackText {
  const heading = t(locale, 'schedule.prompts', { unit: escape(p.unit), count: p.items.length, owners: mentions(locale, p.owners) });
  return grouped(
    heading,
    p.items.map((line) => groupLine(locale, line, t(locale, 'schedule.promptLine', { ...named({ ...line, unit: p.unit }), due: line.due }))),
  );
}

/** An owner's reminders of one tick in one DM: a line and a report button per item they are silent or late on. */
export function remindersMessage(locale: Locale, p: { unit: string; items: GroupLine[] }): SlackText {
  const heading = t(locale, 'schedule.reminders', { unit: escape(p.unit), count: p.items.length });
  return grouped(
    heading,
    p.items.map((line) => groupLine(locale, line, reminderLine(locale, line))),
  );
}

/** The reminders of one prompt message in one reply in its thread, each line naming its owners. */
export function reminderThreadsMessage(locale: Locale, p: { unit: string; items: GroupLine[] }): SlackText {
  const lines = p.items.map((line) => t(locale, 'schedule.threadLine', { ...named({ ...line, unit: p.unit }), owners: mentions(locale, line.owners), days: line.silent_days ?? 0 }));
  // A section per line: twenty long lines would not fit one section's 3,000 characters.
  return grouped(
    t(locale, 'schedule.reminderThreads', { count: p.items.length }),
    lines.map((text) => ({ text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: fitMrkdwn(text, 3000) } }] })),
  );
}

/**
 * The escalations of one tick about one unit's items in one message: the unit head's (level 1,
 * by DM) or the watching supervisor's (level 2, in the watching unit's channel), a line per item.
 */
export function escalationsMessage(locale: Locale, p: { unit: string; level: 1 | 2; to: string; items: GroupLine[] }): SlackText {
  const lines = p.items.map((line) => {
    const payload = { ...line, unit: p.unit, level: p.level };
    const steps = stepsTaken(locale, payload);
    const common = { ...named(payload), owners: mentions(locale, line.owners), ...(steps && { steps }) };
    const text =
      line.reason === 'overdue'
        ? t(locale, 'schedule.escalationLineOverdue', {
            ...common,
            date: line.due_date ?? line.due,
            days: line.overdue_days ?? 0,
            what: line.milestone ? t(locale, 'schedule.theMilestone', { milestone: escapeShort(line.milestone, 200) }) : t(locale, 'schedule.theItem'),
          })
        : t(locale, 'schedule.escalationLineSilence', { ...common, days: line.silent_days ?? 0, ...(line.prompted_on && { since: line.prompted_on }) });
    return [text, ...marks(locale, payload)].join(' ');
  });
  const heading = p.level === 2 ? t(locale, 'schedule.supervisorEscalations', { to: mention(p.to), unit: escape(p.unit), count: p.items.length }) : t(locale, 'schedule.headEscalations', { unit: escape(p.unit), count: p.items.length });
  return grouped(heading, lines.map((text) => ({ text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: fitMrkdwn(text, 3000) } }] })));
}
