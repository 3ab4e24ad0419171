/**
 * A child whose main thread never returns (as one blocked in a write to a pipe nobody reads): it cannot
 * handle the supervisor's going away itself. Prints its pid, then spins.
 */
process.stdout.write(`${process.pid}\n`);
const started = Date.now();
while (Date.now() - started < 120_000) {
  // never yields to the event loop
}
