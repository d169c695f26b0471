import { z } from 'zod';
import { SERVICE_TYPES } from './offer.js';
import { PLATFORM_TRAITS } from './platforms.js';
import { channelKey, PLATFORMS, TOPICS, type ChannelRef, type Subscription } from './subscriptions.js';
import { OMITTED_SECRETS, targetSchema, type Target } from './targets.js';

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
  types: z.array(z.enum(SERVICE_TYPES)).max(SERVICE_TYPES.length).optional(),
  exclude: z.array(text).max(20).optional(),
  lists: z.array(z.string().regex(/^[a-z0-9-]+$/).max(60)).max(40).optional(),
  categories: z.array(text).max(20).optional(),
  // Written only when true: a subscription without product reminders carries no field (and keeps its id).
  productReminders: z.boolean().optional(),
});

export const LANGS = ['fr', 'en'] as const;
/** A channel's chosen language. */
export const channelLangSchema = z.object({ channel: channelRefSchema, lang: z.enum(LANGS) });
export type ChannelLang = z.infer<typeof channelLangSchema>;

const pauseSchema = z.strictObject({ at: z.iso.datetime({ offset: true }), by: z.string().max(200).optional() });
/** A channel whose alerts are paused (`/secnumcloud pause`): since when, and by whom. */
export const channelPauseSchema = z.object({ channel: channelRefSchema, ...pauseSchema.shape });
export type ChannelPause = z.infer<typeof channelPauseSchema>;

export const SUBSCRIPTIONS_FORMAT = 'secnumcloud-tracker/subscriptions';

/**
 * `subscriptions export`'s document: every channel that has subscriptions, a chosen language or a pause, with
 * everything the store keeps about it. Version 2 adds what version 1 lacked (a subscription's `types` and
 * `exclude`, a channel's `paused`); version 3 adds a subscription's catalogue `lists`, the platforms that are targets
 * (webhook, Matrix) and their `target` (the credentials, or `{ "secrets": "omitted" }` in a plain export); version 4
 * adds a subscription's qualified-product `categories` and `productReminders` (decision 0026). An export
 * has the lowest version whose fields it uses, so that a tracker that reads only version 1 still reads an export that
 * needs no more. Unknown fields are refused, so a typo in a hand-edited file is an error rather than a silently
 * dropped filter.
 */
const channelEntry = z.strictObject({
  platform: z.enum(PLATFORMS),
  workspace: text,
  channel: text,
  lang: z.enum(LANGS).optional(),
  paused: pauseSchema.optional(),
  target: z.union([z.strictObject({ secrets: z.literal(OMITTED_SECRETS.secrets) }), targetSchema]).optional(),
  subscriptions: z.array(z.strictObject(subscriptionSchema.omit({ channel: true }).shape)),
});

/** The versions this tracker reads, and the fields each one added. */
export const DOCUMENT_VERSIONS = [1, 2, 3, 4] as const;
const V2_SUBSCRIPTION_FIELDS = ['types', 'exclude'] as const;
const V3_SUBSCRIPTION_FIELDS = ['lists'] as const;
const V4_SUBSCRIPTION_FIELDS = ['categories', 'productReminders'] as const;

