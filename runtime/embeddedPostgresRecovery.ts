import { existsSync, readFileSync } from 'node:fs';
import { readFile, unlink } from 'node:fs/promises';
import path from 'node:path';

/**
 * A data directory an earlier run left behind: after a crash or `kill -9` of `npm start`, its
 * PostgreSQL lives on as an orphan (holding the directory and the port), or it died and left its
 * postmaster.pid, which a new server refuses to start over when the pid has been reused. Either
 * way the next start would fail; this puts the directory back in a startable state.
 */

/** How long an orphaned server gets to stop on SIGINT (fast shutdown) before it is killed. */
const STOP_GRACE_MS = 20_000;

/**
 * Is `pid` a live (not zombie) PostgreSQL serving `directory`? The pid may since have been reused, even by
 * another PostgreSQL (the machine's own): only a server started on this directory is ours to stop. Without
 * /proc (macOS), a live pid is taken at its pid file's word.
 */
function isOurLivePostgres(pid: number, directory: string): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: alive but another user's; not ours to stop, and not stale either.
    if ((error as NodeJS.ErrnoException).code === 'EPERM') {
      throw new Error(`PostgreSQL pid ${pid} of another user holds this data directory; stop it, or set EMBEDDED_PG_DIR`);
    }
    return false;
  }
  const proc = `/proc/${pid}`;
  if (!existsSync(proc)) return true;
  try {
    // A zombie (an orphan no init reaps) holds nothing; a reused pid is someone else's program.
    const state = readFileSync(`${proc}/stat`, 'utf8').replace(/^.*\) /s, '').charAt(0);
    if (state === 'Z') return false;
    const argv = readFileSync(`${proc}/cmdline`, 'utf8').split('\0');
    return path.basename(argv[0] ?? '') === 'postgres' && argv.includes(directory);
  } catch {
    return false;
  }
}

async function stopOrphan(pid: number, directory: string, pidFile: string): Promise<void> {
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + STOP_GRACE_MS;
  while (existsSync(pidFile) && isOurLivePostgres(pid, directory)) {
    if (Date.now() > deadline) {
      process.kill(pid, 'SIGKILL');
      await new Promise((resolve) => setTimeout(resolve, 500));
      await unlink(pidFile).catch(() => undefined);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Stops an orphaned server running on `directory` (it is ours: the same data directory) or removes a
 * stale pid file; says in one line what it did, or returns undefined when the directory was clean.
 */
export async function recoverStaleServer(directory: string): Promise<string | undefined> {
  const pidFile = path.join(directory, 'postmaster.pid');
  let text: string;
  try {
    text = await readFile(pidFile, 'utf8');
  } catch {
    return undefined;
  }
  // postmaster.pid: line 1 the pid, line 2 the data directory, line 4 the port.
  const [pidLine = '', , , portLine = ''] = text.split('\n');
  const pid = Number(pidLine.trim());
  if (Number.isInteger(pid) && pid > 0 && isOurLivePostgres(pid, directory)) {
    await stopOrphan(pid, directory, pidFile);
    return `stopped PostgreSQL pid ${pid} (port ${portLine.trim() || '?'}) that an earlier run left on ${directory}`;
  }
  await unlink(pidFile);
  return `removed a stale postmaster.pid (pid ${pidLine.trim() || '?'} no longer runs a server here) from ${directory}`;
}
