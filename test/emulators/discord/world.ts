/** The fake's state besides the guild directory: messages, interactions, commands, and what it recorded. */
import { Waiters } from '../shared.js';
import type { Directory } from './model.js';
import { apiMessage, apiUser, type StoredMessage } from './payloads.js';
import { snowflake, type Clock } from './time.js';

type Json = Record<string, unknown>;

/** One REST request as received; `status`, `code` and `fault` are filled in when answered. */
export interface RecordedRequest {
  method: string;
  /** The path after `/api/v10`, e.g. `/channels/123/messages`. */
  path: string;
  /** The route key, e.g. `POST /channels/:id/messages`; undefined for an unknown route. */
  route?: string;
  query: Record<string, string>;
  /** The JSON body, or the raw text when it was not JSON. */
  body: unknown;
  authorization?: string;
  userAgent?: string;
  /** Date.now() at arrival. */
  at: number;
  status?: number;
  /** Discord's JSON error code, when the answer was an error. */
  code?: number;
  /** The scripted or random fault applied ('429', '500-after-store', 'code:50001', 'drop'…). */
  fault?: string;
}

/** One interaction callback (`POST /interactions/:id/:token/callback`), accepted or not. */
export interface RecordedCallback {
  interactionId: string;
  token: string;
  /** 4 reply, 5 deferred reply, 8 autocomplete result, 9 modal… */
  type: number;
  data?: Json;
  /** Emulated milliseconds between the INTERACTION_CREATE dispatch and this callback. */
  elapsedMs: number;
  /** 204 (or 200 with `with_response=true`) when accepted; 404 code 10062 late or unknown; 400 code 40060 twice. */
  status: number;
  code?: number;
  withResponse: boolean;
}

/** One follow-up (`POST /webhooks/:app/:token`) or edit (`PATCH …/messages/@original` or `…/:id`). */
export interface RecordedFollowUp {
  token: string;
  kind: 'followUp' | 'edit';
  /** The message created or edited ('@original' as addressed, for edits of the original). */
  messageId: string;
  body: Json;
  elapsedMs: number;
  status: number;
  code?: number;
}

/** A registration of command definitions (`PUT …/commands`), as sent. */
export interface RecordedDeploy { guildId?: string; definitions: unknown; status: number }

/** An interaction the fake dispatched, and what became of it. */
export interface InteractionState {
  id: string;
  token: string;
  type: number;
  guildId: string;
  channelId: string;
  userId: string;
  commandName: string;
  /** Emulated ms at dispatch. */
  dispatchedAt: number;
  /** The callback type once acknowledged. */
  acknowledged?: number;
  original?: StoredMessage;
  followUps: StoredMessage[];
}

/** Shared state of the REST routes, the gateway and the test helpers. */
export class World {
  readonly messages = new Map<string, StoredMessage[]>();
  readonly requests: RecordedRequest[] = [];
  readonly callbacks: RecordedCallback[] = [];
  readonly followUps: RecordedFollowUp[] = [];
  readonly deploys: RecordedDeploy[] = [];
  readonly interactions = new Map<string, InteractionState>();
  /** Registered commands: key '' for global ones, else the guild id; then by `${type}:${name}`. */
  readonly commands = new Map<string, Map<string, Json>>();
  private readonly nonces = new Map<string, { message: StoredMessage; at: number }>();
  private readonly waiters = new Waiters('fake discord');
  /** Set by the server: sends a dispatch to the sessions that should see it. */
  dispatch: (t: string, d: unknown, guildId: string | undefined, intent: number) => void = () => {};

  constructor(readonly dir: Directory, readonly clock: Clock, readonly applicationId: string, readonly nonceWindowMs: number) {}

  get botUserId(): string {
    return this.dir.botUserId;
  }

  /** The message of the bot in this channel with this nonce, if sent within the nonce window. */
  recentNonce(channelId: string, nonce: unknown): StoredMessage | undefined {
    const hit = this.nonces.get(`${channelId}|${String(nonce)}`);
    return hit && this.clock.now() - hit.at <= this.nonceWindowMs ? hit.message : undefined;
  }

  /** Creates a message of the bot (as the bot or as the application's webhook); non-ephemeral ones go to the channel. */
  createMessage(channelId: string, fields: Partial<StoredMessage>): StoredMessage {
    const found = this.dir.findChannel(channelId);
    const m: StoredMessage = {
      id: snowflake(), channel_id: channelId, ...(found ? { guild_id: found.guild.id } : {}),
      author: apiUser(this.dir.users.get(this.botUserId), this.botUserId), content: '', embeds: [], flags: 0, type: 0,
      timestamp: new Date().toISOString(), edited_timestamp: null, components: [], tts: false, ...fields,
    };
    if (m.nonce !== undefined) this.nonces.set(`${channelId}|${String(m.nonce)}`, { message: m, at: this.clock.now() });
    if ((m.flags & 64) === 0) {
      const list = this.messages.get(channelId) ?? [];
      list.push(m);
      this.messages.set(channelId, list);
      if (found) found.channel.lastMessageId = m.id;
      const member = found?.guild.members.get(this.botUserId);
      // GUILD_MESSAGES (1 << 9); the bot's own messages carry their content without MESSAGE_CONTENT.
      this.dispatch('MESSAGE_CREATE', {
        ...apiMessage(m), guild_id: found?.guild.id, ...(member ? { member: { roles: member.roles, joined_at: member.joinedAt } } : {}),
      }, found?.guild.id, 1 << 9);
    }
    this.changed();
    return m;
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
