import { catalogueListsOf } from '../commands/grammar.js';
import { en } from '../commands/i18n-en.js';
import { productFilters } from '../commands/subscribe.js';
import { LIST_WORDS } from '../core/list-names.js';
import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { SERVICE_TYPES, type ServiceType } from '../core/offer.js';
import { PLATFORM_TRAITS, TARGET_PLATFORMS, TARGET_WORKSPACE, type Platform } from '../core/platforms.js';
import { sha256 } from '../core/snapshot.js';
import { subscriptionSchema } from '../core/subscription-document.js';
import { channelKey, subscriptionId, TOPICS, type ChannelRef, type Subscription, type Topic } from '../core/subscriptions.js';
import { DIGEST_MODES, emailTargetSchema, isEmailTarget, isWebhookTarget, webhookTargetSchema, type EmailTarget } from '../core/targets.js';
import { isNotPublic } from '../platforms/target-address.js';
import { createSubscriptionStore } from '../store/subscription-store.js';
import { eraseChannel } from '../store/erase-channel.js';
import { createTargetStore } from '../store/target-store.js';
import { openRuntime } from '../../workers/runtime.js';
import type { CliContext } from './context.js';
import { printTable } from './table.js';
import { InputError } from './errors.js';
import type { AddTargetOptions } from './program.js';

type AddOptions = AddTargetOptions;

const NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/;

function topicsOf(text: string): Topic[] {
  const words = text.split(',').map((t) => t.trim()).filter(Boolean);
  if (words.includes('all')) return [...TOPICS];
  const bad = words.filter((w) => !(TOPICS as readonly string[]).includes(w));
  if (bad.length > 0 || words.length === 0) throw new InputError(`--topics: ${bad.join(', ') || '(empty)'} (topics: ${TOPICS.join(', ')}, or all)`);
  return TOPICS.filter((t) => words.includes(t));
}

function typesOf(given: readonly string[]): ServiceType[] {
  const bad = given.filter((t) => !(SERVICE_TYPES as readonly string[]).includes(t));
  if (bad.length > 0) throw new InputError(`--type: ${bad.join(', ')} (types: ${SERVICE_TYPES.join(', ')})`);
  return SERVICE_TYPES.filter((t) => given.includes(t));
}

/** `--catalogue` values as `catalogue:` takes them in chat (ids, short names, or all), in the catalogue's order. */
function listsOf(given: readonly string[]): string[] {
  const read = catalogueListsOf(given);
  if ('unknown' in read) throw new InputError(`--catalogue: ${read.unknown} (lists: ${Object.keys(LIST_WORDS).join(', ')}, or all)`);
  return read.lists;
}

/** A Matrix room id (`!opaque:server`): what the client-server API addresses; an alias (#name:server) is not. */
const ROOM = /^![^\s:/]+:[^\s/]+$/;

export interface AddPlan {
  sub: Subscription;
  /** A target's credentials (platforms with storedSecret): a webhook's URL and secret (`generated`: not given), a Teams URL. */
  target?: { url: string; secret?: string; generated: boolean };
  /** An e-mail target: its address and digest mode. */
  email?: EmailTarget;
  /** The channel's language, when --lang is given. */
  lang?: 'fr' | 'en';
}

/**
 * An e-mail target's name: --name, or the name of the target that already has this address (adding it again finds
 * it), or a random one: never derived from the address, so that nothing left after an erase can be linked to it.
 */
const emailName = (o: AddOptions): string => o.name ?? `email-${randomBytes(5).toString('hex')}`;

