/**
 * Preloaded (`--import`) into every process the supervisor starts, before its entry point runs. The
 * supervisor starts its children at once, while it is still starting PostgreSQL and migrating: here
 * each loads the libraries it will need (GOVGRAPH_SUPERVISOR_WARM, the slow part of its start), then
 * waits until the supervisor writes its configuration — a JSON object of environment variables: its
 * database, ports, keys, the issuer — to stdin and closes it. Only then does the entry point run, with
 * a ready database and its configuration in process.env like any other variable.
 */
import { readFileSync } from 'node:fs';

const warm = process.env.GOVGRAPH_SUPERVISOR_WARM;
if (warm !== undefined) {
  delete process.env.GOVGRAPH_SUPERVISOR_WARM;
  for (const name of warm.split(',').filter(Boolean)) require(name);
  // Blocks until stdin closes; the supervisor gone first means an empty configuration, refused by the entry point.
  const text = readFileSync(0, 'utf8');
  Object.assign(process.env, text ? (JSON.parse(text) as Record<string, string>) : {});
}
