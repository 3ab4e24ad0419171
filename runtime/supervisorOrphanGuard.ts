/**
 * Preloaded (`--import`) into every process the supervisor starts. The supervisor holds an IPC channel
 * to each child; when the supervisor dies, even by SIGKILL, the channel closes and the child stops as
 * on SIGTERM (runtime/shutdown.ts), instead of living on with its port taken and no one to stop it.
 */
import { Worker } from 'node:worker_threads';

/** How long an orphaned child may take over its ordered stop before the watchdog kills it. */
export const ORPHAN_GRACE_MS = 15_000;

/**
 * The watchdog, on a thread of its own: a main thread that is blocked (the supervisor killed with this
 * child's output pipe full was seen to leave a child asleep in a write, never handling 'disconnect')
 * cannot stop itself, but the process can still be killed from here once its parent has changed.
 */
const WATCHDOG = `
const { workerData } = require('node:worker_threads');
const timer = setInterval(() => {
  if (process.ppid === workerData.parent) return;
  clearInterval(timer);
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), workerData.graceMs);
}, 500);
`;

if (process.send) {
  process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
  // The channel is for this alone: it must not keep an otherwise finished process alive.
  process.channel?.unref();
  // No preloads in the thread (this guard, the supervisor's start gate): it only watches.
  const watchdog = new Worker(WATCHDOG, { eval: true, execArgv: [], workerData: { parent: process.ppid, graceMs: ORPHAN_GRACE_MS } });
  watchdog.unref();
}
