import { createHash } from 'node:crypto';
import { LINE_BLOCKS_PER_MESSAGE, type PayloadOf } from '../outbox/messages.js';
import type { OutboxMessage } from '../outbox/outbox.js';

/** A scheduled message as the tick decided it: the decision it belongs to, and the instant that decision fell due. */
export interface ScheduledMessage {
  event: string;
  at: Date;
  message: OutboxMessage;
}

/** Which message carries which decision, when a message carries several. */
export interface Carried {
  event_key: string;
  message_key: string;
}

const digest = (keys: string[]) => createHash('sha256').update([...keys].sort().join('\n')).digest('hex').slice(0, 16);
/** A line's blocks: one, and a finding's extension button (prompts and reminders carry it). */
const blocksOf = ({ message }: ScheduledMessage) => ((message.kind === 'prompt' || message.kind === 'reminder') && message.payload.inspection ? 2 : 1);
/** Consecutive parts of the lines whose blocks fit one message. */
function parts(rows: ScheduledMessage[]): ScheduledMessage[][] {
  const out: ScheduledMessage[][] = [];
  let used = Infinity;
  for (const row of rows) {
    const cost = blocksOf(row);
    if (used + cost > LINE_BLOCKS_PER_MESSAGE) {
      out.push([]);
      used = 0;
    }
    out.at(-1)!.push(row);
    used += cost;
  }
  return out;
}

function groupBy<T>(rows: T[], by: (row: T) => string | null): { groups: T[][]; rest: T[] } {
  const groups = new Map<string, T[]>();
  const rest: T[] = [];
  for (const row of rows) {
    const key = by(row);
    if (key === null) rest.push(row);
    else groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  return { groups: [...groups.values()], rest };
}

/**
 * Folds the tick's new scheduled messages into fewer (SPEC §2.4, mind the noise): a unit's prompts
 * due at the same instant become one message (a line and a button per item, split when the
 * lines' blocks pass LINE_BLOCKS_PER_MESSAGE); an owner's reminders of one unit, one DM; the
 * reminders answering one prompt message, one reply in its thread; the escalations of one tick
 * to one person (or channel) about one unit's items, one message. A message that stands alone is
 * kept as it was (its key is its decision's). A grouped message's key is derived from the
 * decisions it carries, so the same decisions give the same key and others another: exactly
 * once, whatever the grouping.
 *
 * @param promptMessages the message carrying each earlier prompt decision, for threading reminders
 *   (a prompt decided in this same tick is found among `scheduled`).
 */
export function groupScheduled(scheduled: ScheduledMessage[], promptMessages: ReadonlyMap<string, string>): { messages: OutboxMessage[]; carried: Carried[] } {
  const messages: OutboxMessage[] = [];
  const carried: Carried[] = [];
  const carriedBy = new Map(promptMessages);
  const itemOf = ({ message }: ScheduledMessage) => String((message.payload as { item?: string }).item ?? '');
  const byCode = (a: ScheduledMessage, b: ScheduledMessage) => itemOf(a).localeCompare(itemOf(b));
  /** Groups the rows `groupKey` names; each group of two or more becomes messages built part by part. Returns the rest. */
  const fold = (rows: ScheduledMessage[], groupKey: (row: ScheduledMessage) => string | null, build: (part: ScheduledMessage[], key: (prefix: string) => string) => OutboxMessage) => {
    const { groups, rest } = groupBy(rows, groupKey);
    for (const group of groups) {
      if (group.length === 1) {
        messages.push(group[0]!.message);
        continue;
      }
      for (const part of parts(group.sort(byCode))) {
        const first = part[0]!.message;
        const envelope = { lane: first.lane, ...(first.notBefore && { notBefore: first.notBefore }) };
        const message = { ...envelope, ...build(part, (prefix) => `${prefix}:${digest(part.map((member) => member.event))}`) };
        messages.push(message);
        for (const member of part) {
          carried.push({ event_key: member.event, message_key: message.key });
          carriedBy.set(member.event, message.key);
        }
      }
    }
    return rest;
  };
  const payloads = <K extends 'prompt' | 'reminder' | 'reminder_thread' | 'escalation'>(part: ScheduledMessage[]) => part.map(({ message }) => message.payload as PayloadOf<K>);

  let rest = fold(
    scheduled,
    ({ message, at }) => (message.kind === 'prompt' ? `${message.lane}\u0000${message.payload.unit}\u0000${at.toISOString()}` : null),
    (part, key) => {
      const lines = payloads<'prompt'>(part);
      const { unit, channel } = lines[0]!;
      return {
        key: key(`prompts:${unit}:${part[0]!.at.toISOString()}`),
        lane: part[0]!.message.lane,
        kind: 'prompts',
        payload: { unit, channel, owners: [...new Set(lines.flatMap((line) => line.owners))], items: lines.map(({ unit: _unit, channel: _channel, ...line }) => line) },
      };
    },
  );
  rest = fold(
    rest,
    ({ message }) => (message.kind === 'reminder' ? `${message.lane}\u0000${message.payload.unit}` : null),
    (part, key) => {
      const lines = payloads<'reminder'>(part);
      const unit = lines[0]!.unit;
      const lane = part[0]!.message.lane;
      return { key: key(`reminders:${lane}:${unit}`), lane, kind: 'reminders', payload: { unit, items: lines.map(({ unit: _unit, ...line }) => line) } };
    },
  );
  rest = fold(
    rest,
    ({ message }) => (message.kind === 'reminder_thread' ? `${message.lane}\u0000${message.payload.unit}\u0000${carriedBy.get(message.payload.prompt) ?? message.payload.prompt}` : null),
    (part, key) => {
      const lines = payloads<'reminder_thread'>(part);
      const { unit, channel, prompt } = lines[0]!;
      return {
        key: key(`reminder_threads:${channel}:${unit}`),
        lane: part[0]!.message.lane,
        kind: 'reminder_threads',
        payload: { unit, channel, prompt, items: lines.map(({ unit: _unit, channel: _channel, prompt: _prompt, ...line }) => line) },
      };
    },
  );
  // The escalations of one unit's items to the same person or channel (with the same watcher).
  rest = fold(
    rest,
    ({ message }) => (message.kind === 'escalation' ? [message.lane, message.payload.unit, message.payload.level, message.payload.to, message.payload.watcher ?? ''].join('\u0000') : null),
    (part, key) => {
      const lines = payloads<'escalation'>(part);
      const { unit, level, to, channel, watcher } = lines[0]!;
      const lane = part[0]!.message.lane;
      return {
        key: key(`escalations:${lane}:${unit}`),
        lane,
        kind: 'escalations',
        payload: {
          unit,
          level,
          to,
          ...(channel && { channel }),
          ...(watcher && { watcher }),
          items: lines.map(({ unit: _unit, level: _level, to: _to, channel: _channel, watcher: _watcher, ...line }) => line),
        },
      };
    },
  );
  messages.push(...rest.map(({ message }) => message));
  return { messages, carried };
}
