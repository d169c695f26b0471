import type { Problem } from './errors.js';
import { COMMAND_NAMES } from './grammar.js';
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

/** An example value of each key, for an empty one. */
const EXAMPLES: Record<Extract<Problem, { kind: 'emptyValue' }>['key'], string> = {
  provider: 'provider:"Cloud Temple"',
  keyword: 'keyword:EUCS',
  type: 'type:IaaS',
  exclude: 'exclude:recruitment',
  catalogue: 'catalogue:passi',
  category: 'category:Pare-feu',
  reminders: 'reminders:products',
};

function problem(p: Problem): string {
  switch (p.kind) {
    case 'unclosedQuote': return `The quote ${p.quote} is never closed (after “${p.after}”). Close it, e.g. provider:"Cloud Temple".`;
    case 'unknownCommand': return `Unknown subcommand “${p.word}”. Subcommands: ${COMMAND_NAMES.join(', ')}.`;
    case 'unknownKey':
      return p.allowed.length === 0
        ? `This subcommand takes no key:value option (“${p.key}:”).`
        : `Unknown key “${p.key}:”. Keys here: ${join(p.allowed.map((k) => `${k}:`), 'and')}.`;
    case 'emptyValue': return `${p.key}: needs a value, e.g. ${EXAMPLES[p.key]}.`;
    case 'unknownTopic':
      return `Unknown topic “${p.word}”: choose all, qualifications, news or expiry. To filter on a provider, write provider:"${p.word}".`;
    case 'unexpected': return `Unexpected “${p.word}”.`;
    case 'missingProvider': return 'Which provider? For example: /secnumcloud timeline NumSpot.';
    case 'missingId': return 'Which subscription? Give its id (see /secnumcloud subscriptions), or all.';
    case 'unknownId':
      return p.known.length === 0
        ? `No subscription ${p.id} here: this channel has none.`
        : `No subscription ${p.id} in this channel. Its subscriptions: ${join(p.known, 'and')}.`;
    case 'badCount': return `“${p.word}” is not a whole number from 1 to ${p.max}.`;
    case 'badType': return `Unknown type “${p.word}”: choose SaaS, PaaS, CaaS or IaaS.`;
    case 'badList': return `Unknown catalogue list “${p.word}”: choose ${join(p.known, 'or')}, or all.`;
    case 'categoryWithoutOffers': return 'category: chooses qualified products, and this subscription receives neither qualifications nor expiry reminders.';
    case 'categoryWithoutList': return 'category: filters the qualified products list: add it to catalogue: (catalogue:qualified-products), or drop catalogue: to follow that list alone.';
    case 'badReminders': return `Unknown reminders “${p.word}”: write reminders:products to receive the expiry reminders of certified and qualified products.`;
    case 'remindersWithoutExpiry': return 'reminders:products adds expiry reminders, and this subscription receives none: add expiry (or all).';
    case 'remindersWithoutProducts': return 'reminders:products is for the product lists: add one to catalogue: (catalogue:cspn, catalogue:products…).';
    case 'listWithoutOffers': return 'catalogue: chooses the lists of qualifications and expiry reminders, and this subscription has neither: news are not filtered by list.';
    case 'badLang': return `Unknown language “${p.word}”: choose fr or en.`;
    case 'cannotManage':
      if (p.reason === 'bot-permissions' && p.missing?.length) return en.botMissing(p.missing.map((m) => en.permissionNames[m] ?? m));
      return (p.reason && en.cannotManageReasons[p.reason]) || p.reason || en.cannotManageDefault;
    case 'typeWithoutOffers': return 'type: filters qualifications and expiry reminders, and this subscription has neither: news carry no service type.';
    case 'excludeWithoutNews': return 'exclude: filters news, and this subscription receives none: add news, or drop exclude:.';
    case 'testTooSoon': return `A test alert was sent here less than a minute ago: try again in ${p.seconds} s.`;
    case 'noDeliveryPath': return 'Test alerts cannot be sent from here: this process has no access to the delivery queues. Tell the operators.';
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
    subscribe: '/secnumcloud subscribe [all|qualifications|news|expiry]… [provider:<name>]… [keyword:<word>]… [type:<SaaS|PaaS|CaaS|IaaS>]… [exclude:<word>]… [catalogue:<passi|pris|cspn|cc|products|…|all>]… [category:<name>]… [reminders:products]',
    subscriptions: '/secnumcloud subscriptions',
    unsubscribe: '/secnumcloud unsubscribe <id>|all',
    test: '/secnumcloud test',
    pause: '/secnumcloud pause',
    resume: '/secnumcloud resume',
    status: '/secnumcloud status [provider]',
    list: '/secnumcloud list [SaaS|PaaS|CaaS|IaaS] | list <passi|cspn|cc|…> [provider]',
    history: '/secnumcloud history [n]',
    timeline: '/secnumcloud timeline <provider>',
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
    notMaintained: 'no longer maintained',
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
    typesOnly: (types) => `${join(types, 'or')} offers only`,
    lists: (names) => `lists ${join(names, 'and')}`,
    allLists: 'every list of the catalogue',
    categoriesOnly: (c) => `qualified products in ${join(c, 'or')} only`,
    productReminders: 'certified and qualified products included',
    noProductReminders: 'none for certified and qualified products (add reminders:products)',
    except: (w) => `except those that name ${join(w, 'or')}`,
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
    unknownCategory: (c, known) => `No qualified product is in a category named ${c} in the latest edition: the filter is kept, and will match when one is. Categories printed: ${join(known, 'and')}.`,
    recentHeading: 'Latest changes it would have sent:',
    noRecent: 'No change recorded so far matches this subscription: the first alert arrives with the next one.',
    noneAmongLatest: (n) => `None of the latest ${n} changes matches this subscription: the first alert arrives with the next one that does.`,
    pausedNote: 'This channel is paused: nothing is posted here until /secnumcloud resume.',
  },
  subscriptions: {
    heading: 'Subscriptions of this channel',
    none: 'This channel has no subscription. Start with /secnumcloud subscribe.',
    summary: (n) => `${plural(n, 'subscription')} in this channel`,
    paused: (d) => `Paused since ${d}: no alert is posted here until /secnumcloud resume.`,
  },
  pause: {
    done: 'Alerts paused in this channel: changes are not posted here, nor kept for later, until /secnumcloud resume; /secnumcloud history will show what was missed.',
    already: (d) => `This channel is already paused (since ${d}). /secnumcloud resume starts the alerts again.`,
  },
  resume: {
    done: (n, d) =>
      `Alerts resumed in this channel. ${n === 0 ? 'No change was missed' : n === 1 ? '1 change was not posted' : `${n} changes were not posted`} during the pause (since ${d}): /secnumcloud history shows the latest changes.`,
    notPaused: 'This channel is not paused: its alerts are posted as they come.',
  },
  test: {
    queued: 'Sending a test alert to this channel.',
    shows: {
      matching: "It shows the latest change this channel's subscriptions match:",
      latest: "No change matches this channel's subscriptions yet: it shows the latest change recorded:",
      sample: 'No change is recorded yet: it shows an offer of the current catalogue:',
      none: 'There is nothing to show yet: it only checks that the tracker can post here.',
    },
    followUpNote: 'A second message will say whether it was posted.',
    paused: 'This channel is paused: the test alert is posted, real alerts are not until /secnumcloud resume.',
    posted: 'The test alert was posted in this channel.',
    failed: (r) => `The test alert could not be posted (${r}).`,
    pending: (q, sec) =>
      `The test alert is not posted yet after ${sec} s: ${q === 0 ? "it is first in this channel's queue" : `${q === 1 ? '1 message is' : `${q} messages are`} ahead of it in this channel's queue`}. It stays queued and will be posted in turn; if it never comes, check that a worker is running.`,
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
    otherLists: 'Other catalogue lists',
    listCount: (n) => plural(n, 'entry', 'entries'),
    listNotRead: 'not read yet',
    listHeld: 'a newer document is held for checking',
  },
  provider: {
    summary: (p, o, ip) => `${p}: ${plural(o, 'qualified offer')}, ${ip} en cours de qualification`,
    qualified: 'Qualified offers',
    noQualified: 'No qualified offer yet.',
    inProgress: 'En cours de qualification',
    catalogueOf: (d) => `Catalogue edition of ${date(d)}.`,
    more: (n, command) => `…and ${n} more: ${command} shows them.`,
  },
  list: {
    heading: (type) => `Qualified SecNumCloud offers${type ? ` (${type})` : ''}`,
    summary: (o, p) => `${plural(o, 'qualified offer')} from ${plural(p, 'provider')}`,
    none: (type) => (type ? `No qualified ${type} offer.` : 'No qualified offer.'),
    listHeading: (l, p) => (p ? `${l}: ${p}` : l),
    listSummary: (n, p) => `${plural(n, 'entry', 'entries')} from ${plural(p, 'provider')}`,
    byProvider: 'By provider (add a name to see its entries):',
    providerCount: (p, n) => `${p} — ${plural(n, 'entry', 'entries')}`,
    listNotRead: (l) => `${l}: not read yet (the tracker has not read this list of the catalogue yet, or does not follow it).`,
    listNone: (l) => `${l}: no entry in the catalogue's latest edition.`,
    moreHidden: (n) => `…and ${n} more, not shown here.`,
  },
  history: {
    heading: 'Latest changes',
    summary: (n) => `${plural(n, 'latest change')}`,
    none: 'No change recorded yet.',
    previously: (p, s) => `previously ${p} — ${s}`,
    wasInProgress: 'was en cours de qualification',
    seenIn: (s) => `seen in ${join(s, 'and')}`,
  },
  timeline: {
    heading: (n) => `${n}'s story`,
    summary: (n, c) => `${plural(c, 'step')} of ${n}'s story`,
    none: (n) => `Nothing recorded for ${n} since tracking began.`,
    page: 'Its whole story',
    trackedSince: (d) => `Tracked since ${date(d)}.`,
    kinds: {
      listed: 'In the catalogue when tracking began', news: 'News', in_progress: 'Entered the qualification process', qualified: 'Qualified', renamed: 'Renamed', renewed: 'Renewed',
      updated: 'Updated', recommendation: 'Recommendation changed', expiring: 'Ending soon', removed: 'Removed from the catalogue',
    },
    recommendation: (f, t) => `from "${f}" to "${t}"`,
    levels: { optimal: 'optimal', moderate: 'moderate', critical: 'critical' },
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
      test: 'post one test alert here (the latest change this channel would receive), to see what alerts look like and that the bot can post; one a minute at most',
      pause: 'stop posting alerts here (nothing is kept for later) until resume',
      resume: 'post alerts here again, and say how many changes the pause skipped',
      status: "the tracker's state, or one provider's offers, dates and decisions",
      list: "the qualified offers by provider, optionally of one type; or another list's entries (cspn, cc, qualified-products…), optionally one provider's or developer's",
      history: 'the latest changes (10 by default, up to 50)',
      timeline: "a provider's story: its last ten dated steps (en cours, qualified, renewed, news…)",
      lang: "show or set this channel's language",
      help: 'this help',
    },
    examplesLabel: 'Examples',
    examples: [
      '/secnumcloud subscribe',
      '/secnumcloud subscribe news provider:"Cloud Temple"',
      '/secnumcloud subscribe qualifications provider:NumSpot',
      '/secnumcloud subscribe news keyword:EUCS',
      '/secnumcloud subscribe qualifications type:IaaS',
      '/secnumcloud subscribe qualifications catalogue:passi,pris',
      '/secnumcloud subscribe qualifications catalogue:cspn provider:Stormshield',
      '/secnumcloud subscribe all catalogue:products category:Pare-feu reminders:products',
      '/secnumcloud test',
      '/secnumcloud status OVH',
      '/secnumcloud list IaaS',
      '/secnumcloud list cspn Stormshield',
      '/secnumcloud history 20',
      '/secnumcloud timeline NumSpot',
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
  botMissing: (perms) => `The bot cannot post here: give it ${join(perms, 'and')} in this channel (channel settings → Permissions).`,
  permissionNames: { ViewChannel: 'View Channel', SendMessages: 'Send Messages', EmbedLinks: 'Embed Links' },
};
