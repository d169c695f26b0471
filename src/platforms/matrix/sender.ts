import { request, type Dispatcher } from 'undici';
import { alertReply } from '../../commands/alert.js';
import { DeliveryError, type Sender } from '../../core/delivery.js';
import { sha256 } from '../../core/snapshot.js';
import { USER_AGENT } from '../../version.js';
import { toMatrix } from './format.js';
import { matrixBuckets } from './limits.js';

export interface MatrixSenderOptions {
  /** The homeserver's base URL (MATRIX_HOMESERVER_URL), e.g. https://matrix.agent.tchap.gouv.fr. */
  homeserver: string;
  accessToken: string;
  dispatcher?: Dispatcher;
  timeoutMs?: number;
  rateScale?: number;
  /** PUBLIC_URL: alerts link the provider's page. */
  publicUrl?: string;
}

/** The transaction id of a delivery: the same at every attempt, in every process (Matrix's own guard against a repeat). */
export const matrixTxnId = (deliveryId: string): string => `snct-${sha256(deliveryId).slice(0, 32)}`;

/** Errors meaning the room is gone or closed to the bot: its subscriptions are disabled and the operators told. */
const ROOM_GONE = new Set(['M_FORBIDDEN', 'M_NOT_FOUND', 'M_UNKNOWN_ROOM']);

/** An answer → the drain's decision; messages name the status and errcode, never the token. */
export function classifyAnswer(status: number, body: { errcode?: string; retry_after_ms?: number }, retryAfter?: string): DeliveryError | undefined {
  if (status >= 200 && status < 300) return undefined;
  const code = body.errcode ?? `http_${status}`;
  if (status === 429 || code === 'M_LIMIT_EXCEEDED') {
    const ms = body.retry_after_ms ?? (Number(retryAfter) * 1000 || 1_000);
    // The limit is the account's: every room waits alike (the platform's queue pauses).
    return new DeliveryError(`matrix: rate limited, retry after ${ms} ms`, 'rate-limited', { retryAfterMs: Math.max(100, ms), global: true, code });
  }
  if (ROOM_GONE.has(code)) return new DeliveryError(`matrix: ${code} (HTTP ${status})`, 'permanent', { channelGone: true, code });
  if (status === 408 || status >= 500) return new DeliveryError(`matrix: HTTP ${status} ${code}`, 'transient', { code });
  return new DeliveryError(`matrix: HTTP ${status} ${code}`, 'permanent', { code });
}

/**
 * Posts alerts to a room with `PUT /_matrix/client/v3/rooms/{room}/send/m.room.message/{txnId}`, the txn id derived
 * from the delivery id: the homeserver answers a repeat with the event it already created rather than posting again,
 * so an attempt in doubt is simply sent again. What this leaves out: a homeserver remembers transaction ids for a
 * while only (Synapse: about 30 minutes, per access token); a new token, or an outage longer than that, could post
 * twice.
 */
export function createMatrixSender(opts: MatrixSenderOptions): Sender {
  const base = opts.homeserver.replace(/\/+$/, '');
  const scale = opts.rateScale ?? 1;
  return {
    platform: 'matrix',
    buckets: (channel) => matrixBuckets(channel, scale),
    async send(channel, item, lang) {
      const url = `${base}/_matrix/client/v3/rooms/${encodeURIComponent(channel.channel)}/send/m.room.message/${matrixTxnId(item.deliveryId)}`;
      let status: number;
      let text: string;
      let retryAfter: string | undefined;
      try {
        const res = await request(url, {
          method: 'PUT',
          headers: { authorization: `Bearer ${opts.accessToken}`, 'content-type': 'application/json', 'user-agent': USER_AGENT },
          body: JSON.stringify(toMatrix(alertReply(item, lang, opts.publicUrl ? { publicUrl: opts.publicUrl } : {}))),
          headersTimeout: opts.timeoutMs ?? 15_000,
          bodyTimeout: opts.timeoutMs ?? 15_000,
          ...(opts.dispatcher ? { dispatcher: opts.dispatcher } : {}),
        });
        status = res.statusCode;
        retryAfter = [res.headers['retry-after']].flat()[0];
        text = (await res.body.text()).slice(0, 64 * 1024);
      } catch (err) {
        const e = err as Error & { code?: string };
        throw new DeliveryError(`matrix: ${typeof e.code === 'string' ? e.code : e.name}`, 'transient', typeof e.code === 'string' ? { code: e.code } : {});
      }
      let body: { errcode?: string; retry_after_ms?: number; event_id?: string } = {};
      try {
        body = JSON.parse(text) as typeof body;
      } catch {
        // A proxy's HTML error page: judged on the status alone.
      }
      const refused = classifyAnswer(status, body, retryAfter);
      if (refused) throw refused;
      if (!body.event_id) throw new DeliveryError('matrix: the answer has no event_id', 'transient', { code: 'no_event_id' });
      return body.event_id;
    },
  };
}
