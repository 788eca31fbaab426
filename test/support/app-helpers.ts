import { pino } from 'pino';
import { setUpChannels } from '../../src/slack/channel-setup.js';
import { blockAction } from './payloads.js';
import type { TestAppHandle } from './test-app.js';

/**
 * The questions and gestures the end-to-end files ask of a test app, written once: the tick at an
 * instant, a unit's channel, ledger entries, what someone was told, pressing a button of a message,
 * the last view of a form, an import followed by channel set-up.
 *
 * @example
 * const app = useTestApp({ now: '2026-11-02T00:00:00Z' });
 * const { tick, channelOf, entries } = appHelpers(app);
 */
export function appHelpers(app: TestAppHandle) {
  const db = () => app.db;
  const drain = () => app.drain(10_000);
  const helpers = {
    db,
    drain,
    /** Sets the clock to `instant`, runs the tick and delivers what it enqueued. */
    async tick(instant: Date) {
      app.clock.set(instant);
      const result = await app.bot.services.tick();
      await drain();
      return result;
    },
    /** Creates (or finds) the units' channels, as the bot's background job does. */
    setUpChannels: () => setUpChannels({ client: app.bot.bolt!.client, db: db(), logger: pino({ level: 'silent' }), botUserId: 'U0BOT', clock: app.clock }),
    /** Imports the organisation documents (org-1.yaml, …), sets up the units' channels and delivers what that sent. */
    async load(...documents: string[]) {
      const outcome = await app.importDocuments(...documents);
      await helpers.setUpChannels();
      await drain();
      return outcome;
    },
    channelOf: async (unit: string) => (await db().selectFrom('units').select('channel_id').where('code', '=', unit).executeTakeFirstOrThrow()).channel_id as string,
    entries: async (kind: string) => db().selectFrom('ledger').selectAll().where('kind', '=', kind).orderBy('id').execute(),
    ledgerSize: async () => Number((await db().selectFrom('ledger').select(db().fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
    /** The ephemeral texts `user` was shown in `channel`. */
    ephemeralTo: (channel: string, user: string) => app.fake.messages(channel).filter((message) => message.ephemeral && message.user === user).map((message) => message.text),
    /** The messages (not ephemeral) in `channel` whose text holds `text`. */
    postedIn: (channel: string, text: string) => app.fake.messages(channel).filter((message) => !message.ephemeral && message.text?.includes(text)),
    /** Presses the button `actionId` of `message` as `user`, with the button's own value unless one is given. */
    press(user: string, actionId: string, message: { ts: string; channel: string; blocks?: unknown[] }, value?: string) {
      const button = value ?? ((JSON.stringify(message.blocks).match(new RegExp(`"action_id":"${actionId}","value":"([^"]+)"`)) ?? [])[1] as string);
      return app.send(blockAction({ user, actionId, value: button, channel: message.channel, messageTs: message.ts }));
    },
    lastView: (callbackId: string) => app.fake.views.filter((view) => view.view.callback_id === callbackId).at(-1),
  };
  return helpers;
}
