import { ErrorCode as WebErrorCode, type WebAPIPlatformError, type WebClient } from '@slack/web-api';
import type { Kysely } from 'kysely';
import type { Logger } from '../app/logger.js';
import type { Database } from '../db/schema.js';
import { alternativeName, channelNameFor } from '../domain/channel-name.js';
import {
  channelHolder,
  recordChannel,
  recordChannelError,
  recordMembers,
  unitsNeedingSetup,
  type MemberResult,
  type UnitNeedingSetup,
} from '../services/channels.js';
import { isTokenRefused } from './token-errors.js';

export interface ChannelSetupDeps {
  /** Created with `rejectRateLimitedCalls: false`, so that a 429 is waited out and retried inside the call. */
  client: WebClient;
  db: Kysely<Database>;
  logger: Logger;
  botUserId: string;
  clock: () => Date;
  /** `conversations.list` page size; at most 1000, Slack advises 200. */
  listPageSize?: number;
  /** Stops the run between two units (a bounded `zeren tick`); what is left waits for the next run. */
  signal?: AbortSignal;
}

/** What one run did. */
export interface ChannelSetupSummary {
  /** Units looked at. */
  units: number;
  /** Channels the bot created. */
  created: number;
  /** Existing channels taken over (found by name, or a known channel joined again). */
  adopted: number;
  /** People now in a unit's channel (already there counts). */
  invited: number;
  /** People who could not be brought in: refused by Slack, or deactivated. */
  notInvited: number;
  /** Units whose set-up failed this run (`units.channel_error` says why). */
  failed: number;
}

interface SlackChannel {
  id: string;
  name: string;
  isPrivate: boolean;
  isArchived: boolean;
  isMember: boolean;
}

// How far down `name-2`, `name-3`, … to look for a free name before giving the unit up for this run.
const MAX_NAME_ATTEMPTS = 10;
// Older Slack (and GovSlack) documents at most 30 users per conversations.invite.
const INVITE_BATCH = 30;

// conversations.invite answers about one person: Slack names the first it refused and invites nobody.
const PER_USER_ERRORS = new Set([
  'already_in_channel',
  'cant_invite_self',
  'cant_invite',
  'user_not_found',
  'user_not_visible',
  'user_is_deactivated',
  'user_disabled',
  'user_is_restricted',
  'user_is_ultra_restricted',
  'ura_max_channels',
  'user_team_not_in_channel',
  'failed_for_some_users',
]);
const ALREADY_MEMBER = new Set(['already_in_channel', 'cant_invite_self']);
const DEACTIVATED = new Set(['user_is_deactivated', 'user_disabled']);
// Answers about the token, not the unit: every other unit would get the same, so the run stops.
const stopsTheRun = (reason: string) => isTokenRefused(reason) || reason === 'missing_scope';

/** A unit that cannot be set up this run for a reason of our own, not an answer from Slack. */
class UnitSetupFailure extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'UnitSetupFailure';
  }
}

const slackError = (error: unknown): string | undefined =>
  (error as { code?: string } | null)?.code === WebErrorCode.PlatformError ? (error as WebAPIPlatformError).data.error : undefined;

function toChannel(channel: { id?: string; name?: string; is_private?: boolean; is_archived?: boolean; is_member?: boolean } | undefined): SlackChannel {
  if (!channel?.id || !channel.name) throw new UnitSetupFailure('slack_answer_without_channel');
  return {
    id: channel.id,
    name: channel.name,
    isPrivate: channel.is_private ?? false,
    isArchived: channel.is_archived ?? false,
    isMember: channel.is_member ?? false,
  };
}

/** The workspace's channels by name, read page by page only as far as a lookup needs, once per run. */
class ChannelIndex {
  private readonly byName = new Map<string, SlackChannel>();
  private cursor: string | undefined;
  private complete = false;

  constructor(
    private readonly client: WebClient,
    private readonly pageSize: number,
  ) {}

  remember(channel: SlackChannel): void {
    this.byName.set(channel.name, channel);
  }

  async find(name: string): Promise<SlackChannel | undefined> {
    while (!this.byName.has(name) && !this.complete) {
      const page = await this.client.conversations.list({
        types: 'public_channel,private_channel',
        exclude_archived: false,
        limit: this.pageSize,
        ...(this.cursor ? { cursor: this.cursor } : {}),
      });
      for (const channel of page.channels ?? []) {
        // A name seen earlier in this run (a channel we created or joined) is fresher than a page.
        if (channel.id && channel.name && !this.byName.has(channel.name)) this.remember(toChannel(channel));
      }
      this.cursor = page.response_metadata?.next_cursor || undefined;
      this.complete = this.cursor === undefined;
    }
    return this.byName.get(name);
  }
}

type Account = { state: 'active' } | { state: 'deactivated' } | { state: 'failed'; detail: string };

