import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

export interface Child<Ready> {
  process: ChildProcess;
  ready: Ready;
  /** Sends `signal` and waits until the process has exited. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

const ROOT = path.join(__dirname, '..', '..');

/**
 * Runs a TypeScript script of test/support/processes in one Node process (tsx as a loader, not its CLI,
 * which would put a second process between the test's signals and the script); resolves with the JSON
 * line it prints when ready.
 */
export function startChild<Ready>(script: string, args: string[] = [], env: Record<string, string> = {}): Promise<Child<Ready>> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, script), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      try {
        const ready = JSON.parse(line) as Ready;
        resolve({
          process: child,
          ready,
          stop: async (signal = 'SIGTERM') => {
            if (child.exitCode === null && child.signalCode === null) child.kill(signal);
            await exited;
          },
        });
      } catch {
        reject(new Error(`${script} printed ${line}\n${stderr}`));
      }
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code} before it was ready:\n${stderr}`)));
  });
}