/** Where the target is: its channel name, and its credentials when the platform keeps them per target. */
function targetOf(platform: Platform, o: AddOptions, allowPrivate: boolean): { name: string; target?: AddPlan['target']; email?: EmailTarget } {
  if (platform !== 'email' && (o.address || o.digest)) throw new InputError('--address and --digest are for e-mail targets');
  if (platform === 'email') {
    if (o.url || o.secret || o.room) throw new InputError('--url, --secret and --room are not for e-mail: it takes --address (and --digest, --lang)');
    if (!o.address) throw new InputError('--address is required (the e-mail address to send to)');
    const digest = o.digest ?? 'immediate';
    if (!(DIGEST_MODES as readonly string[]).includes(digest)) throw new InputError(`--digest: ${digest} (${DIGEST_MODES.join(', ')})`);
    const parsed = emailTargetSchema.safeParse({ address: o.address.trim(), digest });
    if (!parsed.success) throw new InputError(`--address: not an e-mail address such as veille@example.fr`);
    const name = emailName(o);
    if (!NAME.test(name)) throw new InputError(`--name: ${name} (lower-case letters, digits, - and _, at most 63)`);
    return { name, email: parsed.data };
  }
  if (platform === 'matrix') {
    if (o.url || o.secret) throw new InputError('--url and --secret are for webhooks: a Matrix room takes --room (the bot account is MATRIX_ACCESS_TOKEN)');
    if (!o.room || !ROOM.test(o.room)) throw new InputError(`--room: ${o.room ?? '(missing)'} (a room id such as !AbCdEf:agent.tchap.gouv.fr, from the room's settings)`);
    return { name: o.room };
  }
  if (!o.url) throw new InputError('--url is required');
  if (o.room) throw new InputError('--room is for Matrix rooms');
  if (platform === 'teams' && o.secret) throw new InputError('--secret is for webhooks: a Teams URL is its own credential (Teams does not verify signatures)');
  const secret = platform === 'teams' ? undefined : (o.secret ?? `whsec_${randomBytes(24).toString('base64url')}`);
  const parsed = webhookTargetSchema.safeParse({ url: o.url, secret });
  if (!parsed.success) throw new InputError(parsed.error.issues.map((i) => `--${String(i.path[0] ?? 'url')}: ${i.message}`).join('; '));
  const host = new URL(o.url).hostname.replace(/^\[(.*)\]$/, '$1');
  if (!allowPrivate && isIP(host) !== 0 && isNotPublic(host)) throw new InputError('--url: the address is not public (set WEBHOOK_ALLOW_PRIVATE to allow it)');
  // The default name is derived from the URL (a hash, which tells nothing of a token in it): adding it twice finds it.
  const name = o.name ?? `${platform}-${sha256(`target:${o.url}`).slice(0, 8)}`;
  if (!NAME.test(name)) throw new InputError(`--name: ${name} (lower-case letters, digits, - and _, at most 63)`);
  return { name, target: { url: parsed.data.url, ...(secret ? { secret } : {}), generated: secret !== undefined && o.secret === undefined } };
}

