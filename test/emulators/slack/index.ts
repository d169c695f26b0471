/** The Slack emulator for tests: a fake Web API and response URLs, plus signed slash commands. */
export { startFakeSlack, type FakeSlack, type FakeSlackOptions } from './server.js';
export type { Behaviour, RandomFaults, RateLimitOptions } from './faults.js';
export type { Channel, ChannelSpec, RecordedCall, RecordedResponse, StoredMessage, UserSpec } from './state.js';
export {
  postSlashCommand, signRequest, slashCommandBody, SLASH_COMMAND_DEADLINE_MS,
  type PostSlashCommandOptions, type SignatureHeaders, type SlashCommandFields, type SlashCommandResult,
} from './sign.js';
