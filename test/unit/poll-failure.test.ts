import { describe, expect, it } from 'vitest';
import { nextScheduledPoll, scheduleOffset } from '../../src/core/sources.js';
import { POLL_JOB_OPTIONS } from '../../src/queues/scheduler.js';
import { nextAttempt, retryDelayMs } from '../../workers/poll-failure.js';

const HOUR = 3_600_000;

describe('when a failed poll is tried again', () => {
  it('retries after BullMQ\'s exponential backoff: 30 s, then 60 s', () => {
    expect(retryDelayMs({ attemptsMade: 1, opts: POLL_JOB_OPTIONS })).toBe(30_000);
    expect(retryDelayMs({ attemptsMade: 2, opts: POLL_JOB_OPTIONS })).toBe(60_000);
    expect(retryDelayMs({ attemptsMade: 1, opts: {} })).toBeUndefined();
  });

  it('says the retry\'s instant when BullMQ retries', () => {
    const now = new Date('2026-12-02T10:00:00Z');
    expect(nextAttempt({ id: 'lemagit', interval: HOUR }, now, 30_000)).toEqual({
      nextAttemptAt: '2026-12-02T10:00:30.000Z',
      text: 'will retry in 30 s, at 2026-12-02T10:00:30.000Z',
    });
  });

  it('else names the next scheduled poll: the next slot of the interval, shifted by the source\'s offset', () => {
    const now = new Date('2026-12-02T10:00:00Z');
    const next = nextScheduledPoll('lemagit', HOUR, now);
    expect(next.getTime()).toBeGreaterThan(now.getTime());
    expect(next.getTime() - now.getTime()).toBeLessThanOrEqual(HOUR);
    expect(next.getTime() % HOUR).toBe(scheduleOffset('lemagit', HOUR));
    expect(nextAttempt({ id: 'lemagit', interval: HOUR }, now).text).toBe(`next attempt at the next scheduled poll, ${next.toISOString()}`);
    // exactly on a slot: the following one, never now
    expect(nextScheduledPoll('lemagit', HOUR, next).getTime()).toBe(next.getTime() + HOUR);
  });
});
