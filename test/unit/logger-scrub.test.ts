import { describe, expect, it } from 'vitest';
import { scrubSecrets } from '../../src/logger.js';

const scrub = (o: unknown): unknown => JSON.parse(scrubSecrets(JSON.stringify(o)));

describe('secrets scrubbed from a serialised log record', () => {
  it('replaces members named like a secret, at any depth, whether a string or a list of strings', () => {
    expect(scrub({ config: { SLACK_BOT_TOKEN: 'xoxb-1', REDIS_URL: 'redis://:pw@h:6379', LOG_LEVEL: 'info' } })).toEqual({ config: { SLACK_BOT_TOKEN: '[redacted]', REDIS_URL: '[redacted]', LOG_LEVEL: 'info' } });
    expect(scrub({ err: { config: { headers: { Authorization: 'Bearer z' } } } })).toEqual({ err: { config: { headers: { Authorization: '[redacted]' } } } });
    expect(scrub({ cookie: ['a=1', 'b=2'], 'set-cookie': 'sid=xyz', access_token: 'tok', tokenBucket: 5, tokens: 'kept' })).toEqual({ cookie: '[redacted]', 'set-cookie': '[redacted]', access_token: '[redacted]', tokenBucket: 5, tokens: 'kept' });
  });

  it('replaces the value after a secret header in a raw header list', () => {
    expect(scrub({ headers: ['Authorization', 'Bot abc.def', 'content-type', 'application/json'] })).toEqual({ headers: ['Authorization', '[redacted]', 'content-type', 'application/json'] });
  });

  it('replaces the credentials of a URL, a password holding an @ included, and leaves text that only looks like a member', () => {
    expect(scrub({ proxy: 'http://user:p@ss@proxy:3128/x', plain: 'https://example.org/a@b' })).toEqual({ proxy: 'http://[redacted]@proxy:3128/x', plain: 'https://example.org/a@b' });
    expect(scrub({ msg: 'has "token":"x" inside' })).toEqual({ msg: 'has "token":"x" inside' });
  });
});
