import type { Logger } from '../logger.js';

/** Why a running tracker stops: a signal (exit 0), or a fault it cannot live with (exit 1). */
export type StopReason = { signal: NodeJS.Signals } | { error: Error };

export interface Lifecycle {
  /** Resolves on the first SIGINT or SIGTERM, or on the first `fail()`. */
  readonly stopping: Promise<StopReason>;
  isStopping(): boolean;
  /** A fault the process cannot live with (the embedded Redis cannot be restarted): stop everything, exit 1. */
  fail(err: Error): void;
  /** Removes the signal handlers. */
  dispose(): void;
}

/**
 * Installs the SIGINT and SIGTERM handlers, before anything starts: a signal during start-up must stop what was
 * started (the embedded redis-server included), not kill Node and leave its children running. A second signal
 * while stopping exits at once (exit 1); the embedded server is still sent SIGTERM by its exit hook.
 */
export function installLifecycle(logger: Logger): Lifecycle {
  let resolve!: (r: StopReason) => void;
  const stopping = new Promise<StopReason>((r) => (resolve = r));
  let reason: StopReason | undefined;
  const stop = (r: StopReason): void => {
    if (reason) return;
    reason = r;
    resolve(r);
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    if (!reason) return stop({ signal });
    logger.warn({ signal }, 'second signal while stopping: exiting now');
    process.exit(1);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    stopping,
    isStopping: () => reason !== undefined,
    fail: (error) => stop({ error }),
    dispose() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
