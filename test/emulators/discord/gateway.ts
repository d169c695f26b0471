/** The gateway: a `ws` server speaking Discord's JSON protocol (HELLO, heartbeats, IDENTIFY/READY, RESUME, dispatches). */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { shardOf } from './time.js';

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** GUILD_MEMBERS, GUILD_PRESENCES, MESSAGE_CONTENT: refused (4014) unless the application has them enabled. */
export const PRIVILEGED_INTENTS = (1 << 1) | (1 << 8) | (1 << 15);
/** Every intent bit defined today (up to DIRECT_MESSAGE_POLLS, 1 << 25); others are refused (4013). */
const KNOWN_INTENTS = (1 << 26) - 1;
const TRACE = ['["gateway-prd-fake-1",{"micros":0}]'];
const REPLAY_BUFFER = 1000;

/** An IDENTIFY payload's `d` as the client sent it (token included). */
export interface IdentifyRecord { token?: string; intents?: number; shard?: [number, number]; properties?: Json; compress?: boolean; large_threshold?: number; presence?: unknown }
/** A RESUME attempt and whether it was accepted (else the client got op 9, invalid session). */
export interface ResumeRecord { sessionId: string; seq: number; accepted: boolean }

/** A gateway session: what it identified with, its sequence, and the dispatches kept for a RESUME. */
export interface Session { id: string; socket: WebSocket | null; shard: [number, number]; intents: number; seq: number; sent: Json[] }

export interface GatewayOptions {
  token: string;
  /** Real milliseconds; the fake closes a connection with 4009 after 1.5 intervals (at least interval + 5 s) without a heartbeat. */
  heartbeatIntervalMs: number;
  privilegedIntents: number;
  /** READY's `d` for a new session. */
  ready(session: Session): Json;
  /** GUILD_CREATE payloads of the guilds on a shard. */
  guildCreates(shard: [number, number]): Json[];
  changed(): void;
}

/** Accepts gateway connections on `/gateway` and keeps sessions (resumable until closed with 1000/1001). */
export class Gateway {
  readonly identifies: IdentifyRecord[] = [];
  readonly resumes: ResumeRecord[] = [];
  heartbeats = 0;
  sessionsStarted = 0;
  private readonly sessions = new Map<string, Session>();
  private readonly wss = new WebSocketServer({ noServer: true });

  constructor(private readonly opts: GatewayOptions) {}

  /** Takes an HTTP upgrade for `/gateway`; false for any other path. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/gateway' && url.pathname !== '/gateway/') return false;
    this.wss.handleUpgrade(req, socket, head, (ws) => this.connection(ws, url.searchParams));
    return true;
  }

  /** Sends a dispatch (op 0) to a session: numbered, kept for replay, delivered now when connected. */
  send(session: Session, t: string, d: unknown): void {
    const payload = { op: 0, t, s: ++session.seq, d };
    session.sent.push(payload);
    if (session.sent.length > REPLAY_BUFFER) session.sent.shift();
    if (session.socket?.readyState === WebSocket.OPEN) session.socket.send(JSON.stringify(payload));
  }

  /**
   * Sends a dispatch to every session that should see it: the shard owning `guildId` (all shards without one),
   * subscribed to `intent` (0: not intent-gated). Disconnected but resumable sessions keep it for replay.
   */
  dispatch(t: string, d: unknown, guildId: string | undefined, intent: number): number {
    let n = 0;
    for (const s of this.sessions.values()) {
      if (intent !== 0 && (s.intents & intent) === 0) continue;
      if (guildId !== undefined && shardOf(guildId, s.shard[1]) !== s.shard[0]) continue;
      this.send(s, t, d);
      n += 1;
    }
    return n;
  }

  /** Whether some session is identified and its connection open. */
  connected(): boolean {
    return [...this.sessions.values()].some((s) => s.socket?.readyState === WebSocket.OPEN);
  }

  /** Sends op 7 RECONNECT on every open connection: clients close and RESUME. */
  requestReconnect(): void {
    for (const s of this.sessions.values()) s.socket?.send(JSON.stringify({ op: 7, d: null, s: null, t: null }));
  }

  close(): void {
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
  }