export const subscriptionsDocumentSchema = z
  .strictObject({
    format: z.literal(SUBSCRIPTIONS_FORMAT, { error: `not a subscriptions export (format must be "${SUBSCRIPTIONS_FORMAT}")` }),
    version: z.literal(DOCUMENT_VERSIONS, { error: 'unsupported version (this tracker reads versions 1 to 4)' }),
    exportedAt: z.iso.datetime({ offset: true }),
    channels: z.array(channelEntry),
  })
  .superRefine((doc, ctx) => {
    const seen = new Set<string>();
    const needsV2 = (path: Array<string | number>, field: string): void => {
      if (doc.version === 1) ctx.addIssue({ code: 'custom', path, message: `${field} needs version 2 of the document (this one says version 1)` });
    };
    doc.channels.forEach((c, i) => {
      const key = channelKey(c);
      const target = !PLATFORM_TRAITS[c.platform].chat;
      if (target && doc.version < 3) ctx.addIssue({ code: 'custom', path: ['channels', i, 'platform'], message: `${c.platform} needs version 3 of the document (this one says version ${doc.version})` });
      if (c.target && !PLATFORM_TRAITS[c.platform].storedSecret) ctx.addIssue({ code: 'custom', path: ['channels', i, 'target'], message: `a ${c.platform} channel has no target credentials` });
      // An e-mail target holds an address, a URL target a URL: one in place of the other could never be delivered.
      else if (c.target && !('secrets' in c.target) && (c.platform === 'email') !== 'address' in c.target) {
        ctx.addIssue({ code: 'custom', path: ['channels', i, 'target'], message: c.platform === 'email' ? 'an e-mail target takes { address, digest }' : `a ${c.platform} target takes { url, secret }, not an address` });
      }
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['channels', i], message: `channel ${key} is listed twice` });
      seen.add(key);
      if (c.paused) needsV2(['channels', i, 'paused'], 'paused');
      const ids = new Set<string>();
      c.subscriptions.forEach((s, j) => {
        if (ids.has(s.id)) ctx.addIssue({ code: 'custom', path: ['channels', i, 'subscriptions', j, 'id'], message: `${s.id} is listed twice in ${key}` });
        ids.add(s.id);
        for (const f of V2_SUBSCRIPTION_FIELDS) if (s[f] !== undefined) needsV2(['channels', i, 'subscriptions', j, f], f);
        for (const [fields, version] of [[V3_SUBSCRIPTION_FIELDS, 3], [V4_SUBSCRIPTION_FIELDS, 4]] as const) {
          for (const f of fields) {
            if (s[f] !== undefined && doc.version < version) {
              ctx.addIssue({ code: 'custom', path: ['channels', i, 'subscriptions', j, f], message: `${f} needs version ${version} of the document (this one says version ${doc.version})` });
            }
          }
        }
      });
    });
  });

export type SubscriptionsDocument = z.infer<typeof subscriptionsDocumentSchema>;

/**
 * A subscription as a document lists it: the same fields, in a stable order, the channel given by its entry, and
 * no empty `types` or `exclude` (an empty filter is no filter: written as absent, as version 1 had it).
 */
function canonical(s: Subscription): Subscription {
  const { types, exclude, lists, categories, productReminders, ...rest } = subscriptionSchema.parse(s) as Subscription;
  return {
    ...rest,
    ...(types?.length ? { types } : {}),
    ...(exclude?.length ? { exclude } : {}),
    ...(lists?.length ? { lists } : {}),
    ...(categories?.length ? { categories } : {}),
    ...(productReminders ? { productReminders } : {}),
  };
}

/** Targets' credentials for an export: `secrets` true (`--with-secrets`) writes them, else each is marked as omitted. */
export interface ExportTargets {
  stored: ReadonlyMap<string, Target>;
  secrets: boolean;
}

/**
 * The document for the store's subscriptions, languages and pauses: channels and subscriptions in a stable order;
 * a target's channel carries its credentials only with `targets.secrets`.
 */
export function toDocument(subs: readonly Subscription[], langs: readonly ChannelLang[], pauses: readonly ChannelPause[], exportedAt: Date, targets?: ExportTargets): SubscriptionsDocument {
  const channels = new Map<string, SubscriptionsDocument['channels'][number]>();
  const entry = (c: ChannelRef) => {
    const key = channelKey(c);
    if (!channels.has(key)) channels.set(key, { platform: c.platform, workspace: c.workspace, channel: c.channel, subscriptions: [] });
    return channels.get(key)!;
  };
  for (const l of langs) entry(l.channel).lang = l.lang;
  for (const p of pauses) entry(p.channel).paused = { at: p.at, ...(p.by ? { by: p.by } : {}) };
  for (const s of subs) {
    const { channel, ...rest } = canonical(s);
    entry(channel).subscriptions.push(rest);
  }
  for (const [key, c] of channels) {
    const stored = targets?.stored.get(key);
    if (stored && PLATFORM_TRAITS[c.platform].storedSecret) c.target = targets?.secrets ? { ...stored } : { ...OMITTED_SECRETS };
  }
  const sorted = [...channels.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, c]) => c);
  for (const c of sorted) c.subscriptions.sort((a, b) => (a.id < b.id ? -1 : 1));
  const v4 = sorted.some((c) => c.subscriptions.some((s) => V4_SUBSCRIPTION_FIELDS.some((f) => s[f] !== undefined)));
  const v3 = sorted.some((c) => !PLATFORM_TRAITS[c.platform].chat || c.subscriptions.some((s) => V3_SUBSCRIPTION_FIELDS.some((f) => s[f] !== undefined)));
  const v2 = sorted.some((c) => c.paused || c.subscriptions.some((s) => V2_SUBSCRIPTION_FIELDS.some((f) => s[f] !== undefined)));
  return { format: SUBSCRIPTIONS_FORMAT, version: v4 ? 4 : v3 ? 3 : v2 ? 2 : 1, exportedAt: exportedAt.toISOString(), channels: sorted };
}

