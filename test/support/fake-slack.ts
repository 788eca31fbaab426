/**
 * A fake Slack Web API for tests and benchmarks: a real HTTP server that answers
 * `POST /api/<method>` the way Slack does (HTTP 200 with `{ ok, ... }`, 429 with
 * `Retry-After`, 5xx), keeps a small workspace in memory, records every call and
 * validates every message and view with `checkBlockKit`.
 *
 * Point a WebClient at it with `new WebClient(token, { slackApiUrl: fake.url })`.
 *
 * Approximations, where Slack's behaviour is undocumented or not worth modelling:
 * - conversations.invite validates every user before inviting anyone and fails with
 *   the first failing user's error; `force` is ignored (no per-user `errors` array).
 *   A deactivated user gives `cant_invite`.
 * - Posting to (or opening a DM with) a deactivated user gives `user_disabled`.
 * - Block Kit violations answer `invalid_blocks` with an `errors` list, for views too.
 * - Private channels the bot is not in are invisible (`channel_not_found`), as for a bot token.
 * - Latency and `delayMs` use real timers: do not drive the fake with `vi.useFakeTimers()`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { checkBlockKit, checkUpdateText } from './blockkit-limits.js';

export const TEAM_ID = 'T0ZEREN';
export const TEAM_DOMAIN = 'zeren-test';
export const BOT_USER_ID = 'U0BOT';
export const BOT_ID = 'B0BOT';
export const APP_ID = 'A0ZEREN';
export const GENERAL_CHANNEL_ID = 'C0GENERAL';
export const DEFAULT_TOKEN = 'xoxb-test';

export type Args = Record<string, any>;
export type FakeResponse = Record<string, unknown>;

export interface FakeUserInput {
  id: string;
  name?: string;
  real_name?: string;
  email?: string;
  locale?: string;
  tz?: string;
  deleted?: boolean;
  is_bot?: boolean;
}
export type FakeUser = Required<Omit<FakeUserInput, 'email'>> & { email?: string };

export interface FakeChannelInput {
  id?: string;
  name: string;
  is_private?: boolean;
  is_archived?: boolean;
  members?: string[];
  topic?: string;
  purpose?: string;
}

export interface FakeChannel {
  id: string;
  name: string;
  is_private: boolean;
  is_archived: boolean;
  is_im: boolean;
  is_mpim: boolean;
  is_general: boolean;
  /** The other party of a DM. */
  user?: string;
  members: string[];
  created: number;
  creator: string;
  topic: string;
  purpose: string;
}

export interface FakeMessage {
  channel: string;
  ts: string;
  /** The author; for an ephemeral message, the user it was shown to. */
  user: string;
  ephemeral: boolean;
  text?: string;
  blocks?: unknown[];
  attachments?: unknown[];
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  thread_ts?: string;
  reply_broadcast?: boolean;
  files?: string[];
  /** How many times chat.update changed it. */
  edits: number;
}

export interface FakeView {
  id: string;
  type: 'modal' | 'home';
  /** The view as last sent (title, blocks, private_metadata, …). */
  view: Args;
  hash: string;
  method: 'views.open' | 'views.push' | 'views.publish';
  trigger_id?: string;
  /** The Home tab's owner. */
  user_id?: string;
  external_id?: string;
  updates: number;
}

export interface FakeFile {
  id: string;
  filename: string;
  length: number;
  title?: string;
  alt_text?: string;
  data?: Buffer;
  uploaded: boolean;
  completed: boolean;
  channel_id?: string;
  initial_comment?: string;
  thread_ts?: string;
}

export interface FakeCall {
  method: string;
  args: Args;
  token?: string;
  at: number;
}

export interface FakeViolation {
  method: string;
  errors: string[];
  args: Args;
}

export type FakeFailure =
  | { error: string; extra?: Record<string, unknown> }
  | { status: 429; retryAfter: number }
  | { status: 500 | 502 | 503; body?: string }
  | { delayMs: number };

export interface FakeHandlerContext {
  method: string;
  token?: string;
  fake: FakeSlack;
  /** Runs the built-in behaviour, e.g. to decorate its answer. */
  builtin(): FakeResponse;
}

/** Returning undefined falls back to the built-in behaviour. */
export type FakeHandler = (
  args: Args,
  ctx: FakeHandlerContext,
) => FakeResponse | undefined | Promise<FakeResponse | undefined>;

export interface FakeSlackOptions {
  /** Accepted bot token(s); default `xoxb-test`. */
  token?: string | string[];
  /** Added to every call (benchmarks use 20). */
  latencyMs?: number;
  /** Extra users and channels that `reset()` restores too. */
  users?: FakeUserInput[];
  channels?: FakeChannelInput[];
  /** Seconds part of the first message `ts`; default 1700000000. */
  baseTs?: number;
}

class ApiError extends Error {
  constructor(
    readonly code: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(code);
  }
}

// Form-encoded arguments that WebClient JSON-encodes.
const JSON_ARGS = new Set(['blocks', 'attachments', 'view', 'metadata', 'files', 'user_auth_blocks']);
const CHANNEL_NAME = /^[\p{Ll}\p{Lo}\p{Lm}\p{M}\p{N}_-]+$/u;
const DEFAULT_TZ = 'Asia/Shanghai';

function bool(value: unknown): boolean {
  return value === true || value === 'true' || value === '1' || value === 1;
}

