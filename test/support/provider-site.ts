/** The status page and the providers' pages served over HTTP on the provider history (test/support/provider-history.ts). */
import type { TrackerState } from '../../src/commands/ports.js';
import { startHttpServer, type HttpServer } from '../../src/http/server.js';
import { createLogger } from '../../src/logger.js';
import type { LogEntry } from '../../src/store/change-log.js';
import { mountStatusPage } from '../../src/web/site.js';
import { NOW, SOURCES, TIME_ZONE } from './fake-command-deps.js';
import { providerHistory } from './provider-history.js';

export async function serveProviderSite(): Promise<HttpServer> {
  const h = await providerHistory();
  const entries: LogEntry[] = h.events.map((event, i) => ({ streamId: `${Date.parse(event.detectedAt)}-${i}`, event }));
  const state: TrackerState = {
    qualified: async () => ({ offers: h.current, edition: '2026-11-30' }),
    inProgress: async () => h.inProgress,
    sources: async () => SOURCES,
    latestChanges: async (n) => [...h.events].reverse().slice(0, n),
    lists: async () => [{ list: 'secnumcloud', read: true, held: false, offers: h.current, edition: '2026-11-30' }],
    editions: {
      list: async () => h.editions.map((e) => ({ edition: e.edition!, dated: true, storedAt: `${e.edition!}T06:00:00Z`, lists: ['secnumcloud'] })),
      get: async (edition) => {
        const e = h.editions.find((x) => x.edition === edition);
        return e && { edition, dated: true, storedAt: `${edition}T06:00:00Z`, lists: ['secnumcloud'], records: { secnumcloud: e.offers } };
      },
    },
  };
  const changeLog = { range: async (after = '-', count = 1000) => entries.filter((e) => after === '-' || e.streamId > after).slice(0, count) };
  const logger = createLogger({ level: 'silent', format: 'json' });
  return startHttpServer({ port: 0, host: '127.0.0.1', logger, mount: (app) => mountStatusPage(app, { state, changeLog, clock: () => NOW, timeZone: TIME_ZONE, defaultLang: 'fr', logger }) });
}
