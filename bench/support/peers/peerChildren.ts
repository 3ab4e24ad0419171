import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LoadOptions, LoadRound } from '../httpLoad';
import type { FromLoad, ToLoad } from './loadProcess';
import type { FromPeer, PeerConfig, ToPeer } from './peerConfig';

export interface PeerChild {
  url: string;
  /** The CPU the gateway's process (and its workers) used so far, in microseconds. */
  cpuMicros(): Promise<number>;
  stop(): Promise<void>;
}

const TSX = ['--import', 'tsx'];

function nextMessage<T>(child: ChildProcess, accept: (message: T) => boolean): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: T) => {
      if (!accept(message)) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(message);
    };
    const onExit = (code: number | null) => {
      child.off('message', onMessage);
      reject(new Error(`child process exited (${code})`));
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/** A peer gateway in its own process (peerProcess.ts), NODE_ENV=production, started and ready. */
export async function startPeerChild(config: PeerConfig, options: { cpuProfileDirectory?: string; checkout?: string } = {}): Promise<PeerChild> {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'govgraph-peer-')), 'config.json');
  writeFileSync(file, JSON.stringify(config));
  const profile = options.cpuProfileDirectory ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDirectory}`] : [];
  // Another checkout's peerProcess.ts (--baseline): the gateway as it was, measured in the same rounds.
  const script = options.checkout ? path.join(options.checkout, 'bench', 'support', 'peers', 'peerProcess.ts') : path.join(__dirname, 'peerProcess.ts');
  const child = fork(script, [file], {
    execArgv: [...TSX, ...profile],
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const first = await nextMessage<FromPeer>(child, (message) => message.type === 'ready' || message.type === 'failed');
  if (first.type === 'failed') throw new Error(`${config.kind} did not start: ${first.message}`);
  if (first.type !== 'ready') throw new Error('unexpected message');
  return {
    url: first.url,
    cpuMicros: async () => {
      const answer = nextMessage<FromPeer>(child, (message) => message.type === 'cpu');
      child.send({ type: 'cpu' } satisfies ToPeer);
      const message = await answer;
      return message.type === 'cpu' ? message.micros : 0;
    },
    stop: async () => {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.send({ type: 'stop' } satisfies ToPeer);
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export interface LoadChild {
  round(options: LoadOptions): Promise<LoadRound>;
  stop(): void;
}

/** The clients' process (loadProcess.ts). */
export async function startLoadChild(): Promise<LoadChild> {
  const child = fork(path.join(__dirname, 'loadProcess.ts'), [], { execArgv: TSX, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  await nextMessage<{ type: string }>(child, (message) => message.type === 'ready');
  return {
    round: async (options) => {
      const answer = nextMessage<FromLoad>(child, (message) => message.type === 'round' || message.type === 'error');
      child.send({ type: 'round', options } satisfies ToLoad);
      const message = await answer;
      if (message.type === 'error') throw new Error(message.message);
      return { requests: message.requests, milliseconds: message.milliseconds, latencies: message.latencies };
    },
    stop: () => {
      child.kill();
    },
  };
}
