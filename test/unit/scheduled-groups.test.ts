import { describe, expect, it } from 'vitest';
import { LINES_PER_MESSAGE } from '../../src/outbox/messages.js';
import type { OutboxMessage } from '../../src/outbox/outbox.js';
import { groupScheduled, type ScheduledMessage } from '../../src/services/scheduled-groups.js';

const at = new Date('2026-11-02T01:30:00Z');
const base = (code: string, unit = 'NJ') => ({ unit, item: code, title: code, due: '2026-12-31', owners: ['U1'] });
const prompt = (code: string, unit = 'NJ', lane = 'C1', when = at): ScheduledMessage => ({
  event: `prompt:${code}:2026-W45`,
  at: when,
  message: { key: `prompt:${code}:2026-W45`, lane, kind: 'prompt', payload: { ...base(code, unit), channel: lane, cycle: '2026-W45' } },
});
const reminder = (code: string, owner: string, unit = 'NJ'): ScheduledMessage => ({
  event: `silence0:${code}:2026-W45`,
  at,
  message: { key: `silence0:${code}:2026-W45>${owner}`, lane: owner, kind: 'reminder', payload: { ...base(code, unit), reason: 'silence', silent_days: 2 } },
});
const thread = (code: string): ScheduledMessage => ({
  event: `silence0:${code}:2026-W45`,
  at,
  message: { key: `silence0:${code}:2026-W45>thread`, lane: 'C1', kind: 'reminder_thread', payload: { ...base(code), reason: 'silence', silent_days: 2, channel: 'C1', prompt: `prompt:${code}:2026-W45` } },
});
const kinds = (messages: OutboxMessage[]) => messages.map((message) => message.kind);

describe('groupScheduled', () => {
  it('keeps a lone prompt, reminder and thread reply as they were (their keys are their decisions’)', () => {
    const scheduled = [prompt('A'), reminder('B', 'U1'), thread('B')];
    const { messages, carried } = groupScheduled(scheduled, new Map());
    expect(messages).toEqual(scheduled.map((s) => s.message));
    expect(carried).toEqual([]);
  });

  it('folds a unit’s prompts of one instant into messages of at most LINES_PER_MESSAGE lines; other units, lanes and instants apart', () => {
    const many = Array.from({ length: LINES_PER_MESSAGE + 1 }, (_, i) => prompt(`A${String(i).padStart(2, '0')}`));
    const later = new Date(at.getTime() + 3_600_000);
    const { messages, carried } = groupScheduled([...many, prompt('X', 'XC', 'C2'), prompt('Y', 'XC', 'C2'), prompt('Z', 'NJ', 'C1', later)], new Map());
    expect(kinds(messages)).toEqual(['prompts', 'prompts', 'prompts', 'prompt']);
    const lines = messages.map((message) => (message.kind === 'prompts' ? message.payload.items.length : 1));
    expect(lines).toEqual([LINES_PER_MESSAGE, 1, 2, 1]);
    expect(carried).toHaveLength(LINES_PER_MESSAGE + 3);
    expect(new Set(carried.map((row) => row.event_key)).size).toBe(LINES_PER_MESSAGE + 3);
  });

  it('derives a grouped message’s key from the decisions it carries: the same decisions, the same key; others, another', () => {
    const key = (scheduled: ScheduledMessage[]) => groupScheduled(scheduled, new Map()).messages.map((message) => message.key);
    expect(key([prompt('A'), prompt('B')])).toEqual(key([prompt('B'), prompt('A')]));
    expect(key([prompt('A'), prompt('B')])).not.toEqual(key([prompt('A'), prompt('C')]));
  });

  it('folds an owner’s reminders of one unit into one DM, and the thread replies to one prompt message into one', () => {
    const carriers = new Map([
      ['prompt:A:2026-W45', 'prompts:NJ:x:1'],
      ['prompt:B:2026-W45', 'prompts:NJ:x:1'],
      ['prompt:C:2026-W45', 'prompts:NJ:x:2'],
    ]);
    const { messages } = groupScheduled([reminder('A', 'U1'), reminder('B', 'U1'), reminder('A', 'U2'), reminder('D', 'U1', 'XC'), thread('A'), thread('B'), thread('C')], carriers);
    expect(messages.map((message) => [message.kind, message.lane])).toEqual([
      ['reminders', 'U1'],
      ['reminder', 'U2'],
      ['reminder', 'U1'],
      ['reminder_threads', 'C1'],
      ['reminder_thread', 'C1'],
    ]);
  });

  it('folds the escalations of one unit’s items to the same person or channel, keeping levels and watchers apart', () => {
    const escalation = (code: string, level: 1 | 2, lane: string, unit = 'NJ', watcher?: string): ScheduledMessage => ({
      event: `silence${level}:${code}:2026-W45`,
      at,
      message: {
        key: `silence${level}:${code}:2026-W45>${lane}`,
        lane,
        kind: 'escalation',
        payload: level === 1 ? { ...base(code, unit), reason: 'silence', silent_days: 5, level: 1, to: lane } : { ...base(code, unit), reason: 'silence', silent_days: 10, level: 2, to: 'USUP', channel: lane, ...(watcher && { watcher }) },
      },
    });
    const { messages, carried } = groupScheduled([escalation('A', 1, 'UHEAD'), escalation('B', 1, 'UHEAD'), escalation('C', 2, 'CJS', 'NJ', 'JS'), escalation('D', 2, 'CJS', 'NJ', 'JS'), escalation('E', 2, 'CJS', 'XC', 'JS')], new Map());
    expect(messages.map((message) => [message.kind, message.lane, message.kind === 'escalations' ? message.payload.items.map((line) => line.item) : (message.payload as { item: string }).item])).toEqual([
      ['escalations', 'UHEAD', ['A', 'B']],
      ['escalations', 'CJS', ['C', 'D']],
      ['escalation', 'CJS', 'E'],
    ]);
    expect(carried).toHaveLength(4);
  });

  it('counts a finding’s line as two blocks when it splits the lines', () => {
    const finding = (code: string): ScheduledMessage => {
      const scheduled = prompt(code);
      return { ...scheduled, message: { ...scheduled.message, payload: { ...(scheduled.message.payload as object), inspection: 'I1' } } as OutboxMessage };
    };
    const { messages } = groupScheduled(Array.from({ length: 30 }, (_, i) => finding(`F${String(i).padStart(2, '0')}`)), new Map());
    expect(messages.map((message) => (message.kind === 'prompts' ? message.payload.items.length : 1))).toEqual([24, 6]);
  });
});
