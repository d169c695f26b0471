/** Every Redis key the tracker writes, built here and only here, under one prefix. */
export interface Keys {
  prefix: string;
  /** Hash: the last trusted snapshot (state, snapshot JSON, storedAt, firstStoredAt) and its fetch validators. */
  trusted(source: string): string;
  /** String: JSON of the held (suspect) snapshot and the polls that saw it. */
  held(source: string): string;
  /**
   * Hash: the last document of a source whose every list was settled (stored or held): etag, lastModified, bodyHash,
   * and the parserVersion that read it. Stores written before it keep these on the source's `trusted` hash.
   */
  document(source: string): string;
  /** Set: the catalogue lists other than SecNumCloud that a source has stored or held (their trusted/held keys use `source/list`). */
  lists(source: string): string;
  /** Sorted set: a source's kept editions (member: edition date YYYY-MM-DD; score: that date in ms). */
  editions(source: string): string;
  /** Hash: one kept edition: `meta` (JSON: edition, bodyHash, storedAt) and `list:<id>` (JSON of that list's records). */
  edition(source: string, edition: string): string;
  /** List: a news feed's items held back by its caps (maxNewsPerPoll, maxNewsPerDay), as event JSONs, until `accept`. */
  heldNews(source: string): string;
  /** Sorted set: the news events a feed sent in the last 24 hours (score: when), for maxNewsPerDay. */
  newsSent(source: string): string;
  /** Hash: lastSuccessAt, lastAttemptAt, failures, failingSince, lastError, alerted. */
  health(source: string): string;
  /** String with a TTL: the token of the poll of this source now running (one poll of a source at a time, cluster-wide). */
  pollLock(source: string): string;
  /** Stream: the change log, one entry per change event, never trimmed. */
  changes(): string;
  /** Hash: a news feed's validators, body hash and when its baseline was taken. */
  feed(source: string): string;
  /** String with a TTL: a story (by item id, link or normalised title) already seen in some feed. */
  seen(storyKey: string): string;
  /** Set: expiry reminders already sent (offer identity, decision, end date, window). */
  remindersSent(): string;
  /** Hash: every subscription, field `<channel key>#<id>` → JSON. */
  subscriptions(): string;
  /** Counter bumped on every subscription change, so readers can cache the hash. */
  subscriptionsVersion(): string;
  /** Hash: the targets' addresses and secrets (webhook…), field `<channel key>` → JSON; never in a job or a log. */
  targets(): string;
  /** Hash: a channel's settings (lang). */
  channelSettings(channelKey: string): string;
  /** Hash: the channels whose alerts are paused, field `<channel key>` → JSON { at, by }. */
  paused(): string;
  /** Set: the ids of the changes a paused channel did not receive (its count is what `resume` reports). */
  pauseSkipped(channelKey: string): string;
  /** String with a TTL: a test alert was queued for the channel (at most one a minute). */
  testAlertGate(channelKey: string): string;
  /** Stream: a channel's outbox, the deliveries waiting for it, in order. */
  outbox(channelKey: string): string;
  /** Hash: the outbox's drain state (scheduled flag, generation, the fence of the latest drain lease). */
  outboxState(channelKey: string): string;
  /** String with a TTL: the fence of the drain that holds the channel's lease (one drain per channel at a time). */
  outboxLease(channelKey: string): string;
  /** Hash: one delivery (event × channel), or one digest: status, attempt, language, message id, error; a digest's members. */
  delivery(deliveryId: string): string;
  /** Sorted set: deliveries that failed for good, by time. */
  deliveriesFailed(): string;
  /** Hash: a token bucket shared by all workers (a platform's rate limit). */
  rateBucket(name: string): string;
  /** String with a TTL: which process leads a single-instance loop (the fan-out). */
  leader(role: string): string;
  /** Hash: one operations metric shared by every process (counters, or a histogram's buckets, sum and count). */
  metric(name: string): string;
  /** String with a TTL: written by a probe to learn whether Redis accepts writes (at maxmemory it refuses them). */
  probe(name: string): string;
  /** Sorted set with a TTL: the processes of a role on a host (member: pid), scored by their last heartbeat (ms). */
  heartbeat(role: string, host: string): string;
}

export function createKeys(prefix: string): Keys {
  if (!/^[A-Za-z0-9_-]+$/.test(prefix)) throw new Error(`invalid key prefix "${prefix}"`);
  return {
    prefix,
    trusted: (s) => `${prefix}:source:${s}:trusted`,
    held: (s) => `${prefix}:source:${s}:held`,
    document: (s) => `${prefix}:source:${s}:document`,
    lists: (s) => `${prefix}:source:${s}:lists`,
    editions: (s) => `${prefix}:source:${s}:editions`,
    edition: (s, e) => `${prefix}:source:${s}:edition:${e}`,
    heldNews: (s) => `${prefix}:source:${s}:held-news`,
    newsSent: (s) => `${prefix}:source:${s}:news-sent`,
    health: (s) => `${prefix}:source:${s}:health`,
    pollLock: (s) => `${prefix}:source:${s}:poll-lock`,
    changes: () => `${prefix}:changes`,
    feed: (s) => `${prefix}:feed:${s}`,
    seen: (k) => `${prefix}:seen:${k}`,
    remindersSent: () => `${prefix}:reminders:sent`,
    subscriptions: () => `${prefix}:subs`,
    subscriptionsVersion: () => `${prefix}:subs:version`,
    targets: () => `${prefix}:targets`,
    channelSettings: (c) => `${prefix}:channel:${c}`,
    paused: () => `${prefix}:paused`,
    pauseSkipped: (c) => `${prefix}:paused-skipped:${c}`,
    testAlertGate: (c) => `${prefix}:test-alert:${c}`,
    outbox: (c) => `${prefix}:outbox:${c}`,
    outboxState: (c) => `${prefix}:outbox-state:${c}`,
    outboxLease: (c) => `${prefix}:outbox-lease:${c}`,
    delivery: (d) => `${prefix}:delivery:${d}`,
    deliveriesFailed: () => `${prefix}:deliveries:failed`,
    rateBucket: (n) => `${prefix}:rate:${n}`,
    leader: (r) => `${prefix}:leader:${r}`,
    metric: (n) => `${prefix}:metrics:${n}`,
    probe: (n) => `${prefix}:probe:${n}`,
    heartbeat: (r, h) => `${prefix}:heartbeat:${r}:${h}`,
  };
}
