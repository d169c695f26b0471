/** discord.js clients wired to a fake the way the project configures them, for tests. */
import { Client, Events, GatewayIntentBits, REST, type ClientOptions, type Interaction } from 'discord.js';
import type { FakeDiscord } from './server.js';

/** A REST client as the project's sender builds it: no retries of its own, every rate limit rejected. */
export function restFor(fake: FakeDiscord, token = fake.token): REST {
  return new REST({ version: '10', api: fake.apiUrl, retries: 0, rejectOnRateLimit: () => true }).setToken(token);
}

/**
 * A Client (intents: Guilds unless given) logged in against the fake; resolves once `clientReady` fired.
 * The caller destroys it (`client.destroy()` closes the gateway with 1000, which ends the session).
 */
export async function loginClient(fake: FakeDiscord, options: Partial<ClientOptions> = {}): Promise<Client> {
  const client = new Client({ intents: [GatewayIntentBits.Guilds], ...options, rest: { ...options.rest, api: fake.apiUrl } });
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  try {
    await client.login(fake.token);
  } catch (err) {
    await client.destroy();
    throw err;
  }
  await ready;
  return client;
}

/** Runs `handle` on every interaction and keeps the last thing it threw, so a test can fail on a broken handler. */
export function onInteraction(client: Client, handle: (i: Interaction) => Promise<void>): { error?: unknown } {
  const out: { error?: unknown } = {};
  client.on(Events.InteractionCreate, (i) => void handle(i).catch((err: unknown) => { out.error = err; }));
  return out;
}
