/**
 * The embedded PostgreSQL as the supervisor runs it: in a process of its own, started in its own process
 * group, so Ctrl-C in the terminal reaches the supervisor alone and the database stops last, after the
 * gateway has signed its final checkpoint. Prints `{"url": …, "recovered"?: …}` once it accepts
 * connections; SIGTERM stops it (so does the supervisor going away: runtime/supervisorOrphanGuard.ts).
 *   node --import tsx runtime/supervisorPostgresProcess.ts <directory> <port>
 */
import { startEmbeddedPostgres } from './embeddedPostgres';
import { onShutdown } from './shutdown';

async function main(): Promise<void> {
  const [directory, port] = process.argv.slice(2);
  if (!directory || !port) throw new Error('usage: supervisorPostgresProcess.ts <directory> <port>');
  let recovered: string | undefined;
  const server = await startEmbeddedPostgres({
    directory,
    port: Number(port),
    persistent: true,
    onRecovered: (line) => {
      recovered = line;
    },
  });
  onShutdown(() => server.stop());
  process.stdout.write(`${JSON.stringify({ url: server.url, ...(recovered ? { recovered } : {}) })}\n`);
}

main().catch((error: unknown) => {
  console.error(`embedded PostgreSQL: ${(error as Error).message}`);
  process.exit(1);
});
