/** The marker that {@link metadataFor} puts on every message posted for an outbox row. */
export const OUTBOX_EVENT_TYPE = 'zeren_outbox';

/**
 * Slack message metadata naming the outbox row a message was posted for, so that a retry can find
 * it in the channel's history (`conversations.history` with `include_all_metadata`).
 *
 * @example
 * await client.chat.postMessage({ channel: message.lane, text, metadata: metadataFor(message) });
 */
export function metadataFor(message: { key: string }): { event_type: string; event_payload: { key: string } } {
  return { event_type: OUTBOX_EVENT_TYPE, event_payload: { key: message.key } };
}
