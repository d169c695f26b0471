/**
 * A real SMTP server for the tests (the `smtp-server` package) on a free port of 127.0.0.1: it keeps every message
 * it received, parsed back with `mailparser`, and can refuse the next messages with a 4xx after their data, or take a
 * message's data and drop the connection, or never answer (an attempt in doubt: the sender cannot know it arrived).
 */
import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';

export interface ReceivedMail {
  /** The envelope's recipients (RCPT TO). */
  to: string[];
  raw: string;
  parsed: ParsedMail;
  /** Whether the server answered 250 (false: refused, or the connection dropped before the answer). */
  accepted: boolean;
}

export interface FakeSmtp {
  host: string;
  port: number;
  user: string;
  pass: string;
  /** Every message whose data arrived, accepted or not, in order. */
  received: ReceivedMail[];
  accepted(): ReceivedMail[];
  /** The next `n` messages are answered `451 4.3.0 try again later` after their data. */
  refuseNext(n: number): void;
  /** The next `n` messages' connections are dropped after their data, before any answer. */
  dropNext(n: number): void;
  /** The next `n` messages get no answer at all after their data (the sender waits, as for a hung server). */
  stallNext(n: number): void;
  /** Recipients refused at RCPT with 550 (no such mailbox). */
  unknownRecipients: Set<string>;
  waitFor(count: number, ms?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

export async function startFakeSmtp(opts: { user?: string; pass?: string } = {}): Promise<FakeSmtp> {
  const user = opts.user ?? 'tracker';
  const pass = opts.pass ?? 'smtp-pass-7c1e93ab52';
  const received: ReceivedMail[] = [];
  const unknownRecipients = new Set<string>();
  let refuse = 0;
  let drop = 0;
  let stall = 0;
  const server = new SMTPServer({
    // No TLS on the loopback: STARTTLS off, and login allowed in clear (as a local relay allows it).
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === user && auth.password === pass) return callback(null, { user });
      callback(Object.assign(new Error('535 5.7.8 authentication failed'), { responseCode: 535 }));
    },
    onRcptTo(address, _session, callback) {
      if (unknownRecipients.has(address.address.toLowerCase())) return callback(Object.assign(new Error('5.1.1 no such mailbox'), { responseCode: 550 }));
      callback();
    },
    onData(stream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const to = session.envelope.rcptTo.map((r) => r.address);
        void simpleParser(raw).then((parsed) => {
          const mail: ReceivedMail = { to, raw, parsed, accepted: false };
          received.push(mail);
          if (drop > 0) {
            drop--;
            // The data arrived whole; the answer never leaves: the client is left in doubt.
            (session as unknown as { socket?: { destroy(): void } }).socket?.destroy();
            for (const c of connections) c.destroy();
            return;
          }
          if (stall > 0) {
            stall--;
            return; // never answered: the client is left waiting (until it is killed, or times out)
          }
          if (refuse > 0) {
            refuse--;
            return callback(Object.assign(new Error('4.3.0 try again later'), { responseCode: 451 }));
          }
          mail.accepted = true;
          callback(null, 'queued');
        });
      });
    },
  });
  const connections = new Set<import('node:net').Socket>();
  server.server.on('connection', (socket: import('node:net').Socket) => {
    connections.add(socket);
    socket.on('close', () => connections.delete(socket));
  });
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    host: '127.0.0.1',
    port,
    user,
    pass,
    received,
    unknownRecipients,
    accepted: () => received.filter((m) => m.accepted),
    refuseNext: (n) => void (refuse = n),
    dropNext: (n) => void (drop = n),
    stallNext: (n) => void (stall = n),
    async waitFor(count, ms = 15_000) {
      const deadline = Date.now() + ms;
      while (received.filter((m) => m.accepted).length < count) {
        if (Date.now() > deadline) throw new Error(`SMTP: ${received.filter((m) => m.accepted).length} message(s) accepted, ${count} awaited`);
        await new Promise((r) => setTimeout(r, 25));
      }
      return received.filter((m) => m.accepted);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of connections) c.destroy();
        server.close(() => resolve());
      }),
  };
}
