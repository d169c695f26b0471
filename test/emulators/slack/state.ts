/** The fake workspace: channels, users, stored messages and what the emulator recorded. No I/O here. */
import { Waiters } from '../shared.js';

/** A channel as a test declares it. Ids starting with `G` (or `isPrivate`) are private channels. */
export interface ChannelSpec {
  id: string;
  name: string;
  /** Whether the bot user is a member. Default true. */
  isMember?: boolean;
  isArchived?: boolean;
  isPrivate?: boolean;
  /** Other member user ids (the bot is added when `isMember`). */
  members?: string[];
}

/** A channel as the fake holds it. */
export interface Channel {
  id: string;
  name: string;
  isMember: boolean;
  isArchived: boolean;
  isPrivate: boolean;
  members: Set<string>;
  created: number;
}

/** A workspace member as a test declares it (users.info answers these flags). */
export interface UserSpec {
  id: string;
  name: string;
  isAdmin?: boolean;
  isOwner?: boolean;
  isPrimaryOwner?: boolean;
  isBot?: boolean;
  deleted?: boolean;
}

/** A message as Slack stores it (blocks normalised as Slack does: `block_id`, `verbatim`, `emoji` filled in). */
export interface StoredMessage {
  channel: string;
  ts: string;
  user: string;
  bot_id?: string;
  /** Always present: `''` when only blocks were sent. */
  text: string;
  blocks?: unknown[];
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  unfurl_links?: boolean;
  unfurl_media?: boolean;
  thread_ts?: string;
  reply_broadcast?: boolean;
  edited?: { user: string; ts: string };
}

/** One Web API call as received, before any fault or check; `status`/`error` are filled in when answered. */
export interface RecordedCall {
  method: string;
  /** Parsed params: form strings as sent, except `blocks`/`metadata`/`attachments` decoded from JSON. */
  params: Record<string, unknown>;
  token?: string;
  /** Date.now() at arrival. */
  at: number;
  status?: number;
  error?: string;
  /** The scripted or random fault applied, if any (e.g. '429', '500-after-store', 'drop'). */
  fault?: string;
}

/** One POST to a response URL. */
export interface RecordedResponse {
  id: string;
  body: Record<string, unknown>;
  at: number;
  status: number;
}

/** Microseconds since the epoch of a Slack `ts` (or of `oldest`/`latest` values such as `1700000000` or `1700000000.5`). */
export function tsToMicros(ts: string): number {
  return Math.round(Number.parseFloat(ts) * 1e6);
}

/** The Slack `ts` string (`seconds.micro6`) of a microsecond instant. */
export function microsToTs(us: number): string {
  return `${Math.floor(us / 1e6)}.${String(us % 1e6).padStart(6, '0')}`;
}

/** State shared by the server and the method handlers. */
export class Workspace {
  readonly channels = new Map<string, Channel>();
  readonly users = new Map<string, Required<UserSpec>>();
  readonly messages = new Map<string, StoredMessage[]>();
  readonly calls: RecordedCall[] = [];
  readonly responses: RecordedResponse[] = [];
  private lastMicros = 0;
  private readonly waiters = new Waiters('fake slack');

  constructor(
    readonly teamId: string,
    readonly teamDomain: string,
    readonly botUserId: string,
    readonly botId: string,
    readonly appId: string,
  ) {
    this.addUser({ id: botUserId, name: 'secnumcloud-tracker', isBot: true });
  }

  /** Adds (or replaces) a channel; its stored messages are kept. */
  addChannel(spec: ChannelSpec): Channel {
    const isMember = spec.isMember ?? true;
    const members = new Set(spec.members ?? []);
    if (isMember) members.add(this.botUserId);
    const channel: Channel = {
      id: spec.id, name: spec.name, isMember, isArchived: spec.isArchived ?? false,
      isPrivate: spec.isPrivate ?? spec.id.startsWith('G'), members, created: Math.floor(Date.now() / 1000),
    };
    this.channels.set(spec.id, channel);
    if (!this.messages.has(spec.id)) this.messages.set(spec.id, []);
    return channel;
  }

  /** Changes a channel in place (the bot is removed, the channel archived…), effective from the next call. */
  updateChannel(id: string, patch: Partial<Omit<ChannelSpec, 'id'>>): void {
    const c = this.channels.get(id);
    if (!c) throw new Error(`fake slack: no channel ${id}`);
    this.addChannel({ ...c, members: [...c.members].filter((m) => m !== this.botUserId), ...patch, id });
  }

  addUser(spec: UserSpec): void {
    this.users.set(spec.id, {
      isAdmin: false, isOwner: false, isPrimaryOwner: false, isBot: false, deleted: false, ...spec,
    });
  }

  /**
   * A channel by id, or by name (`general` or `#general`) as chat.postMessage accepts. Private channels the bot
   * is not in are invisible to it, as in Slack.
   */
  findChannel(ref: string): Channel | undefined {
    const byId = this.channels.get(ref);
    const found = byId ?? [...this.channels.values()].find((c) => c.name === ref.replace(/^#/, ''));
    return found && (found.isMember || !found.isPrivate) ? found : undefined;
  }

  /** A fresh `ts` from the wall clock in microseconds, strictly increasing across the workspace. */
  nextTs(): string {
    this.lastMicros = Math.max(Date.now() * 1000, this.lastMicros + 1);
    return microsToTs(this.lastMicros);
  }

  /** The channel's messages, oldest first (empty for an unknown channel). */
  messagesIn(channel: string): StoredMessage[] {
    return this.messages.get(channel) ?? [];
  }

  /** Inserts a message in ts order (a seeded message may be older than stored ones). */
  store(message: StoredMessage): void {
    const list = this.messages.get(message.channel) ?? [];
    const at = list.findIndex((m) => tsToMicros(m.ts) > tsToMicros(message.ts));
    if (at < 0) list.push(message);
    else list.splice(at, 0, message);
    this.messages.set(message.channel, list);
    this.changed();
  }

  /** Wakes the `waitFor` predicates; called after every recorded change. */
  changed(): void {
    this.waiters.changed();
  }

  /** Resolves once `predicate()` is true (checked now and after each change), rejects after `timeoutMs`. */
  waitFor(predicate: () => boolean, timeoutMs: number, what = 'condition'): Promise<void> {
    return this.waiters.waitFor(predicate, timeoutMs, what);
  }
}
