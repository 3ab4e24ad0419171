/**
 * The benchmark's clients in a process of their own: the load they make costs neither the gateway measured
 * nor the subgraphs (which run in bench/peers.ts's process). One round per `round` message.
 */
import { loadRound, type LoadOptions } from '../httpLoad';

export type ToLoad = { type: 'round'; options: LoadOptions };
export type FromLoad = { type: 'round'; requests: number; milliseconds: number; latencies: number[] } | { type: 'error'; message: string };

process.on('message', (message: ToLoad) => {
  if (message.type !== 'round') return;
  loadRound(message.options).then(
    (round) => process.send?.({ type: 'round', ...round } satisfies FromLoad),
    (error: unknown) => process.send?.({ type: 'error', message: (error as Error).message } satisfies FromLoad),
  );
});
process.on('disconnect', () => process.exit(0));
process.send?.({ type: 'ready' });
