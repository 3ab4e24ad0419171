import { spawn } from 'node:child_process';
import path from 'node:path';
import { ORPHAN_GRACE_MS } from '../../runtime/supervisorOrphanGuard';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('the orphan guard', () => {
  it('kills a child whose main thread is blocked once its supervisor is gone, after the grace period', async () => {
    const parent = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, '../support/processes/orphaningParent.ts')], {
      cwd: path.resolve(__dirname, '../..'),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const childPid = await new Promise<number>((resolve, reject) => {
      parent.stdout!.once('data', (data: Buffer) => resolve(Number(String(data).trim())));
      parent.once('exit', () => reject(new Error('the parent exited before its child started')));
    });
    let childGone = false;
    try {
      expect(isAlive(childPid)).toBe(true);
      parent.kill('SIGKILL');
      const killedAt = Date.now();
      // The child cannot see 'disconnect' (its event loop never turns): only the watchdog thread can end it.
      await new Promise((resolve) => setTimeout(resolve, ORPHAN_GRACE_MS / 2));
      expect(isAlive(childPid)).toBe(true);
      while (isAlive(childPid) && Date.now() - killedAt < ORPHAN_GRACE_MS + 10_000) await new Promise((resolve) => setTimeout(resolve, 200));
      childGone = !isAlive(childPid);
      expect(childGone).toBe(true);
    } finally {
      if (!childGone && isAlive(childPid)) process.kill(childPid, 'SIGKILL');
      parent.kill('SIGKILL');
    }
  }, 60_000);
});
