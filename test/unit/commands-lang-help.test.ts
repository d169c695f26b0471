import { describe, expect, it } from 'vitest';
import { localeLang } from '../../src/commands/context.js';
import { COMMAND_NAMES } from '../../src/commands/grammar.js';
import { runCommand } from '../../src/commands/run.js';
import { CHANNEL, fakeCommandDeps, invocation, replyText } from '../support/fake-command-deps.js';

describe('language of replies', () => {
  it('is French by default, English for a non-French locale, French for a French one', () => {
    expect(localeLang(undefined)).toBe('fr');
    expect(localeLang('fr-FR')).toBe('fr');
    expect(localeLang('fr')).toBe('fr');
    expect(localeLang('en-US')).toBe('en');
    expect(localeLang('de')).toBe('en');
  });

  it('gives the same facts in both languages for one command', async () => {
    const deps = fakeCommandDeps();
    const fr = replyText(await runCommand('status Outscale', invocation(), deps));
    const en = replyText(await runCommand('status Outscale', invocation({ locale: 'en-GB' }), deps));
    expect(fr).toContain('IaaS — IaaS — du 30/11/2023 au 30/11/2026 — décision 2118');
    expect(fr).toContain('se termine dans 2 jours');
    expect(en).toContain('IaaS — IaaS — from 30 Nov 2023 to 30 Nov 2026 — decision 2118');
    expect(en).toContain('ends in 2 days');
  });

  it('shows the current language, then a switch changes the language of the next reply and is stored', async () => {
    const deps = fakeCommandDeps();
    expect((await runCommand('lang', invocation(), deps)).summary).toContain('Langue de ce canal : français');
    const set = await runCommand('lang en', invocation(), deps);
    expect(set).toMatchObject({ visibility: 'channel', tone: 'ok', summary: "This channel's language is now English." });
    expect(await deps.subscriptions.getLang(CHANNEL)).toBe('en');
    expect((await runCommand('status', invocation(), deps)).summary).toBe('16 qualified offers from 9 providers');
    // The stored language wins over the platform's locale.
    await runCommand('langue français', invocation({ locale: 'en-US' }), deps);
    expect((await runCommand('status', invocation({ locale: 'en-US' }), deps)).summary).toBe('16 offres qualifiées de 9 fournisseurs');
  });

  it('rejects an unknown language, and a switch by a user who may not manage the channel', async () => {
    const deps = fakeCommandDeps();
    expect((await runCommand('lang de', invocation(), deps)).summary).toBe('Langue inconnue « de » : choisissez fr ou en.');
    const refused = await runCommand('lang en', invocation({ canManage: false, cannotManageReason: 'Admins only.' }), deps);
    expect(refused).toMatchObject({ tone: 'error', summary: 'Admins only.' });
    expect(await deps.subscriptions.getLang(CHANNEL)).toBeUndefined();
  });
});

describe('help', () => {
  it('lists every subcommand with its syntax and a line, and examples, for help and for an empty text', async () => {
    for (const text of ['help', '', 'aide']) {
      const reply = await runCommand(text, invocation({ locale: 'en-US' }), fakeCommandDeps());
      expect(reply).toMatchObject({ visibility: 'ephemeral', tone: 'info' });
      const body = replyText(reply);
      for (const name of COMMAND_NAMES) expect(body).toContain(`/secnumcloud ${name}`);
      expect(body).toContain('/secnumcloud unsubscribe <id>|all — remove one subscription by its id, or all of them');
      expect(body).toContain('Examples\n• /secnumcloud subscribe');
      expect(body).toContain('/secnumcloud subscribe news provider:"Cloud Temple"');
    }
  });

  it('is in French by default', async () => {
    const body = replyText(await runCommand('help', invocation(), fakeCommandDeps()));
    expect(body).toContain('supprime un abonnement par son identifiant, ou tous');
    expect(body).toContain('Exemples');
  });

  it('answers an unknown subcommand with the list of subcommands', async () => {
    const reply = await runCommand('subscirbe', invocation({ locale: 'en-US' }), fakeCommandDeps());
    expect(reply).toMatchObject({ visibility: 'ephemeral', tone: 'error' });
    expect(reply.summary).toBe('Unknown subcommand “subscirbe”. Subcommands: subscribe, subscriptions, unsubscribe, test, pause, resume, status, list, history, timeline, lang, help.');
  });
});

describe('faults', () => {
  it('lets a failing store throw, for the adapter to log', async () => {
    const deps = fakeCommandDeps();
    deps.subscriptions.add = async () => {
      throw new Error('redis down');
    };
    await expect(runCommand('subscribe', invocation(), deps)).rejects.toThrow('redis down');
  });
});