export interface ImportPlan {
  /** Subscriptions to write: new ones, and those whose stored copy differs (same channel and id). */
  subscriptions: Subscription[];
  languages: ChannelLang[];
  /** Channels to pause (a channel already paused keeps its own pause). */
  paused: ChannelPause[];
  /** Targets' credentials to write (those the document carries and that differ from the stored ones). */
  targets: Array<{ channel: ChannelRef; target: Target }>;
  counts: {
    channels: number; added: number; updated: number; unchanged: number; languagesSet: number; languagesUnchanged: number;
    /** Version 2 documents only: channels paused by the import, and those already paused. */
    pausedSet?: number; pausedUnchanged?: number;
    /** Version 3 documents and later: targets written, and targets whose credentials the document omits and none are stored. */
    targetsSet?: number; targetsMissing?: number;
  };
}

/**
 * What importing a document into the current state changes. A merge: subscriptions, languages and pauses the
 * document does not mention are kept; subscriptions it lists replace the stored ones with the same channel and id;
 * a channel it says is paused is paused (one already paused is left as it is). Planning against the state it
 * produced gives an empty plan, so importing twice changes nothing.
 */
export function planImport(
  current: { subscriptions: readonly Subscription[]; languages: readonly ChannelLang[]; paused: readonly ChannelPause[]; targets?: ReadonlyMap<string, Target> },
  doc: SubscriptionsDocument,
): ImportPlan {
  const stored = new Map(current.subscriptions.map((s) => [`${channelKey(s.channel)}#${s.id}`, JSON.stringify(canonicalOrRaw(s))]));
  const storedLang = new Map(current.languages.map((l) => [channelKey(l.channel), l.lang]));
  const storedPause = new Set(current.paused.map((p) => channelKey(p.channel)));
  const counts: ImportPlan['counts'] = { channels: doc.channels.length, added: 0, updated: 0, unchanged: 0, languagesSet: 0, languagesUnchanged: 0 };
  if (doc.version >= 2) Object.assign(counts, { pausedSet: 0, pausedUnchanged: 0 });
  if (doc.version >= 3) Object.assign(counts, { targetsSet: 0, targetsMissing: 0 });
  const plan: ImportPlan = { subscriptions: [], languages: [], paused: [], targets: [], counts };
  for (const { subscriptions, lang, paused, target, ...ref } of doc.channels) {
    const channel: ChannelRef = { platform: ref.platform, workspace: ref.workspace, channel: ref.channel };
    const storedTarget = current.targets?.get(channelKey(channel));
    if (target && !('secrets' in target)) {
      if (JSON.stringify(storedTarget) !== JSON.stringify(target)) {
        plan.targets.push({ channel, target });
        counts.targetsSet = (counts.targetsSet ?? 0) + 1;
      }
    } else if (PLATFORM_TRAITS[channel.platform].storedSecret && !storedTarget) counts.targetsMissing = (counts.targetsMissing ?? 0) + 1;
    for (const s of subscriptions) {
      const sub = canonical({ ...s, channel });
      const before = stored.get(`${channelKey(channel)}#${sub.id}`);
      if (before === JSON.stringify(sub)) counts.unchanged++;
      else {
        plan.subscriptions.push(sub);
        counts[before === undefined ? 'added' : 'updated']++;
      }
    }
    if (paused && storedPause.has(channelKey(channel))) counts.pausedUnchanged = (counts.pausedUnchanged ?? 0) + 1;
    else if (paused) {
      plan.paused.push({ channel, ...paused });
      counts.pausedSet = (counts.pausedSet ?? 0) + 1;
    }
    if (lang === undefined) continue;
    if (storedLang.get(channelKey(channel)) === lang) counts.languagesUnchanged++;
    else {
      plan.languages.push({ channel, lang });
      counts.languagesSet++;
    }
  }
  return plan;
}

/** A stored subscription in canonical form; one the schema would refuse today is compared as it is (and differs). */
function canonicalOrRaw(s: Subscription): Subscription {
  return subscriptionSchema.safeParse(s).success ? canonical(s) : s;
}
