import type { KnownBlock } from '@slack/types';
import { t, type Locale } from '../../i18n/index.js';

/** The `/supervise` help, with a first line saying what was not understood when something was not. */
export function superviseHelp(locale: Locale, problem?: string): { text: string; blocks: KnownBlock[] } {
  const help = t(locale, 'supervise.help');
  const text = problem ? `${problem}\n${help}` : help;
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}
