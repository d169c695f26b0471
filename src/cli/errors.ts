/** Bad input from the user of the command line (usage, unreadable file, unknown kind): exit code 2. */
export class InputError extends Error {
  override readonly name = 'InputError';
}
