import { circularMessage, circularReminderMessage } from './blocks/circular-messages.js';
import { channelMovedMessage, welcomeMessage } from './blocks/channel-messages.js';
import type { WebClient } from '@slack/web-api';
import { t, type Locale } from '../i18n/index.js';
import type { ClaimedMessage, Deliver } from '../outbox/dispatcher.js';
import type { PayloadOf } from '../outbox/messages.js';
import { Resvg } from '@resvg/resvg-js';
import { existsSync } from 'node:fs';
import { fourFormsChart, lightsChart, stackCharts } from '../domain/chart.js';
import { digestMessage } from './blocks/digest.js';
import { approvalOutcome, approvalRequest } from './blocks/approval-messages.js';
import { deputyNotice } from './blocks/deputy.js';
import { reportNotice, type SlackText } from './blocks/progress-messages.js';
import { ratingMessage, submissionMessage } from './blocks/round-modal.js';
import { escalationMessage, escalationsMessage, promptMessage, promptsMessage, reminderMessage, remindersMessage, reminderThreadMessage, reminderThreadsMessage } from './blocks/schedule-messages.js';
import { escape, shorten } from './blocks/text.js';
import { metadataFor } from './outbox-metadata.js';

// Scanning the system's fonts costs more than drawing a chart: one known font file is used when
// the machine has one (the chart's labels are ASCII), else the scan.
const FONT_FILES = ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf', '/usr/share/fonts/TTF/DejaVuSans.ttf'];
let font: { fontFiles: string[]; loadSystemFonts: boolean } | undefined;
const chartFont = () => {
  if (!font) {
    const file = FONT_FILES.find((path) => existsSync(path));
    font = file ? { fontFiles: [file], loadSystemFonts: false } : { fontFiles: [], loadSystemFonts: true };
  }
  return font;
};

export interface OutboxDeliveryDeps {
  /** A client that does not retry by itself: the dispatcher decides on 429s and 5xx. */
  client: WebClient;
  /** The organisation's language, for messages in shared channels. */
  channelLocale: Locale;
  /** A person's language, for direct messages. */
  localeOf: (user: string) => Promise<Locale>;
  /** Where an earlier outbox message was posted (for replies in a prompt's thread). */
  postedAs: (key: string) => Promise<{ channel: string; ts: string } | null>;
}

function memberDeactivated(locale: Locale, payload: PayloadOf<'member_deactivated'>): SlackText {
  const role = payload.roles.find((r): r is 'head' | 'supervisor' => r !== 'owner');
  const text = payload.items.length
    ? t(locale, 'channels.memberDeactivated', { user: payload.user, unit: escape(payload.unit), count: payload.items.length, items: escape(shorten(payload.items.join(', '), 2000)) })
    : t(locale, 'channels.memberDeactivatedRole', { user: payload.user, unit: escape(payload.unit), role: t(locale, `channels.role.${role ?? 'head'}`) });
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `⚠️ ${text}` } }] };
}

/**
 * Renders outbox messages into Slack messages at send time, in the reader's language, and posts
 * them. Each message carries the outbox key in its metadata, for the record.
 */
export function slackDelivery(deps: OutboxDeliveryDeps): Deliver {
  const post = async (message: ClaimedMessage, channel: string, content: SlackText, threadTs?: string) => {
    const answer = await deps.client.chat.postMessage({ channel, ...content, metadata: metadataFor(message), ...(threadTs && { thread_ts: threadTs }) });
    return { ts: answer.ts, channel: answer.channel };
  };
  // A reminder replies in its prompt's thread; if the prompt was never posted there, in the channel itself.
  const threadOf = async (prompt: string, lane: string) => {
    const posted = await deps.postedAs(prompt);
    return posted?.channel === lane ? posted.ts : undefined;
  };
  // Shared channels hear the organisation's language; a person, their own.
  const localeFor = (lane: string) => (/^[UW]/.test(lane) ? deps.localeOf(lane) : Promise.resolve(deps.channelLocale));
  return async (message) => {
    switch (message.kind) {
      case 'report_notice':
        return post(message, message.payload.channel, reportNotice(deps.channelLocale, message.payload));
      case 'member_deactivated':
        return post(message, message.lane, memberDeactivated(await deps.localeOf(message.lane), message.payload));
      case 'prompt':
        return post(message, message.lane, promptMessage(deps.channelLocale, message.payload));
      case 'reminder':
        return post(message, message.lane, reminderMessage(await deps.localeOf(message.lane), message.payload));
      case 'reminder_thread':
        return post(message, message.lane, reminderThreadMessage(deps.channelLocale, message.payload), await threadOf(message.payload.prompt, message.lane));
      case 'prompts':
        return post(message, message.lane, promptsMessage(deps.channelLocale, message.payload));
      case 'reminders':
        return post(message, message.lane, remindersMessage(await deps.localeOf(message.lane), message.payload));
      case 'reminder_threads':
        return post(message, message.lane, reminderThreadsMessage(deps.channelLocale, message.payload), await threadOf(message.payload.prompt, message.lane));
      case 'escalations':
        return post(message, message.lane, escalationsMessage(await localeFor(message.lane), message.payload));
      case 'escalation':
        return post(message, message.lane, escalationMessage(await localeFor(message.lane), message.payload));
      case 'approval_request':
        return post(message, message.lane, approvalRequest(await localeFor(message.lane), message.payload));
      case 'approval_outcome':
        return post(message, message.lane, approvalOutcome(await deps.localeOf(message.lane), message.payload));
      case 'digest':
        return post(message, message.lane, digestMessage(deps.channelLocale, message.payload));
      case 'digest_chart': {
        const payload = message.payload;
        const svg = payload.forms ? stackCharts([lightsChart(payload.weeks), fourFormsChart(payload.forms)]) : lightsChart(payload.weeks);
        const png = new Resvg(svg, { font: chartFont() }).render().asPng();
        const digest = await deps.postedAs(payload.digest);
        const file = { file: Buffer.from(png), filename: `zeren-${payload.unit}-${payload.week}.png`, title: `${payload.unit} ${payload.week}` };
        // In the digest's thread when the digest was posted; in the channel otherwise.
        await deps.client.filesUploadV2(
          digest?.channel === message.lane ? { ...file, channel_id: message.lane, thread_ts: digest.ts } : { ...file, channel_id: message.lane },
        );
        return { channel: message.lane };
      }
      case 'circular_reminder':
        return post(message, message.lane, circularReminderMessage(await deps.localeOf(message.lane), message.payload));
      case 'circular':
        return post(message, message.lane, circularMessage(deps.channelLocale, message.payload));
      case 'round_submission':
        return post(message, message.lane, submissionMessage(await deps.localeOf(message.lane), message.payload));
      case 'round_rating':
        return post(message, message.lane, ratingMessage(await deps.localeOf(message.lane), message.payload));
      case 'deputy_notice':
        return post(message, message.lane, deputyNotice(await localeFor(message.lane), message.payload));
      case 'channel_welcome':
        return post(message, message.lane, welcomeMessage(deps.channelLocale, message.payload));
      case 'channel_moved':
        return post(message, message.lane, channelMovedMessage(deps.channelLocale, message.payload));
      default: {
        // Every kind of messages.ts has its case: a new kind without one does not compile.
        const unhandled: never = message;
        throw new Error(`no renderer for outbox messages of kind "${(unhandled as { kind: string }).kind}"`);
      }
    }
  };
}
