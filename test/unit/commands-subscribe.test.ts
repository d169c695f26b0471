import { describe, expect, it } from 'vitest';
import { runCommand } from '../../src/commands/run.js';
import { subscriptionId, TOPICS } from '../../src/core/subscriptions.js';
import { CHANNEL, fakeCommandDeps, invocation, replyText } from '../support/fake-command-deps.js';

const en = invocation({ locale: 'en-US' });

describe('subscribe', () => {
  it('subscribes to all three topics by default, says what the channel will receive, and gives the id', async () => {
    const deps = fakeCommandDeps();
    const reply = await runCommand('subscribe', en, deps);
    const id = subscriptionId(CHANNEL, TOPICS, [], []);
    expect(reply).toMatchObject({ visibility: 'channel', tone: 'ok' });
    const text = replyText(reply);
    expect(text).toContain('This channel will receive:');
    expect(text).toContain('new qualifications, removals, renames, renewals and updates, and new services en cours de qualification');
    expect(text).toContain('news mentioning SecNumCloud, cloud de confiance');
    expect(text).toContain('expiry reminders 90, 30 and 7 days before an end date');
    expect(text).toContain(id);
    const [stored] = await deps.subscriptions.list(CHANNEL);
    expect(stored).toMatchObject({ id, topics: [...TOPICS], providers: [], keywords: [], createdBy: 'U0001', createdAt: '2026-11-28T09:00:00.000Z' });
  });

  it('subscribes to the news about a provider whose name has a space, spelled as the catalogue prints it', async () => {
    const deps = fakeCommandDeps();
    const reply = await runCommand('subscribe news provider:“cloud temple”', en, deps);
    const text = replyText(reply);
    expect(text).toContain('news naming Cloud Temple');
    expect(text).not.toContain('qualifications');
    expect(text).not.toContain('not in the catalogue');
    const [stored] = await deps.subscriptions.list(CHANNEL);
    expect(stored).toMatchObject({ topics: ['news'], providers: ['Cloud Temple'] });
  });

  it('accepts a provider the catalogue does not know, says so and proposes the closest names', async () => {
    const deps = fakeCommandDeps();
    const text = replyText(await runCommand('subscribe qualifications provider:NumSpott', en, deps));
    expect(text).toContain('about NumSpott only');
    expect(text).toContain('NumSpott is neither in the catalogue nor en cours de qualification yet: the subscription is kept');
    expect(text).toContain('Closest known names: NumSpot.');
    expect((await deps.subscriptions.list(CHANNEL))[0]?.providers).toEqual(['NumSpott']);
  });

  it('accepts a provider only en cours de qualification and says it is not qualified yet', async () => {
    const deps = fakeCommandDeps();
    const text = replyText(await runCommand('abonner fournisseur:numspot', invocation(), deps));
    expect(text).toContain('uniquement pour NumSpot');
    expect(text).toContain("NumSpot n'a pas encore d'offre qualifiée : il est listé en cours de qualification");
  });

  it('says nothing about closeness for a name far from every known one', async () => {
    const text = replyText(await runCommand('subscribe provider:Amazon', en, fakeCommandDeps()));
    expect(text).toContain('Amazon is neither in the catalogue');
    expect(text).not.toContain('Closest known names');
  });

  it('filters on a keyword and says so for every topic', async () => {
    const deps = fakeCommandDeps();
    const text = replyText(await runCommand('subscribe qualifications news keyword:EUCS', en, deps));
    expect(text).toMatch(/new services en cours de qualification — only those that name EUCS/);
    expect(text).toMatch(/news mentioning .* — only those that name EUCS/);
    expect(text).not.toContain('expiry reminders');
    expect((await deps.subscriptions.list(CHANNEL))[0]).toMatchObject({ topics: ['qualifications', 'news'], keywords: ['EUCS'] });
  });

  it('answers "already subscribed" with the same id when the same filters come twice, however spelled', async () => {
    const deps = fakeCommandDeps();
    const first = await runCommand('subscribe news expiry provider:OVH', en, deps);
    const again = await runCommand('subscribe expiry news provider:ovhcloud', en, deps);
    const id = subscriptionId(CHANNEL, ['news', 'expiry'], ['OVH'], []);
    expect(first.summary).toContain(id);
    expect(again.summary).toBe(`Already subscribed: subscription ${id} covers exactly this.`);
    expect(await deps.subscriptions.list(CHANNEL)).toHaveLength(1);
  });

  it('refuses a user who may not manage the channel, with the platform\'s reason, and stores nothing', async () => {
    const deps = fakeCommandDeps();
    const reason = 'Only workspace admins can manage subscriptions here.';
    const reply = await runCommand('subscribe', invocation({ canManage: false, cannotManageReason: reason }), deps);
    expect(reply).toMatchObject({ visibility: 'ephemeral', tone: 'error', summary: reason });
    const fallback = await runCommand('subscribe', invocation({ canManage: false }), deps);
    expect(fallback.summary).toBe("Vous n'avez pas le droit de gérer les abonnements de ce canal.");
    expect(await deps.subscriptions.list(CHANNEL)).toEqual([]);
  });

  it('rejects an unknown topic and hints at provider:', async () => {
    const reply = await runCommand('subscribe Cloud Temple', en, fakeCommandDeps());
    expect(reply.tone).toBe('error');
    expect(reply.summary).toContain('Unknown topic “Cloud”');
    expect(reply.summary).toContain('provider:"Cloud"');
  });
});

