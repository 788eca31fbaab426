import type { Button } from '@slack/types';
import { t, type Locale } from '../../i18n/index.js';

/** The action of every "Report progress" button; its value is the item's code. */
export const REPORT_BUTTON = 'report_progress';

export const reportButton = (locale: Locale, code: string): Button => ({
  type: 'button',
  action_id: REPORT_BUTTON,
  value: code,
  style: 'primary',
  text: { type: 'plain_text', text: t(locale, 'button.report') },
});
