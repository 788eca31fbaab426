import type { Digest } from '../domain/digest.js';
import { t, type Locale } from '../i18n/index.js';
import type { OutboxMessage } from '../outbox/outbox.js';
import { escalationMessage, promptMessage, reminderMessage, reminderThreadMessage, type ScheduledPayload } from './blocks/schedule-messages.js';
import { shorten } from './blocks/text.js';

/**
 * The first line of what a scheduled outbox message would say, rendered as the dispatcher would
 * (in one language, with no Slack call): `zeren tick --dry-run` prints it.
 */
export function previewLine(locale: Locale, message: Pick<OutboxMessage, 'kind' | 'payload'>): string {
  const payload = message.payload as unknown as ScheduledPayload;
  const text = (() => {
    switch (message.kind) {
      case 'prompt':
        return promptMessage(locale, payload).text;
      case 'reminder':
        return reminderMessage(locale, payload).text;
      case 'reminder_thread':
        return reminderThreadMessage(locale, payload).text;
      case 'escalation':
        return escalationMessage(locale, payload).text;
      case 'digest': {
        const digest = message.payload as unknown as Digest;
        return t(locale, 'digest.title', { unit: digest.unit, name: digest.name, week: digest.week });
      }
      case 'digest_chart':
        return t(locale, 'cli.previewChart');
      default:
        return message.kind;
    }
  })();
  return shorten(text.split('\n')[0] ?? '', 200);
}