/**
 * Gives every unit its channel and brings its people in: creates the channel under the name
 * derived from the unit (or adopts the existing one of that name, joining it), then invites the
 * head, the supervisor and every owner not yet recorded. A unit a re-import gave another
 * `channel` is moved the same way (its old channel serves it until the move is recorded; a move
 * that fails is tried again by the next run). Deactivated people are not invited; the
 * unit head is told of them once. Every step is recorded, so a second run finds nothing to do and
 * calls Slack for nothing.
 *
 * A unit that Slack refuses (say `restricted_action`) gets `channel_error` and the run goes on
 * with the next; an error that is not about one unit (Slack unreachable, a rate limit outlasting
 * the client's retries, the token refused, the database) stops the run and is thrown.
 *
 * @example
 * const summary = await setUpChannels({ client, db, logger, botUserId, clock: () => new Date() });
 * logger.info(summary, 'channel set-up');
 */
export async function setUpChannels(deps: ChannelSetupDeps): Promise<ChannelSetupSummary> {
  const summary: ChannelSetupSummary = { units: 0, created: 0, adopted: 0, invited: 0, notInvited: 0, failed: 0 };
  const run = new ChannelSetupRun(deps, summary);
  for (const unit of await unitsNeedingSetup(deps.db, { at: deps.clock() })) {
    if (deps.signal?.aborted) break;
    summary.units += 1;
    try {
      await run.setUp(unit);
    } catch (error) {
      const reason = error instanceof UnitSetupFailure ? error.reason : slackError(error);
      if (reason === undefined) throw error;
      summary.failed += 1;
      await recordChannelError(deps.db, unit.code, reason, deps.clock());
      deps.logger.error({ err: error, unit: unit.code, reason }, 'could not set up the unit’s channel; the next run tries again');
      if (stopsTheRun(reason)) throw error;
    }
  }
  return summary;
}

class ChannelSetupRun {
  private readonly index: ChannelIndex;
  private readonly accounts = new Map<string, Promise<Account>>();

  constructor(
    private readonly deps: ChannelSetupDeps,
    private readonly summary: ChannelSetupSummary,
  ) {
    this.index = new ChannelIndex(deps.client, deps.listPageSize ?? 200);
  }

  async setUp(unit: UnitNeedingSetup): Promise<void> {
    const { db, clock, logger } = this.deps;
    const { channel, how } = await this.obtainChannel(unit);
    let pending = unit.pending;
    if (how !== 'known' || unit.channel_ready_at === null) {
      const recorded = await recordChannel(db, unit.code, { channelId: channel.id, channelName: channel.name, adopted: how !== 'created' }, clock());
      if (recorded.heldBy !== undefined) throw new UnitSetupFailure(`channel_serves_unit:${recorded.heldBy}`);
      if (recorded.changed) {
        if (how === 'created') this.summary.created += 1;
        else this.summary.adopted += 1;
        logger.info({ unit: unit.code, channel: channel.id, channelName: channel.name, how, ...(recorded.moved && { from: unit.channel_id }) }, recorded.moved ? 'unit moved to another channel' : 'unit channel set up');
      }
      // Those brought into a channel that is gone must be brought into the new one.
      if (recorded.membersReset) pending = (await unitsNeedingSetup(db, { at: clock(), units: [unit.code] }))[0]?.pending ?? [];
    }
    if (pending.length === 0) return;
    const results = await this.invite(channel.id, pending);
    await recordMembers(db, unit.code, results, clock());
    for (const result of results) {
      if (result.user === this.deps.botUserId) continue;
      if (result.state === 'member') this.summary.invited += 1;
      else this.summary.notInvited += 1;
    }
    const refused = results.filter((result) => result.state !== 'member');
    if (refused.length) logger.warn({ unit: unit.code, channel: channel.id, refused }, 'some of the unit’s people could not be brought into its channel');
  }

  /** The unit's channel with the bot in it: the known one, else one created or adopted by name. */
  private async obtainChannel(unit: UnitNeedingSetup): Promise<{ channel: SlackChannel; how: 'known' | 'created' | 'adopted' }> {
    // A move a re-import asked for goes by the new name; the unit's channel serves it meanwhile.
    if (unit.channel_id !== null && unit.channel_move_requested_at === null) {
      const known = await this.rejoin(unit.code, unit.channel_id);
      if (known) return { channel: known, how: 'known' };
    }
    const name = channelNameFor(unit);
    for (let attempt = 1; attempt <= MAX_NAME_ATTEMPTS; attempt++) {
      const candidate = attempt === 1 ? name : alternativeName(name, attempt);
      const created = await this.create(candidate);
      if (created) return { channel: created, how: 'created' };
      const adopted = await this.adopt(unit.code, candidate);
      if (adopted) return { channel: adopted, how: 'adopted' };
    }
    throw new UnitSetupFailure('no_free_channel_name');
  }

