import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHARED_SLACK_DIR, slackReferencePath, VENDORED_SLACK_DIR } from '../support/slack-reference.js';

const vendored = readdirSync(VENDORED_SLACK_DIR).filter((name) => name !== 'README.md');

describe('the Slack reference data', () => {
  it('is vendored with its licences', () => {
    expect(vendored).toEqual(expect.arrayContaining(['manifest.schema.1.0.0.json', 'manifest.schema.2.0.0.json', 'blockkit_limits.json', 'LICENSE.manifest-schema', 'LICENSE.slackblocks']));
  });

  it.runIf(existsSync(SHARED_SLACK_DIR))('the copies are the files of ../shared/slack, byte for byte', () => {
    for (const name of vendored) expect(readFileSync(join(VENDORED_SLACK_DIR, name)).equals(readFileSync(join(SHARED_SLACK_DIR, name))), name).toBe(true);
  });

  it('prefers the first directory that has the file, and says which it looked in when none has', () => {
    const missing = '/nonexistent/shared/slack/';
    expect(slackReferencePath('blockkit_limits.json', [missing, VENDORED_SLACK_DIR])).toBe(join(VENDORED_SLACK_DIR, 'blockkit_limits.json'));
    expect(() => slackReferencePath('blockkit_limits.json', [missing])).toThrow('Slack reference file blockkit_limits.json not found in /nonexistent/shared/slack/');
  });
});
