/**
 * Starts test/support/processes/blockedChild.ts as the supervisor starts its children (IPC channel,
 * detached, the orphan guard preloaded), prints the child's pid, and waits to be killed.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '../../..');
const child = spawn(
  process.execPath,
  ['--import', 'tsx', '--import', path.join(root, 'runtime/supervisorOrphanGuard.ts'), path.join(__dirname, 'blockedChild.ts')],
  { cwd: root, stdio: ['ignore', 'pipe', 'inherit', 'ipc'], detached: true },
);
child.stdout!.once('data', (pid: Buffer) => process.stdout.write(pid));
setInterval(() => undefined, 1_000);
