import type { Block, Inline, Reply } from './reply.js';

/** A paragraph of inline content. */
export const paragraph = (...content: Inline[]): Block => ({ type: 'paragraph', content });

/** Small print. */
export const context = (...content: Inline[]): Block => ({ type: 'context', content });

/** A reply only the user sees: the result of a query (status, list, history, help…). */
export const privateReply = (summary: string, blocks: Block[]): Reply => ({ visibility: 'ephemeral', tone: 'info', summary, blocks });

/** A reply the channel sees: a change to the channel's subscriptions or settings. */
export const channelReply = (summary: string, blocks: Block[]): Reply => ({ visibility: 'channel', tone: 'ok', summary, blocks });

/** A user error: private, marked as an error. */
export const errorReply = (summary: string, blocks: Block[]): Reply => ({ visibility: 'ephemeral', tone: 'error', summary, blocks });