  private connection(ws: WebSocket, query: URLSearchParams): void {
    const raw = (p: Json): void => {
      if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(p));
    };
    let session: Session | undefined;
    let invalidated = false;
    const shut = (code: number, reason: string): void => {
      invalidated = true;
      ws.close(code, reason);
    };
    if ((query.get('v') ?? '10') !== '10') return shut(4012, 'Invalid API version.');
    if ((query.get('encoding') ?? 'json') !== 'json') return shut(4002, 'Error while decoding payload.');
    const interval = this.opts.heartbeatIntervalMs;
    let watchdog: NodeJS.Timeout | undefined;
    const arm = (): void => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => shut(4009, 'Session timed out.'), Math.max(interval * 1.5, interval + 5000)).unref();
    };
    arm();
    raw({ op: 10, d: { heartbeat_interval: interval, _trace: TRACE }, s: null, t: null });
    ws.on('message', (data: RawData) => {
      let p: unknown;
      try {
        p = JSON.parse(Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.concat(data as Buffer[]).toString('utf8'));
      } catch {
        return shut(4002, 'Error while decoding payload.');
      }
      if (!isObj(p) || typeof p.op !== 'number') return shut(4002, 'Error while decoding payload.');
      const d = isObj(p.d) ? p.d : {};
      switch (p.op) {
        case 1:
          arm();
          this.heartbeats += 1;
          raw({ op: 11, d: null, s: null, t: null });
          return this.opts.changed();
        case 2:
          if (session) return shut(4005, 'Already authenticated.');
          session = this.identify(d, shut, ws);
          return this.opts.changed();
        case 6:
          if (session) return shut(4005, 'Already authenticated.');
          session = this.resume(d, ws, raw);
          return this.opts.changed();
        case 3: case 4: case 8: case 31:
          // Presence, voice state, member requests, soundboard: accepted and ignored once identified.
          return session ? undefined : shut(4003, 'Not authenticated.');
        default:
          return shut(4001, 'Unknown opcode.');
      }
    });
    ws.on('close', (code: number) => {
      clearTimeout(watchdog);
      if (session?.socket === ws) {
        session.socket = null;
        if (invalidated || code === 1000 || code === 1001) this.sessions.delete(session.id);
      }
      this.opts.changed();
    });
  }

  private identify(d: Json, shut: (code: number, reason: string) => void, ws: WebSocket): Session | undefined {
    this.identifies.push({ ...d } as IdentifyRecord);
    const token = typeof d.token === 'string' ? d.token.replace(/^Bot\s+/i, '') : '';
    if (token !== this.opts.token) return void shut(4004, 'Authentication failed.');
    const [id, count] = Array.isArray(d.shard) ? (d.shard as unknown[]) : [0, 1];
    if (!Number.isInteger(id) || !Number.isInteger(count) || (count as number) < 1 || (id as number) < 0 || (id as number) >= (count as number)) {
      return void shut(4010, 'Invalid shard.');
    }
    const intents = d.intents;
    if (typeof intents !== 'number' || !Number.isInteger(intents) || (intents & ~KNOWN_INTENTS) !== 0) return void shut(4013, 'Invalid intent(s).');
    if ((intents & PRIVILEGED_INTENTS & ~this.opts.privilegedIntents) !== 0) return void shut(4014, 'Disallowed intent(s).');
    this.sessionsStarted += 1;
    const session: Session = { id: randomBytes(16).toString('hex'), socket: ws, shard: [id as number, count as number], intents, seq: 0, sent: [] };
    this.sessions.set(session.id, session);
    this.send(session, 'READY', this.opts.ready(session));
    // GUILD_CREATE for each guild of the shard, under the GUILDS intent.
    if (intents & 1) for (const g of this.opts.guildCreates(session.shard)) this.send(session, 'GUILD_CREATE', g);
    return session;
  }

  private resume(d: Json, ws: WebSocket, raw: (p: Json) => void): Session | undefined {
    const sessionId = typeof d.session_id === 'string' ? d.session_id : '';
    const seq = typeof d.seq === 'number' ? d.seq : -1;
    const s = this.sessions.get(sessionId);
    const token = typeof d.token === 'string' ? d.token.replace(/^Bot\s+/i, '') : '';
    const accepted = s !== undefined && s.socket === null && token === this.opts.token && seq >= 0 && seq <= s.seq;
    this.resumes.push({ sessionId, seq, accepted });
    if (!s || !accepted) {
      raw({ op: 9, d: false, s: null, t: null });
      return undefined;
    }
    s.socket = ws;
    for (const p of s.sent) if ((p.s as number) > seq) ws.send(JSON.stringify(p));
    this.send(s, 'RESUMED', { _trace: TRACE });
    return s;
  }
}
