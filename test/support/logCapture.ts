import { createLogger, replaceRootLogger, type LogLevel } from '@govgraph/observability';

export interface LogCapture {
  /** Every line logged since the capture began, parsed. */
  entries(): Record<string, unknown>[];
  /** The raw lines, for asserting what must never be logged. */
  text(): string;
  restore(): void;
}

/** Sends every log line of this process (packages/observability/logger.ts) here until `restore()`. */
export function captureLogs(level: LogLevel = 'info'): LogCapture {
  const lines: string[] = [];
  const restore = replaceRootLogger(createLogger({ level, destination: { write: (line: string) => void lines.push(line) } }));
  return {
    entries: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
    text: () => lines.join(''),
    restore,
  };
}
