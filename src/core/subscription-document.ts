import { z } from 'zod';
import { channelKey, PLATFORMS, TOPICS, type ChannelRef, type Subscription } from './subscriptions.js';

const text = z.string().trim().min(1).max(200);
const channelRefSchema = z.object({ platform: z.enum(PLATFORMS), workspace: text, channel: text });

/** A well-formed subscription: what the store accepts and what an export document carries. */
export const subscriptionSchema = z.object({
  id: z.string().regex(/^s[0-9a-f]{6}$/),
  channel: channelRefSchema,
  topics: z.array(z.enum(TOPICS)).min(1),
  providers: z.array(text).max(20),
  keywords: z.array(text).max(20),
  createdAt: z.string(),
  createdBy: z.string().optional(),
  disabled: z.object({ reason: z.string(), at: z.string() }).optional(),
});

export const LANGS = ['fr', 'en'] as const;
/** A channel's chosen language. */
export const channelLangSchema = z.object({ channel: channelRefSchema, lang: z.enum(LANGS) });
export type ChannelLang = z.infer<typeof channelLangSchema>;

export const SUBSCRIPTIONS_FORMAT = 'secnumcloud-tracker/subscriptions';

/**
 * `subscriptions export`'s document, version 1: every channel that has subscriptions or a chosen language,
 * with everything the store keeps about it. Unknown fields are refused, so a typo in a hand-edited file is
 * an error rather than a silently dropped filter.
 */
const channelEntry = z.strictObject({
  platform: z.enum(PLATFORMS),
  workspace: text,
  channel: text,
  lang: z.enum(LANGS).optional(),
  subscriptions: z.array(z.strictObject(subscriptionSchema.omit({ channel: true }).shape)),
});

export const subscriptionsDocumentSchema = z
  .strictObject({
    format: z.literal(SUBSCRIPTIONS_FORMAT, { error: `not a subscriptions export (format must be "${SUBSCRIPTIONS_FORMAT}")` }),
    version: z.literal(1, { error: 'unsupported version (this tracker reads version 1)' }),
    exportedAt: z.iso.datetime({ offset: true }),
    channels: z.array(channelEntry),
  })
  .superRefine((doc, ctx) => {
    const seen = new Set<string>();
    doc.channels.forEach((c, i) => {
      const key = channelKey(c);
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['channels', i], message: `channel ${key} is listed twice` });
      seen.add(key);
      const ids = new Set<string>();
      c.subscriptions.forEach((s, j) => {
        if (ids.has(s.id)) ctx.addIssue({ code: 'custom', path: ['channels', i, 'subscriptions', j, 'id'], message: `${s.id} is listed twice in ${key}` });
        ids.add(s.id);
      });
    });
  });

export type SubscriptionsDocument = z.infer<typeof subscriptionsDocumentSchema>;

/** A subscription as a document lists it: the same fields, in a stable order, the channel given by its entry. */
const canonical = (s: Subscription): Subscription => subscriptionSchema.parse(s) as Subscription;

/** The document for the store's subscriptions and languages: channels and subscriptions in a stable order. */
export function toDocument(subs: readonly Subscription[], langs: readonly ChannelLang[], exportedAt: Date): SubscriptionsDocument {
  const channels = new Map<string, SubscriptionsDocument['channels'][number]>();
  const entry = (c: ChannelRef) => {
    const key = channelKey(c);
    if (!channels.has(key)) channels.set(key, { platform: c.platform, workspace: c.workspace, channel: c.channel, subscriptions: [] });
    return channels.get(key)!;
  };
  for (const l of langs) entry(l.channel).lang = l.lang;
  for (const s of subs) {
    const { channel, ...rest } = canonical(s);
    entry(channel).subscriptions.push(rest);
  }
  const sorted = [...channels.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, c]) => c);
  for (const c of sorted) c.subscriptions.sort((a, b) => (a.id < b.id ? -1 : 1));
  return { format: SUBSCRIPTIONS_FORMAT, version: 1, exportedAt: exportedAt.toISOString(), channels: sorted };
}

export interface ImportPlan {
  /** Subscriptions to write: new ones, and those whose stored copy differs (same channel and id). */
  subscriptions: Subscription[];
  languages: ChannelLang[];
  counts: { channels: number; added: number; updated: number; unchanged: number; languagesSet: number; languagesUnchanged: number };
}

/**
 * What importing a document into the current state changes. A merge: subscriptions and languages the
 * document does not mention are kept; those it lists replace the stored ones with the same channel and id.
 * Planning against the state it produced gives an empty plan, so importing twice changes nothing.
 */
export function planImport(current: { subscriptions: readonly Subscription[]; languages: readonly ChannelLang[] }, doc: SubscriptionsDocument): ImportPlan {
  const stored = new Map(current.subscriptions.map((s) => [`${channelKey(s.channel)}#${s.id}`, JSON.stringify(canonicalOrRaw(s))]));
  const storedLang = new Map(current.languages.map((l) => [channelKey(l.channel), l.lang]));
  const plan: ImportPlan = { subscriptions: [], languages: [], counts: { channels: doc.channels.length, added: 0, updated: 0, unchanged: 0, languagesSet: 0, languagesUnchanged: 0 } };
  for (const { subscriptions, lang, ...ref } of doc.channels) {
    const channel: ChannelRef = { platform: ref.platform, workspace: ref.workspace, channel: ref.channel };
    for (const s of subscriptions) {
      const sub = canonical({ ...s, channel });
      const before = stored.get(`${channelKey(channel)}#${sub.id}`);
      if (before === JSON.stringify(sub)) plan.counts.unchanged++;
      else {
        plan.subscriptions.push(sub);
        plan.counts[before === undefined ? 'added' : 'updated']++;
      }
    }
    if (lang === undefined) continue;
    if (storedLang.get(channelKey(channel)) === lang) plan.counts.languagesUnchanged++;
    else {
      plan.languages.push({ channel, lang });
      plan.counts.languagesSet++;
    }
  }
  return plan;
}

/** A stored subscription in canonical form; one the schema would refuse today is compared as it is (and differs). */
function canonicalOrRaw(s: Subscription): Subscription {
  const parsed = subscriptionSchema.safeParse(s);
  return parsed.success ? (parsed.data as Subscription) : s;
}