/** The subscription and target `add` writes; refuses (exit 2) what the store would, with a line that names the option. */
export function planAdd(platform: string, o: AddOptions, allowPrivate: boolean, now: Date): AddPlan {
  if (!(TARGET_PLATFORMS as readonly string[]).includes(platform)) {
    const chat = platform in PLATFORM_TRAITS ? ` (${platform} channels subscribe with /secnumcloud subscribe)` : '';
    throw new InputError(`platform: ${platform}${chat}; targets: ${TARGET_PLATFORMS.join(', ')}`);
  }
  if (o.lang !== undefined && o.lang !== 'fr' && o.lang !== 'en') throw new InputError(`--lang: ${o.lang} (fr or en)`);
  const { name, target, email } = targetOf(platform as Platform, o, allowPrivate);
  const channel: ChannelRef = { platform: platform as Platform, workspace: TARGET_WORKSPACE, channel: name };
  const topics = topicsOf(o.topics);
  const types = typesOf(o.type);
  const products = productFilters(topics, listsOf(o.catalogue ?? []), o.category ?? [], o.productReminders === true);
  if ('problem' in products) throw new InputError(`--${products.problem.kind.startsWith('category') ? 'category' : 'product-reminders'}: ${en.problem(products.problem)}`);
  const { lists, categories, productReminders } = products;
  const extra = {
    ...(types.length ? { types } : {}),
    ...(o.exclude.length ? { exclude: o.exclude } : {}),
    ...(lists.length ? { lists } : {}),
    ...(categories.length ? { categories } : {}),
    ...(productReminders ? { productReminders } : {}),
  };
  const sub = { id: subscriptionId(channel, topics, o.provider, o.keyword, extra), channel, topics, providers: o.provider, keywords: o.keyword, ...extra, createdAt: now.toISOString(), createdBy: 'cli' };
  const valid = subscriptionSchema.safeParse(sub);
  if (!valid.success) throw new InputError(valid.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return { sub: valid.data as Subscription, ...(target ? { target } : {}), ...(email ? { email } : {}), ...(o.lang ? { lang: o.lang } : {}) };
}

/** `subscriptions add <platform> …`: a target and a subscription; prints its id (and a generated secret, once). */
export async function addCommand(platform: string, o: AddOptions, ctx: CliContext): Promise<number> {
  const rt = await openRuntime(ctx.config, ctx.logger, () => []);
  try {
    const targets = createTargetStore(rt.redis, rt.keys);
    // An address already added keeps its target (and its name), whatever case it was typed in.
    const sameAddress = platform === 'email' && o.address ? await emailTargetsOf(targets, o.address) : [];
    if (sameAddress[0] && o.name && o.name !== sameAddress[0].name) throw new InputError(`--address: already the target ${sameAddress[0].name} (add to it without --name, or erase it first)`);
    // Added again without --digest, the target keeps its mode (a daily address does not turn immediate).
    const known = sameAddress[0] ? await targets.get(sameAddress[0].channel) : undefined;
    const keep = { ...(sameAddress[0] && !o.name ? { name: sameAddress[0].name } : {}), ...(isEmailTarget(known) && o.digest === undefined ? { digest: known.digest } : {}) };
    const plan = planAdd(platform, { ...o, ...keep }, ctx.config.WEBHOOK_ALLOW_PRIVATE, rt.clock());
    let shown: string | undefined;
    if (plan.email) {
      const stored = await targets.get(plan.sub.channel);
      if (stored && (!isEmailTarget(stored) || stored.address.toLowerCase() !== plan.email.address.toLowerCase())) throw new InputError(`--name: ${plan.sub.channel.channel} is already a target with another address (choose another name)`);
      // The digest mode is the target's: adding with another --digest changes it for all its subscriptions.
      await targets.set(plan.sub.channel, plan.email);
    }
    if (plan.target) {
      const stored = await targets.get(plan.sub.channel);
      if (stored && (!isWebhookTarget(stored) || stored.url !== plan.target.url)) throw new InputError(`--name: ${plan.sub.channel.channel} is already a target with another URL (remove its subscriptions first, or choose another name)`);
      // A target added again keeps its secret unless a new one is given: receivers already verify with it.
      const secret = isWebhookTarget(stored) && o.secret === undefined ? stored.secret : plan.target.secret;
      await targets.set(plan.sub.channel, { url: plan.target.url, ...(secret ? { secret } : {}) });
      if (plan.target.generated && !stored) shown = secret;
    }
    const store = createSubscriptionStore(rt.redis, rt.keys);
    const { created, subscription } = await store.add(plan.sub);
    if (plan.lang) await store.setLang(plan.sub.channel, plan.lang);
    ctx.out(JSON.stringify({ id: subscription.id, platform, name: subscription.channel.channel, created, ...(plan.email ? { digest: plan.email.digest } : {}), ...(shown ? { secret: shown } : {}) }));
    ctx.err(`${created ? 'added' : 'already there:'} ${subscription.id} for ${channelKey(subscription.channel)}${shown ? '; the signing secret is shown once, above' : ''}`);
    return 0;
  } finally {
    await rt.close();
  }
}

/** `subscriptions list [--platform p]`: every subscription as a table (no secret: a target is named, never its URL). */
export async function listCommand(platform: string | undefined, ctx: CliContext): Promise<number> {
  const rt = await openRuntime(ctx.config, ctx.logger, () => []);
  try {
    const all = (await createSubscriptionStore(rt.redis, rt.keys).all()).filter((s) => !platform || s.channel.platform === platform);
    if (all.length === 0) {
      ctx.err('no subscription');
      return 0;
    }
    const filters = (s: Subscription): string =>
      [...s.providers.map((p) => `provider:${p}`), ...s.keywords.map((k) => `keyword:${k}`), ...(s.types ?? []).map((t) => `type:${t}`), ...(s.exclude ?? []).map((e) => `exclude:${e}`), ...(s.lists ?? []).map((l) => `catalogue:${l}`), ...(s.categories ?? []).map((c) => `category:${c}`), ...(s.productReminders ? ['reminders:products'] : [])].join(' ');
    // An e-mail target's digest mode is part of its state (its address is not shown: personal data).
    const stored = all.some((s) => s.channel.platform === 'email') ? await createTargetStore(rt.redis, rt.keys).all() : new Map();
    const digest = (s: Subscription): string => {
      const t = stored.get(channelKey(s.channel));
      return isEmailTarget(t) ? `digest:${t.digest}` : '';
    };
    const state = (s: Subscription): string => [digest(s), s.disabled ? `disabled: ${s.disabled.reason}` : ''].filter(Boolean).join(' ');
    const rows = all
      .sort((a, b) => (channelKey(a.channel) + a.id < channelKey(b.channel) + b.id ? -1 : 1))
      .map((s) => [s.id, s.channel.platform, `${s.channel.workspace}/${s.channel.channel}`, s.topics.join(','), filters(s), state(s)]);
    const header = ['id', 'platform', 'channel', 'topics', 'filters', 'state'];
    printTable(ctx.out, header, rows);
    return 0;
  } finally {
    await rt.close();
  }
}

/**
 * `subscriptions remove <id> [--channel platform/workspace/channel]`: one subscription; a target left with none has
 * its URL and secret erased too (an e-mail address: everything about it, as `subscriptions erase`).
 */
export async function removeCommand(id: string, channel: string | undefined, ctx: CliContext): Promise<number> {
  const rt = await openRuntime(ctx.config, ctx.logger, () => []);
  try {
    const store = createSubscriptionStore(rt.redis, rt.keys);
    const all = await store.all();
    const found = all.filter((s) => s.id === id && (!channel || channelKey(s.channel) === channel));
    if (found.length === 0) throw new InputError(`${id}: no such subscription${channel ? ` in ${channel}` : ''}`);
    if (found.length > 1) throw new InputError(`${id}: in ${found.length} channels (${found.map((s) => channelKey(s.channel)).join(', ')}); say which with --channel`);
    const sub = found[0]!;
    await store.remove(sub.channel, sub.id);
    const left = all.filter((s) => channelKey(s.channel) === channelKey(sub.channel) && s.id !== sub.id).length;
    let erased = false;
    if (left === 0 && sub.channel.platform === 'email') {
      // An address left with no subscription is erased whole (its queued alerts and delivery records too): nothing
      // would be sent to it any more, and nothing about it is worth keeping (decision 0028).
      erased = (await createTargetStore(rt.redis, rt.keys).get(sub.channel)) !== undefined;
      await eraseChannel(rt.redis, rt.keys, sub.channel);
    } else if (left === 0 && PLATFORM_TRAITS[sub.channel.platform].storedSecret) {
      erased = await createTargetStore(rt.redis, rt.keys).remove(sub.channel);
    }
    ctx.out(JSON.stringify({ removed: sub.id, channel: channelKey(sub.channel), targetErased: erased }));
    const what = sub.channel.platform === 'email' ? 'its address, queued alerts and delivery records are erased' : 'its URL and secret are erased';
    ctx.err(`removed ${sub.id} from ${channelKey(sub.channel)}${erased ? `; the target had no other subscription: ${what}` : ''}`);
    return 0;
  } finally {
    await rt.close();
  }
}

/** The e-mail targets whose address is `address` (compared in lower case), by name. */
export async function emailTargetsOf(targets: ReturnType<typeof createTargetStore>, address: string): Promise<Array<{ name: string; channel: ChannelRef }>> {
  const wanted = address.trim().toLowerCase();
  const prefix = `email/${TARGET_WORKSPACE}/`;
  return [...(await targets.all())]
    .filter(([key, t]) => key.startsWith(prefix) && isEmailTarget(t) && t.address.toLowerCase() === wanted)
    .map(([key]) => {
      const name = key.slice(prefix.length);
      return { name, channel: { platform: 'email' as const, workspace: TARGET_WORKSPACE, channel: name } };
    });
}