  /** The channel already recorded for the unit, joined; undefined when it is gone or archived. */
  private async rejoin(unit: string, channelId: string): Promise<SlackChannel | undefined> {
    const { client, logger } = this.deps;
    let channel: SlackChannel;
    try {
      channel = toChannel((await client.conversations.info({ channel: channelId })).channel);
    } catch (error) {
      // Deleted, or private and the bot was removed: it cannot be used any more.
      if (slackError(error) !== 'channel_not_found') throw error;
      logger.warn({ unit, channel: channelId }, 'the unit’s channel cannot be found any more; setting up another');
      return undefined;
    }
    if (channel.isArchived) {
      logger.warn({ unit, channel: channelId, channelName: channel.name }, 'the unit’s channel is archived; setting up another');
      return undefined;
    }
    return channel.isMember ? channel : this.join(channel);
  }

  /** A new channel of that name, or undefined when the name is taken. */
  private async create(name: string): Promise<SlackChannel | undefined> {
    try {
      const channel = toChannel((await this.deps.client.conversations.create({ name })).channel);
      const joined = { ...channel, isMember: true };
      this.index.remember(joined);
      return joined;
    } catch (error) {
      if (slackError(error) === 'name_taken') return undefined;
      throw error;
    }
  }

  /** The existing channel of that name, joined; undefined when it cannot serve the unit. */
  private async adopt(unit: string, name: string): Promise<SlackChannel | undefined> {
    const { logger } = this.deps;
    const existing = await this.index.find(name);
    if (!existing) {
      // Only a private channel the bot is not in hides from conversations.list.
      logger.warn({ unit, channelName: name }, 'the channel name is taken by a channel the bot cannot see; trying another name');
      return undefined;
    }
    if (existing.isArchived) {
      logger.warn({ unit, channelName: name, channel: existing.id }, 'the channel name belongs to an archived channel; trying another name');
      return undefined;
    }
    const holder = await channelHolder(this.deps.db, existing.id);
    if (holder !== undefined && holder !== unit) {
      logger.warn({ unit, channelName: name, channel: existing.id, holder }, 'the channel of that name serves another unit; trying another name');
      return undefined;
    }
    return existing.isMember ? existing : this.join(existing);
  }

  /** The channel after the bot joined it; undefined when Slack says it is archived after all. */
  private async join(channel: SlackChannel): Promise<SlackChannel | undefined> {
    try {
      const answer = await this.deps.client.conversations.join({ channel: channel.id });
      const joined = { ...(answer.channel ? toChannel(answer.channel) : channel), isMember: true };
      this.index.remember(joined);
      return joined;
    } catch (error) {
      if (slackError(error) !== 'is_archived') throw error;
      this.index.remember({ ...channel, isArchived: true });
      this.deps.logger.warn({ channel: channel.id, channelName: channel.name }, 'the channel turned out to be archived; trying another name');
      return undefined;
    }
  }

  /** Invites the people, all at once where Slack lets us, and says how it went for each. */
  private async invite(channel: string, users: string[]): Promise<MemberResult[]> {
    const results: MemberResult[] = [];
    const invitable: string[] = [];
    for (const user of users) {
      // The bot is in its own channel already; inviting itself would be refused (cant_invite_self).
      if (user === this.deps.botUserId) {
        results.push({ user, state: 'member', detail: 'bot' });
        continue;
      }
      const account = await this.account(user);
      if (account.state === 'active') invitable.push(user);
      else results.push({ user, state: account.state, detail: account.state === 'failed' ? account.detail : 'deleted' });
    }
    for (let start = 0; start < invitable.length; start += INVITE_BATCH) {
      results.push(...(await this.inviteBatch(channel, invitable.slice(start, start + INVITE_BATCH))));
    }
    return results;
  }

  private async inviteBatch(channel: string, users: string[]): Promise<MemberResult[]> {
    try {
      await this.deps.client.conversations.invite({ channel, users: users.join(',') });
      return users.map((user) => ({ user, state: 'member' }));
    } catch (error) {
      const reason = slackError(error);
      if (reason === undefined || !PER_USER_ERRORS.has(reason)) throw error;
      if (users.length === 1) {
        const user = users[0] as string;
        if (ALREADY_MEMBER.has(reason)) return [{ user, state: 'member', detail: reason }];
        return [{ user, state: DEACTIVATED.has(reason) ? 'deactivated' : 'failed', detail: reason }];
      }
      // Slack names one person and invites nobody (or, for some, everyone else): ask for each in turn.
      const results: MemberResult[] = [];
      for (const user of users) results.push(...(await this.inviteBatch(channel, [user])));
      return results;
    }
  }

  /** Whether a person can be invited, asked of Slack once per run. */
  private account(user: string): Promise<Account> {
    let account = this.accounts.get(user);
    if (!account) {
      account = this.deps.client.users.info({ user }).then(
        (answer): Account => (answer.user?.deleted ? { state: 'deactivated' } : { state: 'active' }),
        (error: unknown): Account => {
          const reason = slackError(error);
          if (reason === 'user_not_found' || reason === 'user_not_visible') return { state: 'failed', detail: reason };
          throw error;
        },
      );
      this.accounts.set(user, account);
    }
    return account;
  }
}