function int(value: unknown, fallback: number): number {
  const n = typeof value === 'number' ? value : Number.parseInt(String(value ?? ''), 10);
  return Number.isFinite(n) ? n : fallback;
}

function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

function list(value: unknown): string[] {
  return (str(value) ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function encodeCursor(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64');
}

function page<T>(items: T[], args: Args, defaultLimit: number): { items: T[]; next_cursor: string } {
  let offset = 0;
  if (args.cursor) {
    const m = /^offset:(\d+)$/.exec(Buffer.from(String(args.cursor), 'base64').toString());
    if (!m) throw new ApiError('invalid_cursor');
    offset = Number(m[1]);
  }
  const limit = Math.max(1, Math.min(int(args.limit, defaultLimit) || defaultLimit, 1000));
  const slice = items.slice(offset, offset + limit);
  const next = offset + limit < items.length ? encodeCursor(offset + limit) : '';
  return { items: slice, next_cursor: next };
}

function tzOffsetSeconds(tz: string): number {
  const name =
    new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'longOffset' })
      .formatToParts(new Date())
      .find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!m) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3]) * 60);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function parseForm(raw: Buffer, contentType: string): Promise<Args> {
  const args: Args = {};
  const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
  for (const [key, value] of form) {
    args[key] = typeof value === 'string' ? value : Buffer.from(await value.arrayBuffer());
  }
  return args;
}

export class FakeSlack {
  readonly calls: FakeCall[] = [];
  readonly violations: FakeViolation[] = [];
  /** Exceptions thrown inside the fake itself (answered with HTTP 500). */
  readonly serverErrors: Error[] = [];
  latencyMs: number;

  private readonly tokens: Set<string>;
  private readonly seedUsers: FakeUserInput[];
  private readonly seedChannels: FakeChannelInput[];
  private readonly baseTs: number;
  private users = new Map<string, FakeUser>();
  private channelsById = new Map<string, FakeChannel>();
  private messageList: FakeMessage[] = [];
  private viewsById = new Map<string, FakeView>();
  private filesById = new Map<string, FakeFile>();
  private failures: Array<{ method: string; failure: FakeFailure; remaining: number; when?: ((args: Args) => boolean) | undefined }> = [];
  private overrides = new Map<string, FakeHandler>();
  private expiredTriggers = new Set<string>();
  private tsSeq = 0;
  private idSeq = 0;
  private baseUrl = '';

  private readonly server: Server;

