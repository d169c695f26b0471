import type { ChangeEvent } from '../core/events.js';
import type { Offer } from '../core/offer.js';
import type { SourceState } from '../core/source-state.js';
import type { ChannelRef, Subscription } from '../core/subscriptions.js';

export type Lang = 'fr' | 'en';

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
}

export interface CommandDeps {
  subscriptions: SubscriptionStore;
  state: TrackerState;
  clock: () => Date;
  /** TZ_REFERENCE, for "today" and ages. */
  timeZone: string;
}
