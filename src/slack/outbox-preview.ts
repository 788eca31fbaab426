import { t, type Locale } from '../i18n/index.js';
import type { OutboxMessage } from '../outbox/outbox.js';
import { escalationMessage, escalationsMessage, promptMessage, promptsMessage, reminderMessage, remindersMessage, reminderThreadMessage, reminderThreadsMessage } from './blocks/schedule-messages.js';
import { shorten } from './blocks/text.js';

/**
 * The first line of what a scheduled outbox message would say, rendered as the dispatcher would
 * (in one language, with no Slack call): `zeren tick --dry-run` prints it.
 */
export function previewLine(locale: Locale, message: OutboxMessage): string {
  const text = (() => {
    switch (message.kind) {
      case 'prompt':
        return promptMessage(locale, message.payload).text;
      case 'reminder':
        return reminderMessage(locale, message.payload).text;
      case 'reminder_thread':
        return reminderThreadMessage(locale, message.payload).text;
      case 'prompts':
        return promptsMessage(locale, message.payload).text;
      case 'reminders':
        return remindersMessage(locale, message.payload).text;
      case 'reminder_threads':
        return reminderThreadsMessage(locale, message.payload).text;
      case 'escalations':
        return escalationsMessage(locale, message.payload).text;
      case 'escalation':
        return escalationMessage(locale, message.payload).text;
      case 'digest':
        return t(locale, 'digest.title', { unit: message.payload.unit, name: message.payload.name, week: message.payload.week });
      case 'digest_chart':
        return t(locale, 'cli.previewChart');
      default:
        return message.kind;
    }
  })();
  // A grouped message's first line is its heading: the items it carries follow, by code.
  const grouped = message.kind === 'prompts' || message.kind === 'reminders' || message.kind === 'reminder_threads' || message.kind === 'escalations';
  const items = grouped ? ` [${message.payload.items.map((line) => line.item).join(', ')}]` : '';
  return shorten(`${text.split('\n')[0] ?? ''}${items}`, 200);
}
