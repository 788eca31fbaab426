import { describe, expect, it } from 'vitest';
import { slashCommand } from '../support/payloads.js';
import { useTestApp } from '../support/test-app.js';

/** Local time in Asia/Shanghai, as an instant. */
const at = (local: string) => new Date(`${local}+08:00`);

describe('/supervise', () => {
  const app = useTestApp({ env: { ZEREN_LOCALE: 'en', ZEREN_SCHEDULER: 'off' }, now: at('2026-11-02T08:00:00'), users: ['U01SUP', { id: 'U0ZH', locale: 'zh-CN' }] });
  const supervise = (user: string, text: string) => app.send(slashCommand({ user_id: user, text, command: '/supervise' }));

  it('explains itself in the user’s language, ephemerally', async () => {
    const en = (await supervise('U01SUP', 'help')).json();
    expect(en.response_type).toBe('ephemeral');
    expect(en.text).toContain('*/supervise* — inspections, findings and listed supervision');
    expect(en.text).toContain('`/supervise help`');
    const zh = (await supervise('U0ZH', '帮助')).json();
    expect(zh.response_type).toBe('ephemeral');
    expect(zh.text).toContain('专项督查、问题整改与挂牌督办');
    // No words at all is help too.
    expect((await supervise('U01SUP', '')).json().text).toBe(en.text);
  });

  it('answers an unknown subcommand with the help, saying what it did not understand', async () => {
    const reply = (await supervise('U01SUP', 'frobnicate now')).json();
    expect(reply.response_type).toBe('ephemeral');
    expect(reply.text.split('\n')[0]).toBe('"frobnicate" is not a /supervise command.');
    expect(reply.text).toContain('*/supervise*');
    const zh = (await supervise('U0ZH', 'frobnicate')).json();
    expect(zh.text.split('\n')[0]).toBe('“frobnicate”不是 /supervise 的命令。');
  });
});
