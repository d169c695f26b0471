import { describe, expect, it } from 'vitest';
import type { AlertOutcome, CommandDeps, TestAlerts } from '../../src/commands/ports.js';
import { runCommand } from '../../src/commands/run.js';
import type { TestNotice } from '../../src/core/delivery.js';
import type { ChannelRef } from '../../src/core/subscriptions.js';
import { subscriptionId } from '../../src/core/subscriptions.js';
import { CHANGES, CHANNEL, fakeCommandDeps, invocation, replyText } from '../support/fake-command-deps.js';

const en = invocation({ locale: 'en-US' });
const fr = invocation();

/** Test alerts in memory: what was queued, and the outcome `outcome` reports. */
class FakeAlerts implements TestAlerts {
  readonly queued: Array<{ channel: ChannelRef; notice: TestNotice }> = [];
  outcomeIs: AlertOutcome = { status: 'sent' };
  retryInMs?: number;
  async queue(channel: ChannelRef, notice: TestNotice) {
    if (this.retryInMs) return { retryInMs: this.retryInMs };
    this.queued.push({ channel, notice });
    return { deliveryId: `dl${this.queued.length}` };
  }
  async outcome() {
    return this.outcomeIs;
  }
}
const withAlerts = (deps: CommandDeps = fakeCommandDeps()) => {
  const alerts = new FakeAlerts();
  return { deps: { ...deps, alerts }, alerts };
};

describe('subscribe: type: and exclude:', () => {
  it('keeps the types, says them in words, and gives another id than the unfiltered subscription', async () => {
    const deps = fakeCommandDeps();
    const text = replyText(await runCommand('subscribe qualifications expiry type:IaaS type:paas', en, deps));
    expect(text).toMatch(/new services en cours de qualification — PaaS or IaaS offers only/);
    expect(text).toMatch(/expiry reminders .* — PaaS or IaaS offers only/);
    const [stored] = await deps.subscriptions.list(CHANNEL);
    expect(stored).toMatchObject({ types: ['PaaS', 'IaaS'] });
    expect(stored!.id).toBe(subscriptionId(CHANNEL, ['qualifications', 'expiry'], [], [], { types: ['IaaS', 'PaaS'] }));
    expect(stored!.id).not.toBe(subscriptionId(CHANNEL, ['qualifications', 'expiry'], [], []));
    const listed = replyText(await runCommand('subscriptions', en, deps));
    expect(listed).toContain('qualifications and expiry reminders — PaaS or IaaS offers only');
  });

  it('takes several types in one value, in French too', async () => {
    const deps = fakeCommandDeps();
    const text = replyText(await runCommand('abonner qualifications type:IaaS,SaaS', fr, deps));
    expect(text).toContain('uniquement les offres SaaS ou IaaS');
    expect((await deps.subscriptions.list(CHANNEL))[0]?.types).toEqual(['SaaS', 'IaaS']);
  });

  it('excludes news by a word and says so; the unfiltered news line stays', async () => {
    const deps = fakeCommandDeps();
    const text = replyText(await runCommand('subscribe news exclude:recrutement exclure:"salon"', en, deps));
    expect(text).toMatch(/news mentioning SecNumCloud.* — except those that name recrutement or salon/);
    expect((await deps.subscriptions.list(CHANNEL))[0]).toMatchObject({ topics: ['news'], exclude: ['recrutement', 'salon'] });
    expect(replyText(await runCommand('subscriptions', fr, deps))).toContain('sauf celles qui citent recrutement ou salon');
  });

  it('refuses an unknown type, a type without offers to filter, an exclusion without news, and stores nothing', async () => {
    const deps = fakeCommandDeps();
    const bad = await runCommand('subscribe type:XaaS', en, deps);
    expect(bad).toMatchObject({ tone: 'error', summary: 'Unknown type “XaaS”: choose SaaS, PaaS, CaaS or IaaS.' });
    const newsOnly = await runCommand('subscribe news type:IaaS', en, deps);
    expect(newsOnly.summary).toBe('type: filters qualifications and expiry reminders, and this subscription has neither: news carry no service type.');
    const noNews = await runCommand('subscribe qualifications exclude:salon', fr, deps);
    expect(noNews.summary).toBe("exclude: filtre les actualités, et cet abonnement n'en reçoit pas : ajoutez news, ou retirez exclude:.");
    expect(await deps.subscriptions.list(CHANNEL)).toEqual([]);
  });
});

