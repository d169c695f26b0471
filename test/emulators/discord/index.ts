/** The Discord emulator for tests: REST API v10 and the gateway, faithful enough for discord.js's Client and REST. */
export { startFakeDiscord, type FakeDiscord, type FakeDiscordOptions } from './server.js';
export { ERRORS, type Behaviour, type RandomFaults } from './faults.js';
export { PRIVILEGED_INTENTS, type IdentifyRecord, type ResumeRecord } from './gateway.js';
export type { InteractionOption, InteractionSpec } from './interaction-payload.js';
export { CALLBACK_DEADLINE_MS, TOKEN_LIFETIME_MS } from './interactions.js';
export { ALL_PERMISSIONS, DEFAULT_BOT_PERMISSIONS, Permission, type ChannelSpec, type GuildSpec, type MemberSpec, type OverwriteSpec, type RoleSpec } from './model.js';
export type { StoredMessage } from './payloads.js';
export { BUCKETS, type BucketSpec } from './ratelimits.js';
export type { RecordedCallback, RecordedDeploy, RecordedFollowUp, RecordedRequest } from './world.js';
export { loginClient, onInteraction, restFor } from './clients.js';