  constructor(options: FakeSlackOptions = {}) {
    const tokens = options.token ?? DEFAULT_TOKEN;
    this.tokens = new Set(Array.isArray(tokens) ? tokens : [tokens]);
    this.latencyMs = options.latencyMs ?? 0;
    this.seedUsers = options.users ?? [];
    this.seedChannels = options.channels ?? [];
    this.baseTs = options.baseTs ?? 1_700_000_000;
    this.server = createServer((req, res) => {
      this.serve(req, res).catch((err: unknown) => {
        this.serverErrors.push(err instanceof Error ? err : new Error(String(err)));
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: false, error: 'fake_slack_crashed', detail: String(err) }));
      });
    });
    this.restoreState();
  }

  /** Web API base, ending in `/api/`: WebClient's `slackApiUrl`, the app's `SLACK_API_URL`. */
  get url(): string {
    return `${this.baseUrl}api/`;
  }

  async listen(): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = this.server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${port}/`;
    return this;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---- test controls ----------------------------------------------------

  /** How many HTTP connections are open to the fake (0 once every client has hung up or died). */
  openConnections(): Promise<number> {
    return new Promise((resolve, reject) => this.server.getConnections((error, count) => (error ? reject(error) : resolve(count))));
  }

  callsTo(method: string): FakeCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Forgets calls, violations, failures and overrides, and restores the default workspace (ts and ids start over). */
  reset(): void {
    this.clearCalls();
    this.failures = [];
    this.overrides.clear();
    this.expiredTriggers.clear();
    this.tsSeq = 0;
    this.idSeq = 0;
    this.restoreState();
  }

  clearCalls(): void {
    this.calls.length = 0;
    this.violations.length = 0;
    this.serverErrors.length = 0;
  }

  /** The next `times` calls to `method` (`'*'`: any method, `'upload'`: the file upload POST) fail this way. */
  /** The next `times` calls of `method` (those `when` picks, e.g. to one channel) answer `failure`. */
  failNext(method: string, failure: FakeFailure, times = 1, when?: (args: Args) => boolean): void {
    this.failures.push({ method, failure, remaining: times, when });
  }

  on(method: string, handler: FakeHandler): void {
    this.overrides.set(method, handler);
  }

  off(method: string): void {
    this.overrides.delete(method);
  }

  /** views.open / views.push with this trigger_id answer `expired_trigger_id`. */
  expireTrigger(triggerId: string): void {
    this.expiredTriggers.add(triggerId);
  }

  addUser(input: FakeUserInput): FakeUser {
    const user: FakeUser = {
      id: input.id,
      name: input.name ?? input.id.toLowerCase(),
      real_name: input.real_name ?? input.name ?? input.id,
      locale: input.locale ?? 'en-US',
      tz: input.tz ?? DEFAULT_TZ,
      deleted: input.deleted ?? false,
      is_bot: input.is_bot ?? false,
      ...(input.email !== undefined ? { email: input.email } : {}),
    };
    this.users.set(user.id, user);
    const general = this.channelsById.get(GENERAL_CHANNEL_ID);
    if (general && !user.is_bot && !user.deleted && !general.members.includes(user.id)) general.members.push(user.id);
    return user;
  }

  addChannel(input: FakeChannelInput): FakeChannel {
    const channel: FakeChannel = {
      id: input.id ?? this.newId('C'),
      name: input.name,
      is_private: input.is_private ?? false,
      is_archived: input.is_archived ?? false,
      is_im: false,
      is_mpim: false,
      is_general: false,
      members: [...new Set(input.members ?? [])],
      created: this.baseTs,
      creator: input.members?.[0] ?? BOT_USER_ID,
      topic: input.topic ?? '',
      purpose: input.purpose ?? '',
    };
    this.channelsById.set(channel.id, channel);
    return channel;
  }

  /** Seeds a message as if `user` had posted it (the bot cannot update or delete it unless `user` is the bot). */
  addMessage(input: {
    channel: string;
    user: string;
    text?: string;
    blocks?: unknown[];
    thread_ts?: string;
    ts?: string;
    metadata?: FakeMessage['metadata'];
  }): FakeMessage {
    const channel = this.channel(input.channel);
    if (!channel) throw new Error(`fake-slack: no channel ${input.channel}`);
    return this.store({ ...input, channel: channel.id, ephemeral: false, edits: 0, ts: input.ts ?? this.nextTs() });
  }

  // ---- read accessors ---------------------------------------------------

  get channels(): FakeChannel[] {
    return [...this.channelsById.values()];
  }

  get views(): FakeView[] {
    return [...this.viewsById.values()];
  }

  get files(): FakeFile[] {
    return [...this.filesById.values()];
  }

  user(id: string): FakeUser | undefined {
    return this.users.get(id);
  }

  /** By id, `#name` or `name`; a user id gives the DM with that user. */
  channel(ref: string): FakeChannel | undefined {
    if (/^[UW]/.test(ref) && this.users.has(ref)) return this.channelsById.get(this.dmChannelId(ref));
    const byId = this.channelsById.get(ref);
    if (byId) return byId;
    const name = ref.replace(/^#/, '');
    return this.channels.find((c) => !c.is_im && c.name === name);
  }

  /** The DM channel id the fake uses for a user (whether or not it is open yet). */
  dmChannelId(userId: string): string {
    return `D${userId.slice(1)}`;
  }

  /** Messages in posting order; `channel` may be an id, a name or a user id (their DM). */
  messages(channel?: string): FakeMessage[] {
    if (channel === undefined) return [...this.messageList];
    const id = this.channel(channel)?.id ?? channel;
    return this.messageList.filter((m) => m.channel === id);
  }

  homeView(userId: string): FakeView | undefined {
    return this.views.find((v) => v.type === 'home' && v.user_id === userId);
  }

  // ---- HTTP ---------------------------------------------------------------

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.baseUrl || 'http://127.0.0.1/');
    const raw = await readBody(req);
    const upload = /^\/upload\/v1\/([A-Za-z0-9]+)$/.exec(url.pathname);
    if (upload) return this.serveUpload(upload[1]!, raw, req, res);
    const api = /^\/api\/([A-Za-z0-9_.]+)$/.exec(url.pathname);
    if (!api) return this.send(res, 404, { ok: false, error: 'not_found' });
    const method = api[1]!;

    const args = await this.parseArgs(raw, req.headers['content-type'] ?? '', url.searchParams);
    const header = req.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : str(args.token);
    delete args.token;
    this.calls.push({ method, args, ...(token !== undefined ? { token } : {}), at: Date.now() });

    if (this.latencyMs > 0) await sleep(this.latencyMs);
    const failure = this.takeFailure(method, args);
    if (failure) {
      if ('delayMs' in failure) await sleep(failure.delayMs);
      else if ('status' in failure && failure.status === 429) {
        return this.send(res, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(failure.retryAfter) });
      } else if ('status' in failure) {
        return this.sendText(res, failure.status, failure.body ?? 'Service Unavailable');
      } else {
        return this.send(res, 200, { ok: false, error: failure.error, ...failure.extra });
      }
    }

    if (!token) return this.send(res, 200, { ok: false, error: 'not_authed' });
    if (!this.tokens.has(token)) return this.send(res, 200, { ok: false, error: 'invalid_auth' });

    const invalid = this.validate(method, args);
    if (invalid) return this.send(res, 200, invalid);

    const builtin = () => this.builtin(method, args);
    const override = this.overrides.get(method);
    let body: FakeResponse | undefined;
    if (override) {
      body = await override(args, { method, ...(token !== undefined ? { token } : {}), fake: this, builtin });
      if (body && !('ok' in body)) body = { ok: true, ...body };
    }
    this.send(res, 200, body ?? builtin());
  }

  private async parseArgs(raw: Buffer, contentType: string, query: URLSearchParams): Promise<Args> {
    const args: Args = Object.fromEntries(query);
    if (raw.length === 0) return args;
    if (contentType.startsWith('application/json')) return { ...args, ...(JSON.parse(raw.toString('utf8')) as Args) };
    const form = contentType.startsWith('multipart/form-data')
      ? await parseForm(raw, contentType)
      : Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
    for (const [key, value] of Object.entries(form)) {
      if (JSON_ARGS.has(key) && typeof value === 'string') {
        try {
          args[key] = JSON.parse(value);
        } catch {
          args[key] = value;
        }
      } else {
        args[key] = value;
      }
    }
    return args;
  }

  private async serveUpload(fileId: string, raw: Buffer, req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.calls.push({ method: 'upload', args: { file_id: fileId, bytes: raw.length }, at: Date.now() });
    if (this.latencyMs > 0) await sleep(this.latencyMs);
    const failure = this.takeFailure('upload');
    if (failure) {
      if ('delayMs' in failure) await sleep(failure.delayMs);
      else if ('status' in failure && failure.status === 429) {
        return this.sendText(res, 429, 'Too Many Requests', { 'retry-after': String(failure.retryAfter) });
      } else if ('status' in failure) return this.sendText(res, failure.status, failure.body ?? 'Service Unavailable');
      else return this.sendText(res, 400, failure.error);
    }
    const file = this.filesById.get(fileId);
    if (!file) return this.sendText(res, 404, 'Not Found');
    const contentType = req.headers['content-type'] ?? '';
    let data = raw;
    if (contentType.startsWith('multipart/form-data')) {
      const form = await parseForm(raw, contentType);
      const part = Object.values(form).find((v): v is Buffer => Buffer.isBuffer(v));
      data = part ?? Buffer.alloc(0);
    }
    file.data = data;
    file.uploaded = true;
    this.sendText(res, 200, `OK - ${data.length}`);
  }

  private send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(JSON.stringify(body));
  }

  private sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
    res.end(text);
  }

  private takeFailure(method: string, args: Args = {}): FakeFailure | undefined {
    const applies = (f: (typeof this.failures)[number]) => !f.when || f.when(args);
    const entry =
      this.failures.find((f) => f.method === method && applies(f)) ?? (method !== 'upload' ? this.failures.find((f) => f.method === '*' && applies(f)) : undefined);
    if (!entry) return undefined;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.failures.splice(this.failures.indexOf(entry), 1);
    return entry.failure;
  }

  /** Block Kit checks for every call that carries a message or a view. */
  private validate(method: string, args: Args): FakeResponse | undefined {
    let errors: string[] = [];
    let code = 'invalid_blocks';
    const message = { text: args.text, blocks: args.blocks, attachments: args.attachments };
    switch (method) {
      case 'chat.postMessage':
      case 'chat.postEphemeral':
        errors = checkBlockKit('message', message);
        break;
      case 'chat.update':
        errors = checkBlockKit('message', message);
        if (errors.length === 0) {
          errors = checkUpdateText(args.text);
          code = 'msg_too_long';
        }
        break;
      case 'views.open':
      case 'views.push':
        errors = checkBlockKit('modal', { view: args.view });
        break;
      case 'views.update':
        errors = checkBlockKit(args.view?.type === 'home' ? 'home' : 'modal', { view: args.view });
        break;
      case 'views.publish':
        errors = checkBlockKit('home', { view: args.view });
        break;
      default:
        return undefined;
    }
    if (errors.length === 0) return undefined;
    this.violations.push({ method, errors, args });
    return { ok: false, error: code, errors };
  }

  private builtin(method: string, args: Args): FakeResponse {
    const handler = this.methods[method];
    if (!handler) return { ok: false, error: 'unknown_method', req_method: method };
    try {
      return { ok: true, ...handler(args) };
    } catch (err) {
      if (err instanceof ApiError) return { ok: false, error: err.code, ...err.extra };
      throw err;
    }
  }

  // ---- state helpers ------------------------------------------------------

  private restoreState(): void {
    this.users = new Map();
    this.channelsById = new Map();
    this.messageList = [];
    this.viewsById = new Map();
    this.filesById = new Map();
    this.addUser({ id: BOT_USER_ID, name: 'zeren', real_name: 'Zeren', is_bot: true });
    this.addChannel({ id: GENERAL_CHANNEL_ID, name: 'general', purpose: 'The whole workspace' }).is_general = true;
    for (const user of this.seedUsers) this.addUser(user);
    for (const channel of this.seedChannels) this.addChannel(channel);
  }

  private newId(prefix: string): string {
    this.idSeq += 1;
    return `${prefix}F${String(this.idSeq).padStart(8, '0')}`;
  }

  private nextTs(): string {
    this.tsSeq += 1;
    const micros = this.tsSeq * 100;
    return `${this.baseTs + Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, '0')}`;
  }

  private newHash(): string {
    return `${this.baseTs}.${String(++this.idSeq).padStart(8, '0')}`;
  }

  private requireUser(id: unknown): FakeUser {
    const user = typeof id === 'string' ? this.users.get(id) : undefined;
    if (!user) throw new ApiError('user_not_found');
    return user;
  }

  private openIm(user: FakeUser): { channel: FakeChannel; existed: boolean } {
    const id = this.dmChannelId(user.id);
    const existing = this.channelsById.get(id);
    if (existing) return { channel: existing, existed: true };
    const channel: FakeChannel = {
      id,
      name: user.id,
      is_private: true,
      is_archived: false,
      is_im: true,
      is_mpim: false,
      is_general: false,
      user: user.id,
      members: [user.id, BOT_USER_ID],
      created: this.baseTs,
      creator: BOT_USER_ID,
      topic: '',
      purpose: '',
    };
    this.channelsById.set(id, channel);
    return { channel, existed: false };
  }

  /** A conversation as the bot token sees it: private ones it is not in do not exist. */
  private visibleChannel(ref: unknown): FakeChannel {
    const id = str(ref);
    if (!id) throw new ApiError('channel_not_found');
    let channel = this.channelsById.get(id) ?? (id.startsWith('C') ? undefined : this.channel(id));
    if (!channel && id.startsWith('D')) {
      const user = this.users.get(`U${id.slice(1)}`) ?? this.users.get(`W${id.slice(1)}`);
      if (user && !user.is_bot) channel = this.openIm(user).channel;
    }
    if (!channel || (channel.is_private && !channel.is_im && !channel.members.includes(BOT_USER_ID))) {
      throw new ApiError('channel_not_found');
    }
    return channel;
  }

  /** Where chat.postMessage and friends may write: a user id means their DM. */
  private postTarget(ref: unknown): FakeChannel {
    const id = str(ref) ?? '';
    if (/^[UW]/.test(id)) {
      const user = this.users.get(id);
      if (!user) throw new ApiError('channel_not_found');
      if (user.deleted) throw new ApiError('user_disabled');
      return this.openIm(user).channel;
    }
    const channel = this.visibleChannel(id);
    if (channel.is_im && this.users.get(channel.user ?? '')?.deleted) throw new ApiError('user_disabled');
    if (channel.is_archived) throw new ApiError('is_archived');
    if (!channel.members.includes(BOT_USER_ID)) throw new ApiError('not_in_channel');
    return channel;
  }

  private findMessage(channel: FakeChannel, ts: unknown): FakeMessage {
    const message = this.messageList.find((m) => m.channel === channel.id && m.ts === ts && !m.ephemeral);
    if (!message) throw new ApiError('message_not_found');
    return message;
  }

  private metadata(value: unknown): FakeMessage['metadata'] | undefined {
    if (value === undefined || value === null || value === '') return undefined;
    const v = value as Args;
    if (typeof v !== 'object' || typeof v.event_type !== 'string' || typeof v.event_payload !== 'object' || v.event_payload === null) {
      throw new ApiError('invalid_metadata_format');
    }
    return { event_type: v.event_type, event_payload: v.event_payload as Record<string, unknown> };
  }

  private store(message: FakeMessage): FakeMessage {
    const clean = Object.fromEntries(Object.entries(message).filter(([, v]) => v !== undefined)) as unknown as FakeMessage;
    this.messageList.push(clean);
    return clean;
  }

  private threadReplies(channel: string, threadTs: string): FakeMessage[] {
    return this.messageList.filter((m) => m.channel === channel && !m.ephemeral && m.thread_ts === threadTs && m.ts !== threadTs);
  }

  // ---- JSON shapes ----------------------------------------------------------

  private userJson(user: FakeUser, includeLocale: boolean): FakeResponse {
    return {
      id: user.id,
      team_id: TEAM_ID,
      name: user.name,
      deleted: user.deleted,
      real_name: user.real_name,
      tz: user.tz,
      tz_label: user.tz,
      tz_offset: tzOffsetSeconds(user.tz),
      is_admin: false,
      is_owner: false,
      is_bot: user.is_bot,
      is_app_user: false,
      updated: this.baseTs,
      profile: {
        real_name: user.real_name,
        display_name: user.name,
        team: TEAM_ID,
        ...(user.email !== undefined ? { email: user.email } : {}),
        ...(user.id === BOT_USER_ID ? { bot_id: BOT_ID, api_app_id: APP_ID } : {}),
      },
      ...(includeLocale ? { locale: user.locale } : {}),
    };
  }

  private channelJson(channel: FakeChannel): FakeResponse {
    if (channel.is_im) {
      return {
        id: channel.id,
        created: channel.created,
        is_im: true,
        is_org_shared: false,
        user: channel.user,
        is_user_deleted: this.users.get(channel.user ?? '')?.deleted ?? false,
        priority: 0,
      };
    }
    return {
      id: channel.id,
      name: channel.name,
      name_normalized: channel.name,
      is_channel: !channel.is_mpim,
      is_group: false,
      is_im: false,
      is_mpim: channel.is_mpim,
      is_private: channel.is_private,
      is_archived: channel.is_archived,
      is_general: channel.is_general,
      is_shared: false,
      is_ext_shared: false,
      is_org_shared: false,
      is_member: channel.members.includes(BOT_USER_ID),
      created: channel.created,
      creator: channel.creator,
      topic: { value: channel.topic, creator: '', last_set: 0 },
      purpose: { value: channel.purpose, creator: '', last_set: 0 },
      num_members: channel.members.length,
      context_team_id: TEAM_ID,
    };
  }

  private messageJson(message: FakeMessage, withMetadata: boolean): FakeResponse {
    const isParent = message.thread_ts === undefined || message.thread_ts === message.ts;
    const replies = isParent ? this.threadReplies(message.channel, message.ts) : [];
    const isBot = message.user === BOT_USER_ID;
    return {
      type: 'message',
      ts: message.ts,
      user: message.user,
      text: message.text ?? '',
      team: TEAM_ID,
      ...(isBot ? { bot_id: BOT_ID, app_id: APP_ID } : {}),
      ...(message.blocks ? { blocks: message.blocks } : {}),
      ...(message.attachments ? { attachments: message.attachments } : {}),
      ...(message.thread_ts ? { thread_ts: message.thread_ts } : {}),
      ...(replies.length > 0
        ? {
            thread_ts: message.ts,
            reply_count: replies.length,
            reply_users: [...new Set(replies.map((r) => r.user))],
            latest_reply: replies[replies.length - 1]!.ts,
          }
        : {}),
      ...(message.files ? { files: message.files.map((id) => this.fileJson(this.filesById.get(id)!)) } : {}),
      ...(message.edits > 0 ? { edited: { user: message.user, ts: message.ts } } : {}),
      ...(withMetadata && message.metadata ? { metadata: message.metadata } : {}),
    };
  }

  private viewJson(view: FakeView): FakeResponse {
    return {
      id: view.id,
      team_id: TEAM_ID,
      type: view.type,
      private_metadata: '',
      callback_id: '',
      external_id: '',
      clear_on_close: false,
      notify_on_close: false,
      ...view.view,
      state: { values: {} },
      hash: view.hash,
      root_view_id: view.id,
      previous_view_id: null,
      app_id: APP_ID,
      app_installed_team_id: TEAM_ID,
      bot_id: BOT_ID,
    };
  }

  private fileJson(file: FakeFile): FakeResponse {
    return {
      id: file.id,
      name: file.filename,
      title: file.title ?? file.filename,
      mimetype: 'application/octet-stream',
      size: file.data?.length ?? file.length,
      user: BOT_USER_ID,
      url_private: `https://files.slack.com/files-pri/${TEAM_ID}-${file.id}/${encodeURIComponent(file.filename)}`,
      permalink: `https://${TEAM_DOMAIN}.slack.com/files/${BOT_USER_ID}/${file.id}/${encodeURIComponent(file.filename)}`,
    };
  }

  // ---- Web API methods --------------------------------------------------------

  private readonly methods: Record<string, (args: Args) => FakeResponse> = {
    'api.test': (args) => ({ args }),

    'auth.test': () => ({
      url: `https://${TEAM_DOMAIN}.slack.com/`,
      team: 'Zeren Test',
      user: 'zeren',
      team_id: TEAM_ID,
      user_id: BOT_USER_ID,
      bot_id: BOT_ID,
      is_enterprise_install: false,
    }),

    'bots.info': (args) => {
      if (args.bot !== undefined && args.bot !== BOT_ID) throw new ApiError('bot_not_found');
      return { bot: { id: BOT_ID, deleted: false, name: 'zeren', app_id: APP_ID, user_id: BOT_USER_ID, updated: this.baseTs } };
    },

    'team.info': () => ({ team: { id: TEAM_ID, name: 'Zeren Test', domain: TEAM_DOMAIN } }),

    'users.info': (args) => ({ user: this.userJson(this.requireUser(args.user), bool(args.include_locale)) }),

    'users.lookupByEmail': (args) => {
      const email = str(args.email)?.toLowerCase();
      const user = [...this.users.values()].find((u) => email !== undefined && u.email?.toLowerCase() === email);
      if (!user) throw new ApiError('users_not_found');
      return { user: this.userJson(user, false) };
    },

    'users.list': (args) => {
      const { items, next_cursor } = page([...this.users.values()], args, 100);
      return { members: items.map((u) => this.userJson(u, bool(args.include_locale))), response_metadata: { next_cursor } };
    },

    'conversations.create': (args) => {
      const name = str(args.name) ?? '';
      if (name === '') throw new ApiError('invalid_name_required');
      if (name.length > 80) throw new ApiError('invalid_name_maxlength');
      if (!CHANNEL_NAME.test(name)) throw new ApiError('invalid_name_specials');
      if (/^[-_]+$/.test(name)) throw new ApiError('invalid_name_punctuation');
      if (this.channels.some((c) => !c.is_im && c.name === name)) throw new ApiError('name_taken');
      const channel = this.addChannel({ name, is_private: bool(args.is_private), members: [BOT_USER_ID] });
      return { channel: this.channelJson(channel) };
    },

    'conversations.list': (args) => {
      const types = new Set(list(args.types ?? 'public_channel'));
      const all = this.channels.filter((c) => {
        if (bool(args.exclude_archived) && c.is_archived) return false;
        if (c.is_im) return types.has('im');
        if (c.is_mpim) return types.has('mpim') && c.members.includes(BOT_USER_ID);
        if (c.is_private) return types.has('private_channel') && c.members.includes(BOT_USER_ID);
        return types.has('public_channel');
      });
      const { items, next_cursor } = page(all, args, 100);
      return { channels: items.map((c) => this.channelJson(c)), response_metadata: { next_cursor } };
    },

    'conversations.info': (args) => {
      const channel = this.visibleChannel(args.channel);
      const json = this.channelJson(channel);
      if (!bool(args.include_num_members)) delete json.num_members;
      return { channel: json };
    },

    'conversations.members': (args) => {
      const channel = this.visibleChannel(args.channel);
      const { items, next_cursor } = page(channel.members, args, 100);
      return { members: items, response_metadata: { next_cursor } };
    },

    'conversations.join': (args) => {
      const channel = this.visibleChannel(args.channel);
      if (channel.is_im || channel.is_mpim || channel.is_private) throw new ApiError('method_not_supported_for_channel_type');
      if (channel.is_archived) throw new ApiError('is_archived');
      if (channel.members.includes(BOT_USER_ID)) {
        return { channel: this.channelJson(channel), warning: 'already_in_channel', already_in_channel: true };
      }
      channel.members.push(BOT_USER_ID);
      return { channel: this.channelJson(channel) };
    },

    'conversations.invite': (args) => {
      const channel = this.visibleChannel(args.channel);
      if (channel.is_im || channel.is_mpim) throw new ApiError('method_not_supported_for_channel_type');
      if (channel.is_archived) throw new ApiError('is_archived');
      if (!channel.members.includes(BOT_USER_ID)) throw new ApiError('not_in_channel');
      const ids = list(args.users);
      if (ids.length === 0) throw new ApiError('no_user');
      for (const id of ids) {
        if (id === BOT_USER_ID) throw new ApiError('cant_invite_self');
        const user = this.requireUser(id);
        if (user.deleted) throw new ApiError('cant_invite');
        if (channel.members.includes(id)) throw new ApiError('already_in_channel');
      }
      for (const id of new Set(ids)) channel.members.push(id);
      return { channel: this.channelJson(channel) };
    },

    'conversations.open': (args) => {
      if (args.channel !== undefined) {
        const channel = this.visibleChannel(args.channel);
        return { channel: bool(args.return_im) ? this.channelJson(channel) : { id: channel.id }, no_op: true, already_open: true };
      }
      const ids = list(args.users);
      if (ids.length === 0) throw new ApiError('users_list_not_supplied');
      const users = ids.map((id) => this.requireUser(id));
      if (users.some((u) => u.deleted)) throw new ApiError('user_disabled');
      if (users.length === 1) {
        const { channel, existed } = this.openIm(users[0]!);
        return {
          channel: bool(args.return_im) ? this.channelJson(channel) : { id: channel.id },
          ...(existed ? { no_op: true, already_open: true } : {}),
        };
      }
      const members = [...new Set([BOT_USER_ID, ...ids])].sort();
      const name = `mpdm-${members.map((id) => this.users.get(id)!.name).join('--')}-1`;
      const existing = this.channels.find((c) => c.is_mpim && c.name === name);
      const channel = existing ?? this.addChannel({ id: this.newId('G'), name, is_private: true, members });
      channel.is_mpim = true;
      return {
        channel: bool(args.return_im) ? this.channelJson(channel) : { id: channel.id },
        ...(existing ? { no_op: true, already_open: true } : {}),
      };
    },

    'conversations.history': (args) => {
      const channel = this.visibleChannel(args.channel);
      if (!channel.members.includes(BOT_USER_ID)) throw new ApiError('not_in_channel');
      const inclusive = bool(args.inclusive);
      const oldest = str(args.oldest);
      const latest = str(args.latest);
      const inRange = (ts: string) =>
        (oldest === undefined || (inclusive ? Number(ts) >= Number(oldest) : Number(ts) > Number(oldest))) &&
        (latest === undefined || (inclusive ? Number(ts) <= Number(latest) : Number(ts) < Number(latest)));
      const top = this.messageList
        .filter((m) => m.channel === channel.id && !m.ephemeral)
        .filter((m) => m.thread_ts === undefined || m.thread_ts === m.ts || m.reply_broadcast)
        .filter((m) => inRange(m.ts))
        .reverse();
      const { items, next_cursor } = page(top, args, 100);
      return {
        messages: items.map((m) => this.messageJson(m, bool(args.include_all_metadata))),
        has_more: next_cursor !== '',
        pin_count: 0,
        response_metadata: { next_cursor },
      };
    },

    'conversations.replies': (args) => {
      const channel = this.visibleChannel(args.channel);
      const parent = this.messageList.find((m) => m.channel === channel.id && m.ts === args.ts && !m.ephemeral);
      if (!parent) throw new ApiError('thread_not_found');
      const root = parent.thread_ts ?? parent.ts;
      const thread = this.messageList.filter((m) => m.channel === channel.id && !m.ephemeral && (m.ts === root || m.thread_ts === root));
      const { items, next_cursor } = page(thread, args, 1000);
      return {
        messages: items.map((m) => this.messageJson(m, bool(args.include_all_metadata))),
        has_more: next_cursor !== '',
        response_metadata: { next_cursor },
      };
    },

    'chat.postMessage': (args) => {
      const channel = this.postTarget(args.channel);
      const threadTs = str(args.thread_ts);
      const parent = threadTs ? this.messageList.find((m) => m.channel === channel.id && m.ts === threadTs) : undefined;
      const message = this.store({
        channel: channel.id,
        ts: this.nextTs(),
        user: BOT_USER_ID,
        ephemeral: false,
        text: str(args.text),
        blocks: args.blocks,
        attachments: args.attachments,
        metadata: this.metadata(args.metadata),
        thread_ts: parent?.thread_ts ?? threadTs,
        reply_broadcast: threadTs && bool(args.reply_broadcast) ? true : undefined,
        edits: 0,
      });
      return { channel: channel.id, ts: message.ts, message: this.messageJson(message, true) };
    },

    'chat.postEphemeral': (args) => {
      const channel = this.postTarget(args.channel);
      const user = this.requireUser(args.user);
      if (!channel.members.includes(user.id)) throw new ApiError('user_not_in_channel');
      const message = this.store({
        channel: channel.id,
        ts: this.nextTs(),
        user: user.id,
        ephemeral: true,
        text: str(args.text),
        blocks: args.blocks,
        attachments: args.attachments,
        thread_ts: str(args.thread_ts),
        edits: 0,
      });
      return { message_ts: message.ts };
    },

    'chat.update': (args) => {
      const channel = this.visibleChannel(args.channel);
      const message = this.findMessage(channel, args.ts);
      if (message.user !== BOT_USER_ID) throw new ApiError('cant_update_message');
      if (args.text !== undefined) message.text = str(args.text);
      if (args.blocks !== undefined) message.blocks = args.blocks;
      if (args.attachments !== undefined) message.attachments = args.attachments;
      if (args.metadata !== undefined) message.metadata = this.metadata(args.metadata);
      message.edits += 1;
      return { channel: channel.id, ts: message.ts, text: message.text ?? '', message: this.messageJson(message, true) };
    },

    'chat.delete': (args) => {
      const channel = this.visibleChannel(args.channel);
      const message = this.findMessage(channel, args.ts);
      if (message.user !== BOT_USER_ID) throw new ApiError('cant_delete_message');
      this.messageList.splice(this.messageList.indexOf(message), 1);
      return { channel: channel.id, ts: message.ts };
    },

    'chat.getPermalink': (args) => {
      const channel = this.visibleChannel(args.channel);
      const message = this.findMessage(channel, args.message_ts);
      const base = `https://${TEAM_DOMAIN}.slack.com/archives/${channel.id}/p${message.ts.replace('.', '')}`;
      const reply = message.thread_ts !== undefined && message.thread_ts !== message.ts;
      return { channel: channel.id, permalink: reply ? `${base}?thread_ts=${message.thread_ts}&cid=${channel.id}` : base };
    },

    'views.open': (args) => this.openView('views.open', args),

    'views.push': (args) => this.openView('views.push', args),

    'views.update': (args) => {
      const view =
        (args.view_id !== undefined ? this.viewsById.get(String(args.view_id)) : undefined) ??
        (args.external_id !== undefined ? this.views.find((v) => v.external_id === args.external_id) : undefined);
      if (!view) throw new ApiError('not_found');
      if (args.hash !== undefined && args.hash !== view.hash) throw new ApiError('hash_conflict');
      view.view = args.view;
      view.hash = this.newHash();
      view.updates += 1;
      if (typeof args.view.external_id === 'string') view.external_id = args.view.external_id;
      return { view: this.viewJson(view) };
    },

    'views.publish': (args) => {
      const user = this.requireUser(args.user_id);
      const existing = this.homeView(user.id);
      if (existing && args.hash !== undefined && args.hash !== existing.hash) throw new ApiError('hash_conflict');
      const view: FakeView = existing ?? {
        id: this.newId('V'),
        type: 'home',
        view: args.view,
        hash: '',
        method: 'views.publish',
        user_id: user.id,
        updates: -1,
      };
      view.view = args.view;
      view.hash = this.newHash();
      view.updates += 1;
      this.viewsById.set(view.id, view);
      return { view: this.viewJson(view) };
    },

    'files.getUploadURLExternal': (args) => {
      const filename = str(args.filename);
      const length = int(args.length, -1);
      if (!filename || length < 0) throw new ApiError('invalid_arguments');
      const file: FakeFile = {
        id: this.newId('F'),
        filename,
        length,
        uploaded: false,
        completed: false,
        ...(args.alt_text !== undefined ? { alt_text: String(args.alt_text) } : {}),
      };
      this.filesById.set(file.id, file);
      return { upload_url: `${this.baseUrl}upload/v1/${file.id}`, file_id: file.id };
    },

    'files.completeUploadExternal': (args) => {
      const entries = Array.isArray(args.files) ? (args.files as Array<{ id?: string; title?: string }>) : [];
      if (entries.length === 0) throw new ApiError('invalid_arguments');
      const files = entries.map((entry) => {
        const file = entry.id !== undefined ? this.filesById.get(entry.id) : undefined;
        if (!file || !file.uploaded) throw new ApiError('file_not_found');
        return { file, title: entry.title };
      });
      const channelRef = str(args.channel_id) ?? list(args.channels)[0];
      const channel = channelRef !== undefined ? this.postTarget(channelRef) : undefined;
      const threadTs = str(args.thread_ts);
      for (const { file, title } of files) {
        file.completed = true;
        if (title !== undefined) file.title = title;
        if (channel) file.channel_id = channel.id;
        if (args.initial_comment !== undefined) file.initial_comment = String(args.initial_comment);
        if (threadTs !== undefined) file.thread_ts = threadTs;
      }
      if (channel) {
        this.store({
          channel: channel.id,
          ts: this.nextTs(),
          user: BOT_USER_ID,
          ephemeral: false,
          text: str(args.initial_comment) ?? '',
          blocks: args.blocks,
          thread_ts: threadTs,
          files: files.map(({ file }) => file.id),
          edits: 0,
        });
      }
      return { files: files.map(({ file }) => ({ id: file.id, title: file.title ?? file.filename })) };
    },
  };

  private openView(method: 'views.open' | 'views.push', args: Args): FakeResponse {
    const trigger = str(args.trigger_id);
    if (!trigger) throw new ApiError('invalid_arguments');
    if (this.expiredTriggers.has(trigger)) throw new ApiError('expired_trigger_id');
    const view: FakeView = {
      id: this.newId('V'),
      type: 'modal',
      view: args.view,
      hash: this.newHash(),
      method,
      trigger_id: trigger,
      updates: 0,
      ...(typeof args.view.external_id === 'string' ? { external_id: args.view.external_id } : {}),
    };
    this.viewsById.set(view.id, view);
    return { view: this.viewJson(view) };
  }
}

export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  return new FakeSlack(options).listen();
}
