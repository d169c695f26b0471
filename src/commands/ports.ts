import type { Edition, EditionMeta } from '../core/editions.js';
import type { TestNotice } from '../core/delivery.js';
import type { ChangeEvent } from '../core/events.js';
import type { Offer } from '../core/offer.js';
import type { SourceState } from '../core/source-state.js';
import type { ChannelRef, Subscription } from '../core/subscriptions.js';

export type Lang = 'fr' | 'en';

/** A channel's pause (`/secnumcloud pause`): since when (ISO instant), and who paused it. */
export interface PauseState {
  at: string;
  by?: string;
}

/** Subscriptions and per-channel settings (src/store/subscription-store.ts is the Redis one). */
export interface SubscriptionStore {
  /** Adds (or returns unchanged, when the same one exists) a subscription; validated on the way in. */
  add(sub: Subscription): Promise<{ created: boolean; subscription: Subscription }>;
  list(channel: ChannelRef): Promise<Subscription[]>;
  /** Removes one subscription of the channel by id; false when the channel has no such id. */
  remove(channel: ChannelRef, id: string): Promise<boolean>;
  /** Removes every subscription of the channel; returns how many. */
  removeAll(channel: ChannelRef): Promise<number>;
  getLang(channel: ChannelRef): Promise<Lang | undefined>;
  setLang(channel: ChannelRef, lang: Lang): Promise<void>;
  /**
   * Pauses the channel's alerts: the fan-out then queues nothing for it and counts the changes it skips. `created`
   * is false when the channel was already paused (`pause` is then the earlier one, left as it was).
   */
  pause(channel: ChannelRef, by: string | undefined, at: Date): Promise<{ created: boolean; pause: PauseState }>;
  /** Ends the pause: what it was and how many changes it skipped; undefined when the channel was not paused. */
  resume(channel: ChannelRef): Promise<{ pause: PauseState; skipped: number } | undefined>;
  /** The channel's pause, when it is paused. */
  pausedSince(channel: ChannelRef): Promise<PauseState | undefined>;
}

/** What a test alert is built from, in the order `test` looks for one. */
export type TestBasis = 'matching' | 'latest' | 'sample' | 'none';

/** How a queued alert ended, as far as the delivery records say after a wait. */
export type AlertOutcome =
  | { status: 'sent' }
  | { status: 'failed'; reason: string }
  /** Not settled within the wait: still queued (`queued`: items ahead of it in the channel's outbox) or being sent. */
  | { status: 'pending'; queued: number };

/**
 * Test alerts (`/secnumcloud test`), through the real delivery path: the channel's outbox, its drain, the rate
 * limits and the in-doubt handling. A test alert is a notice with a delivery id of its own at each call: it is
 * never in the change log, and it never stands for (nor blocks) the real delivery of the change it shows.
 */
export interface TestAlerts {
  /**
   * Queues a test alert for the channel unless one was queued there less than a minute ago (then says how long to
   * wait). The gate is taken here, after the caller's checks, so a refused command never uses the minute.
   */
  queue(channel: ChannelRef, notice: TestNotice): Promise<{ deliveryId: string } | { retryInMs: number }>;
  /** Waits up to `timeoutMs` for the delivery to settle, then says where it is. */
  outcome(channel: ChannelRef, deliveryId: string, timeoutMs: number): Promise<AlertOutcome>;
}


/**
 * A source as every view sees it: its name, kind, last checks, and its state from the one model
 * (src/core/source-state.ts). The stored error text is left out on purpose: it names URLs (a private feed's
 * key) and internal hosts; views say the kind of failure (`health.failure.kind`).
 */
export interface SourceStatus {
  id: string;
  name?: string;
  kind: string;
  enabled: boolean;
  lastSuccessAt?: string;
  lastAttemptAt?: string;
  /** Consecutive failed checks (0 after a success). */
  failures: number;
  /** A document (or a batch of news) is held as suspect, not alerted. */
  held: boolean;
  /** The state the views show: never, working, failing, held, overdue or disabled, with the failure's details. */
  health: SourceState;
  /** When the source's first document was trusted (a catalogue's baseline, a feed's first poll). */
  trustedSince?: string;
}

/** The tracker's state as the commands read it (src/store readers; fakes in tests). */
export interface TrackerState {
  /** Qualified offers, as in the last trusted catalogue(s), with the edition date. */
  qualified(): Promise<{ offers: Offer[]; edition?: string }>;
  /** "En cours de qualification" entries, from the last trusted page(s). */
  inProgress(): Promise<Offer[]>;
  sources(): Promise<SourceStatus[]>;
  /** The latest change events for subscribers (no operator events), newest first. */
  latestChanges(count: number): Promise<ChangeEvent[]>;
  /**
   * Every catalogue list followed, SecNumCloud first then by id: its last trusted records and edition, or
   * `read: false` when none was stored yet; `held` when a newer document of it waits for confirmation.
   */
  lists(): Promise<ListState[]>;
  /** The kept editions of the catalogue(s) (absent where no edition store is wired). */
  editions?: EditionReader;
}

/** One catalogue list as the views show it. */
export interface ListState {
  list: string;
  read: boolean;
  held: boolean;
  offers: Offer[];
  edition?: string;
}

/** The catalogue's kept editions, for "as of" questions (src/store/edition-store.ts). */
export interface EditionReader {
  /** Every kept edition, oldest first. */
  list(): Promise<EditionMeta[]>;
  /** One edition with the records of `lists` (every kept list when absent). */
  get(edition: string, lists?: readonly string[]): Promise<Edition | undefined>;
}

/** Who runs a command, and where: the platform adapter fills it from the interaction. */
export interface Invocation {
  channel: ChannelRef;
  user: string;
  /** The platform's locale for the channel or guild, when it gives one (default language). */
  locale?: string;
  /** Whether the user may manage subscriptions here (Slack: admin when required; Discord: Manage Channels). */
  canManage: boolean;
  /** Why not, in words for the user, when canManage is false. */
  cannotManageReason?: string;
  /** With reason `bot-permissions`: the permissions the bot lacks in this channel (Discord's names, e.g. SendMessages). */
  botMissing?: string[];
}

export interface CommandDeps {
  subscriptions: SubscriptionStore;
  state: TrackerState;
  /** Test alerts; absent where no delivery path is wired (then `test` says so). */
  alerts?: TestAlerts;
  clock: () => Date;
  /** TZ_REFERENCE, for "today" and ages. */
  timeZone: string;
  /** PUBLIC_URL: `timeline` links to the provider's page when set. */
  publicUrl?: string;
}
