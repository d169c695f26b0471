/**
 * Polls `ok` every 100 ms until it holds; throws `timed out waiting for <what>` (plus `context()`, e.g. a child's
 * log tail) after `ms`. For conditions that come from outside the test: a child process's output, a server's state.
 */
export async function until(what: string, ok: () => boolean | Promise<boolean>, ms = 30_000, context: () => string = () => ''): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) {
      const extra = context();
      throw new Error(`timed out waiting for ${what}${extra ? `\n${extra}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
