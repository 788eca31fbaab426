import { describe, expect, it } from 'vitest';
import { eventCallback, signedJson, slashCommand } from '../support/payloads.js';
import { signature } from '../support/sign.js';
import { useTestApp } from '../support/test-app.js';

describe('POST /slack/events', () => {
  const app = useTestApp({ reset: false });

  it('answers Slack’s url_verification challenge when signed', async () => {
    const response = await app.send(signedJson({ type: 'url_verification', challenge: 'c-123', token: 'x' }));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ challenge: 'c-123' });
  });

  it('acknowledges a signed event at once', async () => {
    const response = await app.send(eventCallback({ type: 'app_mention', user: 'U1', text: 'hi', channel: 'C1', ts: '1.1' }));
    expect(response.statusCode).toBe(200);
  });

  it.each([
    ['unsigned', { unsigned: true }],
    ['stale (6 minutes old)', { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 }],
    // Bolt checks only the past: a request signed for later could otherwise be replayed until then.
    ['an hour in the future', { timestamp: Math.floor(Date.now() / 1000) + 60 * 60 }],
    ['ten years in the future', { timestamp: Math.floor(Date.now() / 1000) + 10 * 365 * 24 * 60 * 60 }],
    ['signed with another secret', { secret: 'another-secret-entirely-0000' }],
  ])('refuses a request that is %s with 401 and does nothing', async (_name, options) => {
    app.fake.clearCalls();
    const response = await app.send(slashCommand({ text: 'help', user_id: 'U1' }, options));
    expect(response.statusCode).toBe(401);
    // In the organisation's language (zh-CN by default), from the error catalogue.
    expect(response.json()).toEqual({ error: 'invalid_signature', message: '请求未使用本应用的签名密钥签名，或已超过 5 分钟' });
    expect(app.fake.calls).toEqual([]);
  });

  it('accepts a request whose clock is a few minutes ahead of ours, as Slack allows either way', async () => {
    const response = await app.send(slashCommand({ text: 'help', user_id: 'U1' }, { timestamp: Math.floor(Date.now() / 1000) + 4 * 60 }));
    expect(response.statusCode).toBe(200);
  });

  it('refuses a signed body that was altered after signing', async () => {
    const request = slashCommand({ text: 'help', user_id: 'U1' });
    const response = await app.send({ ...request, payload: request.payload.replace('help', 'HELP') });
    expect(response.statusCode).toBe(401);
  });

  it('answers 400 to a signed body that cannot be read', async () => {
    const request = signedJson({});
    const tampered = { ...request, payload: '{not json' };
    const timestamp = Math.floor(Date.now() / 1000);
    tampered.headers = { ...tampered.headers, 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature('{not json', timestamp) };
    const response = await app.send(tampered);
    expect(response.statusCode).toBe(400);
  });
});

describe('before Slack has answered auth.test', () => {
  const app = useTestApp({ connect: false, reset: false });

  it('answers 503 so that Slack retries later', async () => {
    const response = await app.send(eventCallback({ type: 'app_mention', user: 'U1', text: 'hi', channel: 'C1', ts: '1.1' }));
    expect(response.statusCode).toBe(503);
  });
});

describe('GET /healthz', () => {
  const app = useTestApp({ reset: false });

  it('is 200 while the database answers and 503 once it does not', async () => {
    const up = await app.send({ method: 'GET', url: '/healthz' });
    expect(up.statusCode).toBe(200);
    expect(up.json()).toMatchObject({ status: 'ok' });
    await app.testDb.db.close();
    const down = await app.send({ method: 'GET', url: '/healthz' });
    expect(down.statusCode).toBe(503);
    expect(down.json()).toMatchObject({ status: 'unavailable' });
  });
});
