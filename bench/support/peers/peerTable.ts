import type { LoadRound } from '../httpLoad';

/** One gateway on one row: its measured rounds and the CPU its process spent in them. */
export interface Measured {
  rounds: LoadRound[];
  cpuMicros: number;
}

export interface Figures {
  perSecond: number;
  p50: number;
  p99: number;
  /** Gateway CPU per request, milliseconds. */
  cpuMs: number;
}

export function figuresOf(measured: Measured): Figures {
  const latencies = measured.rounds.flatMap((round) => round.latencies).sort((a, b) => a - b);
  const requests = latencies.length;
  const milliseconds = measured.rounds.reduce((total, round) => total + round.milliseconds, 0);
  const at = (quantile: number) => latencies[Math.min(requests - 1, Math.floor(quantile * requests))] ?? 0;
  return { perSecond: (requests / milliseconds) * 1000, p50: at(0.5), p99: at(0.99), cpuMs: requests ? measured.cpuMicros / 1000 / requests : 0 };
}

const cell = (figures: Figures | undefined) =>
  figures ? `${figures.perSecond.toFixed(0)} · ${figures.p50.toFixed(1)} · ${figures.p99.toFixed(1)} · ${figures.cpuMs.toFixed(2)}` : '—';
const ratio = (a: Figures | undefined, b: Figures | undefined) => (a && b && b.perSecond > 0 ? (a.perSecond / b.perSecond).toFixed(2) : '—');

export interface Row {
  label: string;
  connections: number;
  figures: Record<string, Figures>;
}

/** A markdown table: per gateway `req/s · p50 ms · p99 ms · CPU ms/req`, then the throughput ratios asked for. */
export function markdownTable(rows: readonly Row[], columns: readonly { key: string; title: string }[], ratios: readonly [string, string][]): string {
  const head = ['query', 'conns', ...columns.map((column) => column.title), ...ratios.map(([a, b]) => `${a}/${b}`)];
  const lines = [`| ${head.join(' | ')} |`, `| ${head.map((_, index) => (index < 2 ? '---' : '---:')).join(' | ')} |`];
  for (const row of rows) {
    lines.push(
      `| ${[row.label, String(row.connections), ...columns.map((column) => cell(row.figures[column.key])), ...ratios.map(([a, b]) => ratio(row.figures[a], row.figures[b]))].join(' | ')} |`,
    );
  }
  return lines.join('\n');
}
