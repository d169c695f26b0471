/** The Discord definition of `timeline`, and the text it turns into for the command layer. */
import { describe, expect, it } from 'vitest';
import { commandText, secnumcloudCommand } from '../../src/platforms/discord/commands.js';
import { COMMAND_NAMES } from '../../src/commands/grammar.js';

describe('the Discord timeline subcommand', () => {
  it('is defined with a required, autocompleted provider, like every subcommand of the grammar', () => {
    const json = secnumcloudCommand().toJSON() as { options: Array<{ name: string; options?: Array<{ name: string; required?: boolean; autocomplete?: boolean }> }> };
    expect(json.options.map((o) => o.name)).toEqual([...COMMAND_NAMES]);
    const timeline = json.options.find((o) => o.name === 'timeline');
    expect(timeline?.options).toEqual([expect.objectContaining({ name: 'provider', required: true, autocomplete: true })]);
  });

  it('turns its provider into a quoted word for the grammar', () => {
    const options = { getSubcommand: () => 'timeline', getString: (n: string) => (n === 'provider' ? 'Cloud Temple' : null), getInteger: () => null };
    expect(commandText({ options } as unknown as Parameters<typeof commandText>[0])).toBe('timeline "Cloud Temple"');
  });
});
