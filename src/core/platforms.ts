/**
 * The platforms the tracker delivers to, as data: names and what the rest of the code may rely on about each.
 * A platform's code lives in its folder, src/platforms/<name>/ (a formatter, a sender and its limits, and its
 * `platform.ts` that says when it is configured and builds its sender); its variables are read in src/config.ts.
 * Adding one: its name here, its folder, its entry in src/platforms/registry.ts (decision 0021).
 */
export const PLATFORMS = ['slack', 'discord', 'webhook', 'matrix', 'teams', 'email'] as const;
export type Platform = (typeof PLATFORMS)[number];

export interface PlatformTraits {
  /**
   * A chat platform: its channels subscribe themselves with `/secnumcloud` and `workspace` is the platform's own
   * (Slack team id, Discord guild id). Otherwise a target managed with `subscriptions add` whose address and
   * credentials are kept apart from the subscription (a secret: never in a job, a log or a plain export).
   */
  chat: boolean;
  /**
   * Each target has its own address and secret, kept in the target store (a webhook's URL and signing key). Otherwise
   * the platform's credentials are in the configuration (Matrix's bot account), and a target is just a name.
   */
  storedSecret: boolean;
  /** What a delivery is promised: exactly once (the platform refuses a repeat), or at least once with a stable key. */
  guarantee: 'exactly-once' | 'at-least-once';
}

export const PLATFORM_TRAITS: Readonly<Record<Platform, PlatformTraits>> = {
  slack: { chat: true, storedSecret: false, guarantee: 'exactly-once' },
  discord: { chat: true, storedSecret: false, guarantee: 'exactly-once' },
  webhook: { chat: false, storedSecret: true, guarantee: 'at-least-once' },
  matrix: { chat: false, storedSecret: false, guarantee: 'exactly-once' },
  teams: { chat: false, storedSecret: true, guarantee: 'at-least-once' },
  // An address is personal data, not a credential, but it is kept as a webhook's URL is: in the target store only
  // (decision 0028), so jobs, logs and plain exports name the target, never the address.
  email: { chat: false, storedSecret: true, guarantee: 'at-least-once' },
};

/** The platforms whose channels are targets managed from the command line, with a stored secret. */
export const TARGET_PLATFORMS = PLATFORMS.filter((p) => !PLATFORM_TRAITS[p].chat);

/**
 * The `workspace` of a target's channel: targets have no workspace of their own, and the field stays (it is in
 * every stored subscription, id and export) with this one value.
 */
export const TARGET_WORKSPACE = 'targets';