describe('subscribe shows what it would have sent', () => {
  it('lists the last three changes the new subscription matches, newest first', async () => {
    const text = replyText(await runCommand('subscribe qualifications', en, fakeCommandDeps()));
    expect(text).toContain('Latest changes it would have sent:');
    const lines = text.split('\n').filter((l) => /^• (Renewed|Renamed|New qualification|New en cours)/.test(l));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^• Renewed: OVH — Hosted Private Cloud/);
    expect(lines[1]).toMatch(/^• Renamed: Worldline/);
    expect(lines[2]).toMatch(/^• New qualification: NumSpot/);
  });

  it('counts only what the filters keep', async () => {
    const text = replyText(await runCommand('subscribe qualifications provider:NumSpot', en, fakeCommandDeps()));
    expect(text.split('\n').filter((l) => l.startsWith('• New'))).toEqual([
      expect.stringMatching(/^• New qualification: NumSpot/),
      expect.stringMatching(/^• New en cours de qualification: NumSpot/),
    ]);
  });

  it('says when no recorded change matches yet, in French too', async () => {
    const none = replyText(await runCommand('abonner qualifications type:SaaS', fr, fakeCommandDeps()));
    expect(none).toContain("Aucun changement enregistré jusqu'ici ne correspond à cet abonnement : la première alerte arrivera avec le prochain.");
    const empty = replyText(await runCommand('subscribe', en, fakeCommandDeps({ changes: [] })));
    expect(empty).toContain('No change recorded so far matches this subscription: the first alert arrives with the next one.');
  });
});

describe('pause and resume', () => {
  it('pause stops the alerts, shows in subscriptions, and resume says how many were skipped and points to history', async () => {
    const deps = fakeCommandDeps();
    await runCommand('subscribe', en, deps);
    const paused = await runCommand('pause', en, deps);
    expect(paused).toMatchObject({ visibility: 'channel', tone: 'ok' });
    expect(paused.summary).toContain('Alerts paused in this channel');
    expect(replyText(await runCommand('subscriptions', en, deps))).toContain('Paused since 28 Nov 2026: no alert is posted here until /secnumcloud resume.');
    expect((await runCommand('pause', en, deps)).summary).toBe('This channel is already paused (since 28 Nov 2026). /secnumcloud resume starts the alerts again.');
    deps.subscriptions.skipped.set('slack/T0001/C0001', 1);
    const resumed = await runCommand('resume', en, deps);
    expect(resumed).toMatchObject({ visibility: 'channel', tone: 'ok' });
    expect(resumed.summary).toBe('Alerts resumed in this channel. 1 change was not posted during the pause (since 28 Nov 2026): /secnumcloud history shows the latest changes.');
    expect((await runCommand('resume', en, deps)).summary).toBe('This channel is not paused: its alerts are posted as they come.');
    expect(replyText(await runCommand('subscriptions', en, deps))).not.toContain('Paused');
  });

  it('speaks French, and needs the right to manage the channel', async () => {
    const deps = fakeCommandDeps();
    expect((await runCommand('suspendre', fr, deps)).summary).toContain('Alertes suspendues dans ce canal');
    expect((await runCommand('reprendre', fr, deps)).summary).toBe(
      "Alertes reprises dans ce canal. Aucun changement n'a été écarté pendant la pause (depuis le 28/11/2026) : /secnumcloud history montre les derniers changements.",
    );
    const refused = await runCommand('pause', invocation({ canManage: false, cannotManageReason: 'manage-channels' }), deps);
    expect(refused).toMatchObject({ tone: 'error', visibility: 'ephemeral' });
    expect(await deps.subscriptions.pausedSince(CHANNEL)).toBeUndefined();
  });
});

