import { describe, expect, it } from 'vitest';
import { parseCommand, quoteArg, tokenize } from '../../src/commands/args.js';
import { CommandError, type Problem } from '../../src/commands/errors.js';
import { runCommand } from '../../src/commands/run.js';
import { inlineText } from '../../src/commands/reply.js';
import { fakeCommandDeps, invocation } from '../support/fake-command-deps.js';

const problemOf = (text: string): Problem => {
  try {
    parseCommand(text);
  } catch (e) {
    if (e instanceof CommandError) return e.problem;
    throw e;
  }
  throw new Error(`no error for ${text}`);
};

describe('argument parser', () => {
  it('splits words on any whitespace, no-break spaces included', () => {
    expect(tokenize('  status\u00a0OVH\tnow ')).toEqual([{ text: 'status' }, { text: 'OVH' }, { text: 'now' }]);
  });

  it.each([
    ['straight quotes after the key', 'subscribe news provider:"Cloud Temple"'],
    ['typographic quotes after the key', 'subscribe news provider:“Cloud Temple”'],
    ['guillemets with their inner spaces', 'subscribe news provider:« Cloud Temple »'],
    ['guillemets with no-break spaces', 'subscribe news provider:«\u00a0Cloud Temple\u00a0»'],
    ['German-style low-high quotes', 'subscribe news provider:„Cloud Temple“'],
    ['the whole key:value quoted', 'subscribe news "provider:Cloud Temple"'],
    ['the whole key:value in typographic quotes', 'subscribe news “provider:Cloud  Temple”'],
  ])('groups a provider name with %s', (_, text) => {
    expect(parseCommand(text)).toEqual({ command: 'subscribe', words: ['news'], options: [{ key: 'provider', value: 'Cloud Temple' }] });
  });

  it('takes subcommands and keys in any case, with French aliases and accents', () => {
    expect(parseCommand('SUBSCRIBE Provider:OVH KEYWORD:EUCS').options).toEqual([
      { key: 'provider', value: 'OVH' },
      { key: 'keyword', value: 'EUCS' },
    ]);
    const fr = parseCommand('Abonner actualités fournisseur:"Cloud Temple" mot-clé:HDS');
    expect(fr).toEqual({
      command: 'subscribe',
      words: ['actualités'],
      options: [{ key: 'provider', value: 'Cloud Temple' }, { key: 'keyword', value: 'HDS' }],
    });
    expect(parseCommand('désabonner s123456').command).toBe('unsubscribe');
    expect(parseCommand('Statut').command).toBe('status');
  });

  it('keeps repeated keys in order, and a colon inside quotes as text', () => {
    const p = parseCommand('subscribe provider:OVH provider:"Cloud Temple" keyword:"cloud de confiance"');
    expect(p.options.map((o) => o.value)).toEqual(['OVH', 'Cloud Temple', 'cloud de confiance']);
    expect(parseCommand('status "Foo: Bar"').words).toEqual(['Foo: Bar']);
  });

  it('does not take an apostrophe for a quote', () => {
    expect(parseCommand("subscribe keyword:l'HDS").options).toEqual([{ key: 'keyword', value: "l'HDS" }]);
  });

  it('gives help for an empty text', () => {
    expect(parseCommand('   ')).toEqual({ words: [], options: [] });
  });

  it('reports a quote left open, with what follows it', () => {
    expect(problemOf('subscribe provider:"Cloud Temple')).toEqual({ kind: 'unclosedQuote', quote: '"', after: 'Cloud Temple' });
    expect(problemOf('subscribe provider:« Cloud Temple')).toMatchObject({ kind: 'unclosedQuote', quote: '«' });
  });

  it('reports an unknown key with the keys the subcommand takes, and a key given to a subcommand that takes none', () => {
    expect(problemOf('subscribe providr:OVH')).toEqual({ kind: 'unknownKey', key: 'providr', allowed: ['provider', 'keyword', 'type', 'exclude', 'catalogue', 'category', 'reminders'] });
    expect(problemOf('list provider:OVH')).toEqual({ kind: 'unknownKey', key: 'provider', allowed: [] });
  });

  it('reports an empty value and an unknown subcommand', () => {
    expect(problemOf('subscribe provider:')).toEqual({ kind: 'emptyValue', key: 'provider' });
    expect(problemOf('subscribe provider:""')).toEqual({ kind: 'emptyValue', key: 'provider' });
    expect(problemOf('frobnicate')).toEqual({ kind: 'unknownCommand', word: 'frobnicate' });
  });

  it('answers parse errors with a private error reply and the usage, never a throw', async () => {
    const deps = fakeCommandDeps();
    const open = await runCommand('subscribe provider:“Cloud Temple', invocation({ locale: 'en-US' }), deps);
    expect(open).toMatchObject({ visibility: 'ephemeral', tone: 'error' });
    expect(open.summary).toContain('never closed');
    const key = await runCommand('subscribe providr:OVH', invocation({ locale: 'en-US' }), deps);
    expect(key.tone).toBe('error');
    expect(key.summary).toContain('Unknown key “providr:”');
    expect(key.blocks.some((b) => b.type === 'context' && inlineText(b.content).includes('/secnumcloud subscribe'))).toBe(true);
  });
});

describe('quoteArg, for adapters that rebuild a text', () => {
  it.each(['OVH', 'Cloud Temple', 'a:b', 'Say "hi"', 'Say "hi" » now', '« x » "y" ”z”'])('gives %s back as one word', (value) => {
    const [token, ...rest] = tokenize(`status ${quoteArg(value)}`).slice(1);
    expect(rest).toEqual([]);
    expect(token?.text.replace(/["”“]/g, '')).toBe(value.replace(/["”“]/g, '').replace(/\s+/g, ' '));
    expect(token?.key).toBeUndefined();
  });

  it('leaves a simple value bare and rebuilds provider options that parse back', () => {
    expect(quoteArg('OVH')).toBe('OVH');
    const text = `subscribe news provider:${quoteArg('Cloud Temple')} keyword:${quoteArg('cloud de confiance')}`;
    expect(parseCommand(text).options).toEqual([
      { key: 'provider', value: 'Cloud Temple' },
      { key: 'keyword', value: 'cloud de confiance' },
    ]);
  });
});
