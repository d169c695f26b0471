import type { OfferEvent } from '../src/core/events.js';
import { todayIn } from '../src/core/calendar.js';
import { expiryReminders, reminderKey } from '../src/core/expiry.js';
import { isProductList, PRIMARY_LIST, trackOf } from '../src/core/tracks.js';
import type { SourceConfig } from '../src/sources/schema.js';
import type { ReminderStore } from '../src/store/reminder-store.js';
import type { SourceStore } from '../src/store/source-store.js';

export interface ExpiryDeps {
  store: SourceStore;
  reminders: ReminderStore;
  clock: () => Date;
  /** TZ_REFERENCE: what "today" means. */
  timeZone: string;
  windows: readonly number[];
  /**
   * The subscriptions, read to know whether any active one asks for product reminders (`productReminders: true`,
   * decision 0025). Absent: no product reminders.
   */
  subscriptions?: { all(): Promise<readonly object[]> };
}

/** True when an active subscription asks for the product lists' reminders. */
async function productRemindersWanted(deps: ExpiryDeps): Promise<boolean> {
  const subs = (await deps.subscriptions?.all()) ?? [];
  return subs.some((s) => {
    const sub = s as { productReminders?: unknown; disabled?: unknown };
    return sub.productReminders === true && sub.disabled === undefined;
  });
}

/** The key an event was sent under (the most urgent window, or "expired" past the end date). */
const keyOf = (e: OfferEvent): string =>
  reminderKey(e.offer, e.offer.qualifiedUntil ?? '', e.reminder && e.reminder.window > 0 ? e.reminder.window : 'expired');

/**
 * The daily expiry job: for each list of each catalogue source, the reminders due today (in TZ_REFERENCE) for its
 * trusted offers, each window once per offer and decision. With `commit: false`, only computed.
 */
export async function runExpiry(deps: ExpiryDeps, sources: readonly SourceConfig[], opts: { commit: boolean }): Promise<OfferEvent[]> {
  const now = deps.clock();
  const today = todayIn(deps.timeZone, now);
  const sent = await deps.reminders.sent();
  const out: OfferEvent[] = [];
  // Every list followed: a list's reminders go to the subscriptions that follow it (SecNumCloud's to the others).
  const tracks = sources
    .filter((s) => s.kind === 'anssi-catalogue' && s.enabled)
    .flatMap((s) => [PRIMARY_LIST, ...(s.kind === 'anssi-catalogue' ? s.settings.lists.filter((l) => l !== PRIMARY_LIST) : [])].map((l) => ({ source: s, list: l, id: trackOf(s.id, l) })));
  // Asked once per run, and only when a product list is followed: certificates' end dates are off by default.
  const products = tracks.some((t) => isProductList(t.list)) && (await productRemindersWanted(deps));
  for (const { source, id } of tracks) {
    const trusted = await deps.store.getTrusted(id);
    if (!trusted) continue;
    const { events, keys } = expiryReminders({
      source: source.id,
      offers: trusted.snapshot.offers,
      today,
      windows: deps.windows,
      alreadySent: sent,
      detectedAt: now.toISOString(),
      products,
    });
    if (!opts.commit) {
      out.push(...events);
      continue;
    }
    const appended = new Set(await deps.reminders.commit(keys, events.map((event) => ({ key: keyOf(event), event }))));
    out.push(...events.filter((e) => appended.has(e.id)));
    for (const k of keys) sent.add(k);
  }
  return out;
}