describe('test', () => {
  it('queues a test alert built from the latest change the subscriptions match, and a follow-up says it was posted', async () => {
    const { deps, alerts } = withAlerts();
    await runCommand('subscribe qualifications provider:Worldline', en, deps);
    const reply = await runCommand('test', en, deps);
    expect(reply).toMatchObject({ visibility: 'ephemeral', tone: 'info' });
    expect(replyText(reply)).toContain("Sending a test alert to this channel. It shows the latest change this channel's subscriptions match:");
    expect(replyText(reply)).toMatch(/Renamed: Worldline/);
    expect(alerts.queued).toEqual([{ channel: CHANNEL, notice: { type: 'test', basis: 'matching', event: CHANGES[3] } }]);
    const follow = await reply.followUp!();
    expect(follow).toMatchObject({ visibility: 'ephemeral', tone: 'ok', summary: 'The test alert was posted in this channel.' });
  });

  it('falls back to the latest change of any kind, then to an offer of the catalogue, then to nothing to show', async () => {
    const { deps, alerts } = withAlerts();
    await runCommand('test', en, deps);
    expect(alerts.queued[0]!.notice).toEqual({ type: 'test', basis: 'latest', event: CHANGES[0] });
    const sample = withAlerts(fakeCommandDeps({ changes: [] }));
    const text = replyText(await runCommand('test', fr, sample.deps));
    expect(sample.alerts.queued[0]!.notice).toMatchObject({ type: 'test', basis: 'sample', offer: { provider: 'Orange Business Services', service: 'Cloud Avenue SecNum' } });
    expect(text).toContain("Aucun changement n'est encore enregistré : elle montre une offre du catalogue actuel");
    const none = withAlerts(fakeCommandDeps({ changes: [], offers: [] }));
    await runCommand('test', en, none.deps);
    expect(none.alerts.queued[0]!.notice).toEqual({ type: 'test', basis: 'none' });
  });

  it('says when the alert failed or is still queued, in words', async () => {
    const { deps, alerts } = withAlerts();
    const reply = await runCommand('test', en, deps);
    alerts.outcomeIs = { status: 'failed', reason: 'slack: not_in_channel' };
    expect(await reply.followUp!()).toMatchObject({ tone: 'error', summary: 'The test alert could not be posted (slack: not_in_channel).' });
    alerts.outcomeIs = { status: 'pending', queued: 2 };
    expect((await reply.followUp!()).summary).toBe(
      "The test alert is not posted yet after 30 s: 2 messages are ahead of it in this channel's queue. It stays queued and will be posted in turn; if it never comes, check that a worker is running.",
    );
  });

  it('refuses a user without the right, the bot missing permissions, and a second test within the minute, queueing nothing', async () => {
    const { deps, alerts } = withAlerts();
    const denied = await runCommand('test', invocation({ canManage: false, cannotManageReason: 'manage-channels' }), deps);
    expect(denied).toMatchObject({ tone: 'error', summary: 'Il faut la permission « Gérer les salons » pour gérer les abonnements de ce salon.' });
    const bot = await runCommand('test', invocation({ locale: 'en-US', canManage: false, cannotManageReason: 'bot-permissions', botMissing: ['SendMessages', 'EmbedLinks'] }), deps);
    expect(bot.summary).toBe('The bot cannot post here: give it Send Messages and Embed Links in this channel (channel settings → Permissions).');
    const slack = await runCommand('test', invocation({ locale: 'en-US', canManage: false, cannotManageReason: 'invite-app' }), deps);
    expect(slack.summary).toBe('Invite the app to this channel first (/invite @SecNumCloud): it cannot post here.');
    alerts.retryInMs = 42_100;
    const soon = await runCommand('test', en, deps);
    expect(soon).toMatchObject({ tone: 'error', summary: 'A test alert was sent here less than a minute ago: try again in 43 s.' });
    expect(alerts.queued).toEqual([]);
  });

  it('says the channel is paused: the test is posted, real alerts are not', async () => {
    const { deps } = withAlerts();
    await runCommand('pause', en, deps);
    expect(replyText(await runCommand('test', en, deps))).toContain('This channel is paused: the test alert is posted, real alerts are not until /secnumcloud resume.');
  });
});
