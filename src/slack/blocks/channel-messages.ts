import type { KnownBlock } from '@slack/types';
import { t, type Locale } from '../../i18n/index.js';
import type { SlackText } from './progress-messages.js';
import { escapeShort, shorten } from './text.js';

/** A unit's new channel (outbox `channel_welcome`): the unit, and the channel it moved from, after a move. */
export interface WelcomeFacts {
  unit: string;
  name: string;
  moved_from?: string | undefined;
}

/** A unit's old channel after a move (outbox `channel_moved`): the channel it is in now. */
export interface MovedFacts {
  unit: string;
  name: string;
  to: string;
}

const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });

/**
 * The welcome posted once in each channel a unit gets: what Zeren is, how to report with
 * `/progress`, where App Home is; after a move, also where the unit came from.
 */
export function welcomeMessage(locale: Locale, payload: WelcomeFacts): SlackText {
  const title = (name: string, unit: string) => t(locale, 'listlife.welcomeTitle', { name, unit });
  const moved = payload.moved_from ? t(locale, 'listlife.welcomeMoved', { from: payload.moved_from }) : undefined;
  const paragraphs = [t(locale, 'listlife.welcomeWhat'), t(locale, 'listlife.welcomeProgress'), t(locale, 'listlife.welcomeHome')];
  return {
    text: [title(shorten(payload.name, 200), shorten(payload.unit, 100)), ...(moved ? [moved] : [])].join(' '),
    blocks: [
      section(title(escapeShort(payload.name, 500), escapeShort(payload.unit, 200))),
      ...(moved ? [section(moved)] : []),
      ...paragraphs.map(section),
    ],
  };
}

/** Told in a unit's old channel: the unit has moved to another, which is named. */
export function channelMovedMessage(locale: Locale, payload: MovedFacts): SlackText {
  const text = (name: string, unit: string) => t(locale, 'listlife.channelMoved', { name, unit, to: payload.to });
  return { text: text(shorten(payload.name, 200), shorten(payload.unit, 100)), blocks: [section(text(escapeShort(payload.name, 500), escapeShort(payload.unit, 200)))] };
}
