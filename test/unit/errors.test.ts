import { describe, expect, it } from 'vitest';
import { errorBody, errors, failure, isCodedError } from '../../src/errors.js';
import { t, type MessageKey } from '../../src/i18n/index.js';

const entries = Object.entries(errors);

describe('the error catalogue', () => {
  it('gives every error its own wire name, an HTTP status and a message in both languages', () => {
    expect(new Set(entries.map(([, definition]) => definition.name)).size).toBe(entries.length);
    for (const [id, definition] of entries) {
      expect(definition.name, id).toMatch(/^[a-z_]+$/);
      expect(definition.status, id).toBeGreaterThanOrEqual(400);
      expect(definition.status, id).toBeLessThan(600);
      for (const locale of ['en', 'zh-CN'] as const) {
        const render = t as (locale: 'en' | 'zh-CN', key: MessageKey, params?: unknown) => string;
        expect(render(locale, definition.key, { code: 'X', limit: 1, seconds: 1, command: 'x', id: 1, unit: 'X', reason: 'x', pending: 1, format: 'x' }).length, `${id} ${locale}`).toBeGreaterThan(0);
      }
    }
  });

  it('keeps the names scripts and Slack read', () => {
    expect([errors.slackSignatureInvalid, errors.slackBodyUnreadable, errors.slackStarting].map((definition) => [definition.name, definition.status])).toEqual([
      ['invalid_signature', 401],
      ['unreadable_body', 400],
      ['starting', 503],
    ]);
    expect(errorBody(errors.exportUnknownUnit, 'en', { code: 'NOPE' })).toEqual({ error: 'unknown_unit', message: 'there is no unit NOPE' });
  });

  it('makes the one-line failure the CLI prints, in the reader’s language', () => {
    const error = failure(errors.unknownCommand, 'zh-CN', { command: 'frobnicate' });
    expect(isCodedError(error)).toBe(true);
    expect(error.message).toBe('未知命令“frobnicate”；运行 zeren --help 查看用法');
    expect(error.definition).toBe(errors.unknownCommand);
  });
});
