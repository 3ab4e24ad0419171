/**
 * A peer gateway in its own process, so the benchmark reads each gateway's CPU alone (process.cpuUsage).
 * Started by bench/support/peers/peerChildren.ts with a PeerConfig file; talks over the IPC channel
 * (peerConfig.ts: ready, cpu, stop). With `workers` > 1 it is a node:cluster primary whose workers each run
 * the gateway (govgraph: each on its own audit chain) on the one port; its CPU is theirs plus its own.
 */
import cluster, { type Worker } from 'node:cluster';
import { readFileSync } from 'node:fs';
import { createAccessContextSigner } from '@govgraph/access-context';
import { importAccessContextPrivateKey } from '@govgraph/access-context';
import { startApolloPeer } from './apolloPeer';
import { startGovgraphPeer } from './govgraphPeer';
import { startHivePeer } from './hivePeer';
import type { FromPeer, PeerConfig, ToPeer } from './peerConfig';
import { startReplayPeer } from './replayPeer';

const config = JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')) as PeerConfig;
const reply = (message: FromPeer) => process.send?.(message);
const cpuMicros = () => {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
};

async function startOne(chainId: string) {
  const keys = importAccessContextPrivateKey(config.accessContextPrivateKeyPem);
  const signer = createAccessContextSigner({ privateKey: keys.privateKey, keyId: keys.keyId });
  switch (config.kind) {
    case 'govgraph':
      return startGovgraphPeer(config, chainId);
    case 'apollo':
      return startApolloPeer(config, signer);
    case 'hive':
      return startHivePeer(config, signer);
    case 'replay':
      return startReplayPeer(config, signer);
  }
}

async function runSingle(): Promise<void> {
  const index = process.env.PEER_WORKER;
  const running = await startOne(index === undefined ? config.chainId : `${config.chainId}-w${index}`);
  process.on('message', (message: ToPeer) => {
    if (message.type === 'cpu') reply({ type: 'cpu', micros: cpuMicros(), processes: 1 });
    if (message.type === 'stop') void running.close().finally(() => process.exit(0));
  });
  reply({ type: 'ready', url: running.url });
}

async function runPrimary(): Promise<void> {
  const workers: Worker[] = [];
  for (let index = 0; index < config.workers; index += 1) {
    const worker = cluster.fork({ PEER_WORKER: String(index) });
    workers.push(worker);
    await new Promise<void>((resolve, reject) => {
      worker.once('message', (message: FromPeer) => (message.type === 'ready' ? resolve() : reject(new Error(message.type === 'failed' ? message.message : 'worker did not start'))));
      worker.once('exit', () => reject(new Error('worker exited while starting')));
    });
  }
  const askCpu = (worker: Worker) =>
    new Promise<number>((resolve) => {
      worker.once('message', (message: FromPeer) => resolve(message.type === 'cpu' ? message.micros : 0));
      worker.send({ type: 'cpu' } satisfies ToPeer);
    });
  process.on('message', (message: ToPeer) => {
    if (message.type === 'cpu') {
      void Promise.all(workers.map(askCpu)).then((each) => reply({ type: 'cpu', micros: cpuMicros() + each.reduce((a, b) => a + b, 0), processes: workers.length + 1 }));
    }
    if (message.type === 'stop') {
      let left = workers.length;
      for (const worker of workers) {
        worker.once('exit', () => {
          left -= 1;
          if (left === 0) process.exit(0);
        });
        worker.send({ type: 'stop' } satisfies ToPeer);
      }
    }
  });
  reply({ type: 'ready', url: `http://127.0.0.1:${config.port}/graphql` });
}

// A benchmark that died without stopping its gateways must not leave them listening.
process.on('disconnect', () => process.exit(0));

const run = config.workers > 1 && cluster.isPrimary ? runPrimary : runSingle;
run().catch((error: unknown) => {
  reply({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exit(1);
});
