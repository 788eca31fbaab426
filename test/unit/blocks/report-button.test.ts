import { describe, expect, it } from 'vitest';
import { REPORT_BUTTON, reportButton } from '../../../src/slack/blocks/report-button.js';
import { checkBlockKit } from '../../support/blockkit-limits.js';

describe('reportButton', () => {
  it('carries the item’s code under the one action id, labelled in the reader’s language, within the limits', () => {
    for (const [locale, label] of [
      ['en', 'Report progress'],
      ['zh-CN', '报告进展'],
    ] as const) {
      const button = reportButton(locale, 'NJ-2016-01');
      expect(button).toMatchObject({ type: 'button', action_id: REPORT_BUTTON, value: 'NJ-2016-01', text: { type: 'plain_text', text: label } });
      expect(checkBlockKit('message', { text: 'x', blocks: [{ type: 'actions', elements: [button] }] })).toEqual([]);
    }
  });
});
