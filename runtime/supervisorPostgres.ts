import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

const ROOT = path.join(__dirname, '..');

export interface SupervisedPostgres {
  url: string;
  /** What was done about a server an earlier run left behind, if anything. */
  recovered: string | undefined;
  pid: number;
  stop(): Promise<void>;
}

/** Starts runtime/supervisorPostgresProcess.ts and resolves once its server accepts connections. */
export function startSupervisedPostgres(embedded: { directory: string; port: number }): Promise<SupervisedPostgres> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--import', path.join(__dirname, 'supervisorOrphanGuard.ts'), path.join(__dirname, 'supervisorPostgresProcess.ts'), embedded.directory, String(embedded.port)],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe', 'ipc'], detached: true },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(stderr.trim() || `embedded PostgreSQL exited with code ${code}`)));
    createInterface({ input: child.stdout! }).once('line', (line) => {
      const { url, recovered } = JSON.parse(line) as { url: string; recovered?: string };
      resolve({
        url,
        recovered,
        pid: child.pid!,
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          await exited;
        },
      });
    });
  });
}
