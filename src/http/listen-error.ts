/**
 * The HTTP server could not listen (the port is taken, or the address is not this machine's): the operator fixes it.
 * Apart from server.ts so that the command line can recognise it without loading express.
 */
export class ListenError extends Error {
  override readonly name = 'ListenError';
}

/** A listen failure in words, naming the variable to change; other errors are returned as they are. */
export function listenError(err: NodeJS.ErrnoException, host: string, port: number, variable: string): Error {
  const where = `${host}:${port}`;
  if (err.code === 'EADDRINUSE') return new ListenError(`cannot listen on ${where}: another process has the port (set ${variable} to another port, or 0 for any free one)`);
  if (err.code === 'EACCES') return new ListenError(`cannot listen on ${where}: permission denied (ports below 1024 need privileges; set ${variable})`);
  if (err.code === 'EADDRNOTAVAIL') return new ListenError(`cannot listen on ${where}: no such address on this machine`);
  return err;
}
