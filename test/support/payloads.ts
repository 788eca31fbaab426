import { eventCallback, interaction, slashCommand, type SignOptions } from './sign.js';

/**
 * Slack's requests, signed, as the bot receives them at /slack/events: slash commands, button
 * presses (`block_actions`), modal submissions (`view_submission`) and Events API deliveries.
 */
export { eventCallback, interaction, signedJson, slashCommand } from './sign.js';

let sequence = 0;
const unique = (prefix: string) => `${prefix}-${++sequence}-${Math.random().toString(36).slice(2, 8)}`;

/** A button pressed in a message (with `channel` and `messageTs`) or on App Home / in a modal (without). */
export function blockAction(
  fields: {
    user: string;
    actionId: string;
    value?: string;
    blockId?: string;
    channel?: string;
    messageTs?: string;
    /** The message as Slack sends it back (default: its ts and empty text). */
    message?: Record<string, unknown>;
    triggerId?: string;
  },
  options?: SignOptions,
) {
  const inMessage = fields.channel !== undefined;
  return interaction(
    {
      type: 'block_actions',
      user: { id: fields.user },
      trigger_id: fields.triggerId ?? unique(`trigger-${fields.user}`),
      ...(inMessage && {
        channel: { id: fields.channel },
        ...(fields.messageTs !== undefined && {
          message: fields.message ?? { ts: fields.messageTs, text: '' },
          container: { type: 'message', channel_id: fields.channel, message_ts: fields.messageTs },
        }),
      }),
      actions: [{ type: 'button', action_id: fields.actionId, block_id: fields.blockId ?? 'b', ...(fields.value !== undefined && { value: fields.value }), action_ts: '1' }],
    },
    options,
  );
}

/** A modal's state: block id → action id → the element's value (see {@link input}). */
export type ViewValues = Record<string, Record<string, unknown>>;

/** A modal submitted. */
export function viewSubmission(
  fields: { user: string; callbackId: string; values: ViewValues; privateMetadata?: string; viewId?: string; triggerId?: string },
  options?: SignOptions,
) {
  return interaction(
    {
      type: 'view_submission',
      user: { id: fields.user },
      trigger_id: fields.triggerId ?? unique(`trigger-${fields.user}`),
      view: {
        id: fields.viewId ?? unique('V'),
        type: 'modal',
        callback_id: fields.callbackId,
        private_metadata: fields.privateMetadata ?? '',
        hash: 'h',
        state: { values: fields.values },
      },
    },
    options,
  );
}

/**
 * The values of a modal's inputs, each in a block whose id is its action id (as the bot's modals
 * are built), e.g. `viewValues({ note: input.text('done'), item: input.select('NJ-01') })`.
 */
export const viewValues = (fields: Record<string, unknown>): ViewValues => Object.fromEntries(Object.entries(fields).map(([id, value]) => [id, { [id]: value }]));

/** One input's state as Slack reports it; an empty input is `null`. */
export const input = {
  select: (value: string | null | undefined) => ({ type: 'static_select', selected_option: value ? { value } : null }),
  text: (value: string | null | undefined) => ({ type: 'plain_text_input', value: value ?? null }),
  number: (value: string | null | undefined) => ({ type: 'number_input', value: value ?? null }),
  url: (value: string | null | undefined) => ({ type: 'url_text_input', value: value ?? null }),
  user: (id: string | null | undefined) => ({ type: 'users_select', selected_user: id ?? null }),
  date: (day: string | null | undefined) => ({ type: 'datepicker', selected_date: day ?? null }),
};

/** A person opened the bot's App Home; `eventId` and `retryNum` make an Events API retry. */
export const appHomeOpened = (user: string, options: SignOptions & { eventId?: string; retryNum?: number } = {}) =>
  eventCallback({ type: 'app_home_opened', user, channel: 'D0HOME', tab: 'home', event_ts: '1.1' }, options);

/** `/progress TEXT` typed by `user` (in `channel_id`, default #general). */
export const progressCommand = (user: string, text: string, extra: { channel_id?: string; trigger_id?: string } = {}, options?: SignOptions) =>
  slashCommand({ user_id: user, text, ...extra }, options);
