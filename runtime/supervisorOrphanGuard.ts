/**
 * Preloaded (`--import`) into every process the supervisor starts. The supervisor holds an IPC channel
 * to each child; when the supervisor dies, even by SIGKILL, the channel closes and the child stops as
 * on SIGTERM (runtime/shutdown.ts), instead of living on with its port taken and no one to stop it.
 */
if (process.send) {
  process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
  // The channel is for this alone: it must not keep an otherwise finished process alive.
  process.channel?.unref();
}
