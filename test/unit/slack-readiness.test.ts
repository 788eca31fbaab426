import type { WebClient } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { slackMethodOf } from '../../src/app/metrics.js';
import { slackReadiness } from '../../src/app/slack-readiness.js';

/** A client whose auth.test answers from a script, counting the calls. */
function scripted(answers: (() => Promise<unknown>)[]) {
  let calls = 0;
  const client = { auth: { test: () => (answers[calls++] ?? answers[answers.length - 1] ?? (() => Promise.resolve({})))() } } as unknown as WebClient;
  return { client: () => client, calls: () => calls };
}

const platformError = (error: string) => Object.assign(new Error(error), { code: 'slack_webapi_platform_error', data: { ok: false, error } });

describe('slackReadiness', () => {
  it('is not ready before start authenticated, then believes the answer for a while instead of asking Slack at every probe', async () => {
    let now = 0;
    const slack = scripted([() => Promise.reject(platformError('token_revoked')), () => Promise.resolve({ ok: true })]);
    const readiness = slackReadiness({ client: slack.client, okForMs: 60_000, failedForMs: 10_000, now: () => now });
    expect(await readiness.check()).toEqual({ ok: false, reason: 'slack_not_connected' });
    readiness.connected();
    now = 59_999;
    expect(await readiness.check()).toEqual({ ok: true });
    expect(slack.calls()).toBe(0);

    now = 60_000;
    expect(await readiness.check()).toEqual({ ok: false, reason: 'slack_auth_failed', detail: 'token_revoked' });
    now = 69_999;
    expect(await readiness.check()).toMatchObject({ reason: 'slack_auth_failed' });
    expect(slack.calls()).toBe(1);
    now = 70_000;
    expect(await readiness.check()).toEqual({ ok: true });
    expect(slack.calls()).toBe(2);
  });

  it('shares one call among concurrent probes, and calls a network failure unreachable', async () => {
    const slack = scripted([() => Promise.reject(new Error('connect ECONNREFUSED'))]);
    const readiness = slackReadiness({ client: slack.client, okForMs: 0, failedForMs: 0 });
    readiness.connected();
    const checks = await Promise.all([readiness.check(), readiness.check(), readiness.check()]);
    expect(checks).toEqual(Array(3).fill({ ok: false, reason: 'slack_unreachable', detail: 'connect ECONNREFUSED' }));
    expect(slack.calls()).toBe(1);
  });
});

describe('slackMethodOf', () => {
  it('names the Web API method of a URL, and nothing that could grow without bound', () => {
    expect(slackMethodOf('https://slack.com/api/chat.postMessage')).toBe('chat.postMessage');
    expect(slackMethodOf('http://127.0.0.1:4000/api/admin.users.session.reset')).toBe('admin.users.session.reset');
    expect(slackMethodOf('https://files.slack.com/upload/v1/ABC123xyz')).toBe('upload');
    expect(slackMethodOf('https://example.com/some/path?x=1')).toBe('other');
    expect(slackMethodOf('not a url')).toBe('other');
  });
});
