import type { Problem } from './errors.js';
import { sourceWords } from './i18n-sources.js';
import type { Messages } from './messages.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** 2027-12-04 → "4 Dec 2027": no day/month order to guess. */
const date = (iso: string): string => `${Number(iso.slice(8, 10))} ${MONTHS[Number(iso.slice(5, 7)) - 1] ?? '?'} ${iso.slice(0, 4)}`;
const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
const join = (items: readonly string[], conj: 'and' | 'or'): string =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${conj} ${items.at(-1)}`;

function ago(ms: number): string {
  const min = Math.floor(ms / 60_000);
  if (min < 1) return 'just now';
  if (min < 60) return `${min} min ago`;
  const hours = Math.floor(min / 60);
  return hours < 48 ? `${hours} h ago` : `${plural(Math.floor(hours / 24), 'day')} ago`;
}

function problem(p: Problem): string {
  switch (p.kind) {
    case 'unclosedQuote': return `The quote ${p.quote} is never closed (after “${p.after}”). Close it, e.g. provider:"Cloud Temple".`;
    case 'unknownCommand': return `Unknown subcommand “${p.word}”. Subcommands: subscribe, subscriptions, unsubscribe, status, list, history, lang, help.`;
    case 'unknownKey':
      return p.allowed.length === 0
        ? `This subcommand takes no key:value option (“${p.key}:”).`
        : `Unknown key “${p.key}:”. Keys here: ${join(p.allowed.map((k) => `${k}:`), 'and')}.`;
    case 'emptyValue': return `${p.key}: needs a value, e.g. ${p.key === 'provider' ? 'provider:"Cloud Temple"' : 'keyword:EUCS'}.`;
    case 'unknownTopic':
      return `Unknown topic “${p.word}”: choose all, qualifications, news or expiry. To filter on a provider, write provider:"${p.word}".`;
    case 'unexpected': return `Unexpected “${p.word}”.`;
    case 'missingId': return 'Which subscription? Give its id (see /secnumcloud subscriptions), or all.';
    case 'unknownId':
      return p.known.length === 0
        ? `No subscription ${p.id} here: this channel has none.`
        : `No subscription ${p.id} in this channel. Its subscriptions: ${join(p.known, 'and')}.`;
    case 'badCount': return `“${p.word}” is not a whole number from 1 to ${p.max}.`;
    case 'badType': return `Unknown type “${p.word}”: choose SaaS, PaaS, CaaS or IaaS.`;
    case 'badLang': return `Unknown language “${p.word}”: choose fr or en.`;
    case 'cannotManage': return (p.reason && en.cannotManageReasons[p.reason]) || p.reason || en.cannotManageDefault;
    case 'providerNotFound':
      return p.suggestions.length > 0
        ? `No provider “${p.query}” in the catalogue or en cours de qualification. Did you mean ${join(p.suggestions, 'or')}?`
        : `No provider “${p.query}” in the catalogue or en cours de qualification. Known providers: ${join(p.known, 'and')}.`;
    case 'providerAmbiguous': return `“${p.query}” matches several providers: ${join(p.candidates, 'and')}. Which one?`;
  }
}

/** English. */
export const en: Messages = {
  lang: 'en',
  languageName: { fr: 'French (français)', en: 'English' },
  date,
  ago,
  join,
  colon: ': ',
  problem,
  usageLabel: 'Usage:',
  usage: {
    subscribe: '/secnumcloud subscribe [all|qualifications|news|expiry]… [provider:<name>]… [keyword:<word>]…',
    subscriptions: '/secnumcloud subscriptions',
    unsubscribe: '/secnumcloud unsubscribe <id>|all',
    status: '/secnumcloud status [provider]',
    list: '/secnumcloud list [SaaS|PaaS|CaaS|IaaS]',
    history: '/secnumcloud history [n]',
    lang: '/secnumcloud lang [fr|en]',
    help: '/secnumcloud help',
  },
  offer: {
    period: (from, until) =>
      from && until ? `from ${date(from)} to ${date(until)}` : until ? `until ${date(until)}` : from ? `since ${date(from)}` : '',
    until: (d) => `until ${date(d)}`,
    inProgressSince: (d) => `in the process since ${date(d)}`,
    decision: (n) => `decision ${n}`,
    noTypes: 'type not stated',
    endsIn: (days) => (days === 0 ? 'ends today' : `ends in ${plural(days, 'day')}`),
    pastEnd: (days) => `end date passed ${plural(days, 'day')} ago, still listed`,
  },
  kinds: {
    'offer.added': 'New qualification',
    'offer.removed': 'Removed from the catalogue',
    'offer.renamed': 'Renamed',
    'offer.renewed': 'Renewed',
    'offer.updated': 'Updated',
    'offer.expiring': 'Qualification ending',
    'offer.in_progress': 'New en cours de qualification',
    'news.published': 'News',
  },
  topicNames: { qualifications: 'qualifications', news: 'news', expiry: 'expiry reminders' },
  cover: {
    willReceive: 'This channel will receive:',
    qualifications: 'new qualifications, removals, renames, renewals and updates, and new services en cours de qualification',
    newsByKeywords: (k) => `news mentioning ${join(k, 'or')}`,
    newsByProviders: (p) => `news naming ${join(p, 'or')}`,
    expiry: (w) => `expiry reminders ${join(w.map(String), 'and')} days before an end date, and a notice when an offer is still listed after it`,
    aboutProviders: (p) => `about ${join(p, 'or')} only`,
    naming: (k) => `only those that name ${join(k, 'or')}`,
    disabled: (reason, at) => `disabled since ${at}: ${reason}`,
  },
  subscribe: {
    created: (id) => `Subscribed: subscription ${id} created.`,
    exists: (id) => `Already subscribed: subscription ${id} covers exactly this.`,
    idLabel: 'Subscription id (for unsubscribe):',
    inProgressOnly: (p) => `${p} has no qualified offer yet: it is listed en cours de qualification. The subscription is kept.`,
    unknownProvider: (p) =>
      `${p} is neither in the catalogue nor en cours de qualification yet: the subscription is kept, and will match as soon as a record names it.`,
    closest: (names) => `Closest known names: ${join(names, 'and')}.`,
  },
  subscriptions: {
    heading: 'Subscriptions of this channel',
    none: 'This channel has no subscription. Start with /secnumcloud subscribe.',
    summary: (n) => `${plural(n, 'subscription')} in this channel`,
  },
  unsubscribe: {
    removed: (id) => `Subscription ${id} removed.`,
    removedAll: (n) => (n === 0 ? 'This channel had no subscription.' : `${plural(n, 'subscription')} removed: this channel will receive nothing more.`),
  },
  status: {
    heading: 'SecNumCloud tracker status',
    summary: (o, p) => `${plural(o, 'qualified offer')} from ${plural(p, 'provider')}`,
    qualifiedOffers: 'Qualified offers',
    providers: 'Providers',
    inProgress: 'En cours de qualification',
    edition: 'Catalogue edition',
    sources: 'Sources',
    checkedAgo: (a) => `last successful check ${a}`,
    neverChecked: 'never checked successfully',
    latestChange: 'Latest change',
    noChange: 'none yet',
  },
  provider: {
    summary: (p, o, ip) => `${p}: ${plural(o, 'qualified offer')}, ${ip} en cours de qualification`,
    qualified: 'Qualified offers',
    noQualified: 'No qualified offer yet.',
    inProgress: 'En cours de qualification',
    catalogueOf: (d) => `Catalogue edition of ${date(d)}.`,
  },
  list: {
    heading: (type) => `Qualified SecNumCloud offers${type ? ` (${type})` : ''}`,
    summary: (o, p) => `${plural(o, 'qualified offer')} from ${plural(p, 'provider')}`,
    none: (type) => (type ? `No qualified ${type} offer.` : 'No qualified offer.'),
  },
  history: {
    heading: 'Latest changes',
    summary: (n) => `${plural(n, 'latest change')}`,
    none: 'No change recorded yet.',
    previously: (p, s) => `previously ${p} — ${s}`,
    wasInProgress: 'was en cours de qualification',
    seenIn: (s) => `seen in ${join(s, 'and')}`,
  },
  langCommand: {
    current: (name) => `This channel's language: ${name}. Change it with /secnumcloud lang fr or /secnumcloud lang en.`,
    set: (name) => `This channel's language is now ${name}.`,
  },
  help: {
    heading: '/secnumcloud: SecNumCloud qualifications and news',
    intro: 'Follows the ANSSI SecNumCloud catalogue, the services en cours de qualification and the news, and posts each change here.',
    lines: {
      subscribe: 'subscribe this channel to qualifications, news or expiry reminders (all by default), for some providers or keywords if you like; a provider need not be qualified yet',
      subscriptions: "this channel's subscriptions and their ids",
      unsubscribe: 'remove one subscription by its id, or all of them',
      status: "the tracker's state, or one provider's offers, dates and decisions",
      list: 'the qualified offers by provider, optionally of one type',
      history: 'the latest changes (10 by default, up to 50)',
      lang: "show or set this channel's language",
      help: 'this help',
    },
    examplesLabel: 'Examples',
    examples: [
      '/secnumcloud subscribe',
      '/secnumcloud subscribe news provider:"Cloud Temple"',
      '/secnumcloud subscribe qualifications provider:NumSpot',
      '/secnumcloud subscribe news keyword:EUCS',
      '/secnumcloud status OVH',
      '/secnumcloud list IaaS',
      '/secnumcloud history 20',
    ],
  },
  sources: sourceWords('en'),
  cannotManageDefault: "You are not allowed to manage this channel's subscriptions.",
  cannotManageReasons: {
    'invite-app': 'Invite the app to this channel first (/invite @SecNumCloud): it cannot post here.',
    'admin-only': 'Only workspace admins and owners may manage subscriptions.',
    'manage-channels': 'Managing subscriptions here needs the Manage Channels permission.',
    'bot-permissions': 'The bot cannot post here: give it Send Messages and Embed Links in this channel.',
  },
};
