import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { decideRestart, type RestartPolicy } from './supervisorRestartPolicy';
import { waitUntilReady } from './supervisorReadiness';
import { humanLogLine } from '@govgraph/observability';

const ROOT = path.join(__dirname, '..');
const PRELOADS = ['supervisorOrphanGuard.ts', 'supervisorGate.ts'].flatMap((file) => ['--import', path.join(__dirname, file)]);
/** Lines of a child's output kept to explain a failed start. */
const TAIL_LINES = 20;

export interface ChildSpec {
  /** Shown in the supervisor's lines: `police`, `gateway`. */
  name: string;
  /** A TypeScript entry point (bin/subgraph.ts, bin/gateway.ts) and its arguments. */
  script: string;
  args: string[];
  /** The environment the process starts with. */
  env: NodeJS.ProcessEnv;
  /** Libraries the child loads while it waits for its configuration (runtime/supervisorGate.ts). */
  warm: string[];
  /**
   * Its configuration (runtime/config.ts variables), set over `env` once known: the child loads meanwhile
   * and runs its entry point only then. Every restart gets the same.
   */
  configuration: Promise<Record<string, string>>;
  /** GET this until it answers 200 before the child counts as ready. */
  readyUrl: string;
  /** --max-old-space-size: one hostile request exhausts this process's heap, not the machine's memory. */
  heapMb: number;
}

export interface SupervisorChildOptions {
  policy: RestartPolicy;
  readyTimeoutMs: number;
  /** How long a child may take to stop on SIGTERM before it is killed. */
  stopGraceMs: number;
  log: (line: string) => void;
  /** Where the child's output lines go; default this process's stdout and stderr. */
  output?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** The supervisor stopped restarting this child after repeated fast crashes. */
  onGiveUp: (name: string) => void;
}

export interface SupervisedChild {
  readonly name: string;
  /** Resolves when the first run is ready; rejects (with the child's last lines) when it exits first. */
  readonly ready: Promise<void>;
  /** The running process's pid; undefined while it is down. */
  pid(): number | undefined;
  /** Stops restarting, sends SIGTERM, waits for the exit (SIGKILL after the grace period). */
  stop(): Promise<void>;
}

/**
 * One child process under supervision: started in its own process group (Ctrl-C reaches the
 * supervisor only, which stops the children in order), restarted with back-off when it exits
 * unasked (runtime/supervisorRestartPolicy.ts), its output passed through.
 */
export function superviseChild(spec: ChildSpec, options: SupervisorChildOptions): SupervisedChild {
  let current: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let stopping = false;
  let everReady = false;
  let fastCrashes = 0;
  let restartTimer: NodeJS.Timeout | undefined;
  const tail: string[] = [];
  let resolveReady!: () => void;
  let rejectReady!: (error: Error) => void;
  const ready = new Promise<void>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  // A start failure is reported through `ready`; never as an unhandled rejection of this copy.
  ready.catch(() => undefined);

  const output = options.output ?? childOutput;
  const pass = (input: NodeJS.ReadableStream | null, stream: 'stdout' | 'stderr') => {
    if (!input) return;
    createInterface({ input }).on('line', (line) => {
      tail.push(line);
      if (tail.length > TAIL_LINES) tail.shift();
      output(line, stream);
    });
  };

  const run = () => {
    restartTimer = undefined;
    const startedAt = Date.now();
    const child = spawn(
      process.execPath,
      [`--max-old-space-size=${spec.heapMb}`, '--import', 'tsx', ...PRELOADS, spec.script, ...spec.args],
      { cwd: ROOT, env: { ...spec.env, GOVGRAPH_SUPERVISOR_WARM: spec.warm.join(',') }, stdio: ['pipe', 'pipe', 'pipe', 'ipc'], detached: true },
    );
    // The child may die before it reads its configuration: that is its exit, not an error here.
    child.stdin?.on('error', () => undefined);
    current = child;
    pass(child.stdout, 'stdout');
    pass(child.stderr, 'stderr');
    exited = new Promise((resolve) => child.once('exit', () => resolve()));
    const alive = () => child.exitCode === null && child.signalCode === null;

    const configured = spec.configuration.then((values) => {
      child.stdin?.end(JSON.stringify(values));
    });
    // Unconfigured (the supervisor's own start failed), it is stopped, not waited for.
    configured.catch(() => undefined);
    configured.then(() => waitUntilReady(spec.readyUrl, { alive, timeoutMs: options.readyTimeoutMs })).then(
      () => {
        if (!everReady) resolveReady();
        else options.log(`${spec.name} is back (pid ${child.pid})`);
        everReady = true;
      },
      (error: Error) => {
        // A child that never became ready on its first run is a start failure, not a crash to retry.
        if (!everReady && !stopping) rejectReady(new Error(`${spec.name} ${error.message}\n${tail.join('\n')}`));
        if (alive()) child.kill('SIGKILL');
      },
    );

    child.once('exit', (code, signal) => {
      current = undefined;
      if (stopping || !everReady) return;
      const ranMs = Date.now() - startedAt;
      const how = signal ? `was killed (${signal})` : `exited with code ${code}`;
      const decision = decideRestart(options.policy, fastCrashes, ranMs);
      fastCrashes = decision.fastCrashes;
      if (decision.action === 'give-up') {
        options.log(
          `${spec.name} ${how} after ${(ranMs / 1000).toFixed(1)} s: ${fastCrashes} fast crashes in a row, ` +
            'GIVING UP on it — fix the cause and restart',
        );
        options.onGiveUp(spec.name);
        return;
      }
      options.log(`${spec.name} ${how} after ${(ranMs / 1000).toFixed(1)} s; restarting in ${(decision.delayMs / 1000).toFixed(2)} s`);
      restartTimer = setTimeout(run, decision.delayMs);
    });
  };

  run();

  return {
    name: spec.name,
    ready,
    pid: () => current?.pid,
    stop: async () => {
      stopping = true;
      if (restartTimer) clearTimeout(restartTimer);
      const child = current;
      if (!child) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => {
        options.log(`${spec.name} did not stop within ${options.stopGraceMs / 1000} s; killing it`);
        child.kill('SIGKILL');
      }, options.stopGraceMs);
      await exited;
      clearTimeout(killer);
    },
  };
}

/**
 * A child's line on this process's output. Children log JSON (packages/observability/logger.ts: their stdout is a pipe);
 * on a terminal the supervisor shows each JSON line compactly, so `npm start` stays readable.
 */
const terminal = process.stdout.isTTY && process.env.GOVGRAPH_LOG_FORMAT !== 'json';
function childOutput(line: string, stream: 'stdout' | 'stderr'): void {
  (stream === 'stdout' ? process.stdout : process.stderr).write(`${terminal ? humanLogLine(line) : line}\n`);
}
