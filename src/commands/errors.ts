import type { CommandName, OptionKey } from './grammar.js';

/**
 * A user error, as data: what went wrong with the command, never how to say it (i18n.ts words it in the
 * channel's language). Faults (the store failing) are ordinary errors and are not described here.
 */
export type Problem =
  | { kind: 'unclosedQuote'; quote: string; after: string }
  | { kind: 'unknownCommand'; word: string }
  | { kind: 'unknownKey'; key: string; allowed: readonly OptionKey[] }
  | { kind: 'emptyValue'; key: OptionKey }
  | { kind: 'unknownTopic'; word: string }
  | { kind: 'unexpected'; word: string }
  | { kind: 'missingId' }
  | { kind: 'missingProvider' }
  | { kind: 'unknownId'; id: string; known: string[] }
  | { kind: 'badCount'; word: string; max: number }
  | { kind: 'badType'; word: string }
  | { kind: 'badList'; word: string; known: readonly string[] }
  | { kind: 'listWithoutOffers' }
  | { kind: 'categoryWithoutOffers' }
  | { kind: 'categoryWithoutList' }
  | { kind: 'badReminders'; word: string }
  | { kind: 'remindersWithoutExpiry' }
  | { kind: 'remindersWithoutProducts' }
  | { kind: 'badLang'; word: string }
  | { kind: 'cannotManage'; reason?: string; missing?: string[] }
  | { kind: 'typeWithoutOffers' }
  | { kind: 'excludeWithoutNews' }
  | { kind: 'testTooSoon'; seconds: number }
  | { kind: 'noDeliveryPath' }
  | { kind: 'providerNotFound'; query: string; suggestions: string[]; known: string[] }
  | { kind: 'providerAmbiguous'; query: string; candidates: string[] };

/**
 * Thrown by the parser and the subcommands for a user error; runCommand turns it into a short private
 * reply with the subcommand's usage. Anything else thrown is a fault, for the adapter to log.
 */
export class CommandError extends Error {
  override readonly name = 'CommandError';

  constructor(
    readonly problem: Problem,
    /** The subcommand whose usage the reply shows, when the error is about one. */
    readonly command?: CommandName,
  ) {
    super(`command error: ${problem.kind}`);
  }
}
