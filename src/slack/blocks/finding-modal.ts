import type { Button, View } from '@slack/types';
import { t, type Locale } from '../../i18n/index.js';
import { escape, shorten } from './text.js';

/** The action of every "Request extension" button on a finding; its value is the finding's code. */
export const EXTENSION_BUTTON = 'finding_extension';
export const EXTENSION_MODAL = 'finding_extension_modal';

export const extensionButton = (locale: Locale, code: string): Button => ({
  type: 'button',
  action_id: EXTENSION_BUTTON,
  value: code,
  text: { type: 'plain_text', text: t(locale, 'finding.extensionButton') },
});

/** The modal asking for a later deadline for a finding, and why. */
export function extensionModal(locale: Locale, finding: { code: string; title: string; due: string }, metadata: { channel?: string | undefined }): View {
  return {
    type: 'modal',
    callback_id: EXTENSION_MODAL,
    private_metadata: JSON.stringify({ code: finding.code, ...metadata }),
    title: { type: 'plain_text', text: t(locale, 'finding.extensionTitle') },
    submit: { type: 'plain_text', text: t(locale, 'finding.extensionSubmit') },
    close: { type: 'plain_text', text: t(locale, 'modal.close') },
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: shorten(t(locale, 'finding.extensionIntro', { code: escape(finding.code), title: escape(shorten(finding.title, 200)), due: finding.due }), 3000) } },
      { type: 'input', block_id: 'to', label: { type: 'plain_text', text: t(locale, 'finding.extensionTo') }, element: { type: 'datepicker', action_id: 'to', initial_date: finding.due } },
      { type: 'input', block_id: 'because', label: { type: 'plain_text', text: t(locale, 'finding.extensionBecause') }, element: { type: 'plain_text_input', action_id: 'because', multiline: true, max_length: 2000 } },
    ],
  };
}
