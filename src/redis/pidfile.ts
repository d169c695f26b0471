import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';

/** The content of `redis.json` in the data directory: which server serves it, and who launched it. */
export interface PidRecord {
  pid: number;
  port: number;
  startedAt: string;
  /** The process that launched the server and will stop it. */
  ownerPid: number;
}

/** The recorded server, or null when there is no pidfile or it is not a valid record. */
export async function readPidfile(path: string): Promise<PidRecord | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return null;
  }
  try {
    const r = JSON.parse(text) as Partial<PidRecord>;
    const ints = [r.pid, r.port, r.ownerPid].every((n) => Number.isInteger(n) && (n as number) > 0);
    return ints && typeof r.startedAt === 'string' ? (r as PidRecord) : null;
  } catch {
    return null;
  }
}

/** Written to a temporary file then renamed, so a reader sees the old record or the new one, never half. */
export async function writePidfile(path: string, record: PidRecord): Promise<void> {
  const tmp = `${path}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, `${JSON.stringify(record)}\n`);
    await rename(tmp, path);
  } finally {
    await rm(tmp, { force: true });
  }
}

/** Removes the pidfile; with `onlyPid`, only while it still records that server. */
export async function removePidfile(path: string, onlyPid?: number): Promise<void> {
  if (onlyPid !== undefined && (await readPidfile(path))?.pid !== onlyPid) return;
  await rm(path, { force: true });
}
