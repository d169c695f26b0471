import { request, type Dispatcher } from 'undici';
import { alertReply } from '../../commands/alert.js';
import { DeliveryError, type Sender } from '../../core/delivery.js';
import { isWebhookTarget } from '../../core/targets.js';
import type { TargetStore } from '../../store/target-store.js';
import { USER_AGENT } from '../../version.js';
import { classifyError, classifyStatus } from '../target-answers.js';
import { toTeamsMessage } from './format.js';
import { teamsBuckets } from './limits.js';

export interface TeamsSenderOptions {
  targets: TargetStore;
  /** The dispatcher that checks every connection's address (webhookDispatcher: a Teams URL is a webhook's). */
  dispatcher: Dispatcher;
  timeoutMs: number;
  rateScale?: number;
  clock?: () => Date;
  /** PUBLIC_URL: alerts link the provider's page. */
  publicUrl?: string;
}

/**
 * The older Office 365 connectors answer some failures with HTTP 200 and a sentence ("Microsoft Teams endpoint
 * returned HTTP error 429 …"); a success is "1" or an empty body (Workflows answer 202, empty).
 */
const FAILED_WITH = /returned HTTP error (\d{3})/i;

/** An answer → the drain's decision; never names the URL (it holds the channel's credential). */
export function classifyTeamsAnswer(status: number, body: string, retryAfter: string | string[] | undefined, now: number): DeliveryError | undefined {
  const hidden = status >= 200 && status < 300 ? FAILED_WITH.exec(body)?.[1] : undefined;
  const effective = hidden ? Number(hidden) : status;
  if (effective === 404) return new DeliveryError('teams: HTTP 404, the webhook or workflow is gone', 'permanent', { channelGone: true, code: 'http_404' });
  // Teams' guidance for its APIs: retry 412, 502 and 504 as well as 429 (classifyStatus retries 5xx).
  if (effective === 412) return new DeliveryError('teams: HTTP 412', 'transient', { code: 'http_412' });
  return classifyStatus(effective, retryAfter, now, 'teams');
}

/**
 * Posts each delivery as a message carrying an Adaptive Card (format.ts) to the target's URL, read from the target
 * store at each send (the URL is the credential: never in a job, a log or a plain export). At least once: Teams
 * has no idempotency key, so an attempt in doubt (a timeout after the request left) is sent again and may show
 * twice in the channel.
 */
export function createTeamsSender(opts: TeamsSenderOptions): Sender {
  const scale = opts.rateScale ?? 1;
  const clock = opts.clock ?? (() => new Date());
  return {
    platform: 'teams',
    buckets: (channel) => teamsBuckets(channel, scale),
    async send(channel, item, lang) {
      const target = await opts.targets.get(channel);
      if (!isWebhookTarget(target)) throw new DeliveryError('teams: no target stored for this channel', 'permanent', { channelGone: true, code: 'no_target' });
      const body = JSON.stringify(toTeamsMessage(alertReply(item, lang, opts.publicUrl ? { publicUrl: opts.publicUrl } : {}), lang));
      const now = clock().getTime();
      let res: Dispatcher.ResponseData;
      let text: string;
      try {
        res = await request(target.url, {
          method: 'POST',
          dispatcher: opts.dispatcher,
          headers: { 'content-type': 'application/json', 'user-agent': USER_AGENT },
          body,
          headersTimeout: opts.timeoutMs,
          bodyTimeout: opts.timeoutMs,
        });
        text = (await res.body.text()).slice(0, 64 * 1024);
      } catch (err) {
        throw classifyError(err, 'teams');
      }
      const refused = classifyTeamsAnswer(res.statusCode, text, res.headers['retry-after'], now);
      if (refused) throw refused;
      return `http-${res.statusCode}`;
    },
  };
}