describe('subscriptions and unsubscribe', () => {
  async function channelWithTwo() {
    const deps = fakeCommandDeps();
    await runCommand('subscribe', en, deps);
    await runCommand('subscribe news provider:NumSpot keyword:SecNumCloud', en, deps);
    return deps;
  }

  it('lists each subscription with its id and what it covers, and marks a disabled one in words', async () => {
    const deps = await channelWithTwo();
    const [all, numspot] = await deps.subscriptions.list(CHANNEL);
    numspot!.disabled = { reason: 'channel_not_found', at: '2026-11-27T23:30:00Z' };
    const text = replyText(await runCommand('subscriptions', en, deps));
    expect(text).toContain(`${all!.id} — qualifications, news and expiry reminders`);
    expect(text).toContain(`${numspot!.id} — news — about NumSpot only — only those that name SecNumCloud — disabled since 28 Nov 2026: channel_not_found`);
  });

  it('says when the channel has no subscription', async () => {
    const reply = await runCommand('abonnements', invocation(), fakeCommandDeps());
    expect(replyText(reply)).toContain("Ce canal n'a aucun abonnement");
  });

  it('removes one subscription by its id, whatever its case', async () => {
    const deps = await channelWithTwo();
    const [first, second] = await deps.subscriptions.list(CHANNEL);
    const reply = await runCommand(`unsubscribe ${first!.id.toUpperCase()}`, en, deps);
    expect(reply).toMatchObject({ tone: 'ok', summary: `Subscription ${first!.id} removed.` });
    expect((await deps.subscriptions.list(CHANNEL)).map((s) => s.id)).toEqual([second!.id]);
  });

  it('removes all of them', async () => {
    const deps = await channelWithTwo();
    const reply = await runCommand('unsubscribe all', en, deps);
    expect(reply.summary).toBe('2 subscriptions removed: this channel will receive nothing more.');
    expect(await deps.subscriptions.list(CHANNEL)).toEqual([]);
  });

  it('answers an unknown id with the ids of the channel', async () => {
    const deps = await channelWithTwo();
    const ids = (await deps.subscriptions.list(CHANNEL)).map((s) => s.id);
    const reply = await runCommand('unsubscribe s000000', en, deps);
    expect(reply).toMatchObject({ visibility: 'ephemeral', tone: 'error' });
    expect(reply.summary).toBe(`No subscription s000000 in this channel. Its subscriptions: ${ids[0]} and ${ids[1]}.`);
    expect(await deps.subscriptions.list(CHANNEL)).toHaveLength(2);
  });

  it('needs an id, and permission', async () => {
    const deps = await channelWithTwo();
    expect((await runCommand('unsubscribe', en, deps)).summary).toContain('Which subscription?');
    const refused = await runCommand('unsubscribe all', invocation({ canManage: false, cannotManageReason: 'Needs Manage Channels.' }), deps);
    expect(refused).toMatchObject({ tone: 'error', summary: 'Needs Manage Channels.' });
    expect(await deps.subscriptions.list(CHANNEL)).toHaveLength(2);
  });
});
