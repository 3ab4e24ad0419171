import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { humanLogLine } from './logLine';

export type { Logger } from 'pino';

/** LOG_LEVEL's values (pino's levels). */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Belt and braces: the code never logs these, and if a future line passes a request's headers, variables or
 * a token by mistake, pino removes them before the line is written.
 */
const REDACTED = [
  'authorization',
  'token',
  'variables',
  'caseRef',
  'headers.authorization',
  'req.headers.authorization',
  'req.headers["x-case-ref"]',
  'headers["x-case-ref"]',
];

export interface CreateLoggerOptions {
  level?: LogLevel;
  /** Where lines go; default stdout (compact and human when it is a TTY outside production). */
  destination?: DestinationStream;
}

/** One JSON line per event, ISO time, the secrets above removed. */
export function createLogger(options: CreateLoggerOptions = {}): Logger {
  const settings: LoggerOptions = {
    level: options.level ?? levelFromEnvironment(),
    timestamp: pino.stdTimeFunctions.isoTime,
    base: { pid: process.pid },
    redact: { paths: REDACTED, remove: true },
  };
  return pino(settings, options.destination ?? defaultDestination());
}

let root: Logger | undefined;
const components = new Map<string, Logger>();

/** The process's logger, made on first use from LOG_LEVEL (runtime/config.ts validates it at start-up). */
export function rootLogger(): Logger {
  root ??= createLogger();
  return root;
}

/**
 * A component's lines (`gateway`, `police`, `audit`, `supervisor`): the root logger with a `component`
 * field. Ask for it where you log, not once at import: a test that captures the lines replaces the root.
 */
export function loggerFor(component: string): Logger {
  let logger = components.get(component);
  if (!logger) {
    logger = rootLogger().child({ component });
    components.set(component, logger);
  }
  return logger;
}

/** Every line from now on goes to `logger` (tests capture with it); returns what puts the previous one back. */
export function replaceRootLogger(logger: Logger): () => void {
  const previous = root;
  root = logger;
  components.clear();
  return () => {
    root = previous;
    components.clear();
  };
}

function levelFromEnvironment(): LogLevel {
  const value = process.env.LOG_LEVEL?.toLowerCase();
  if ((LOG_LEVELS as readonly string[]).includes(value ?? '')) return value as LogLevel;
  // Under jest a request line per operation would bury the test report; warnings and errors still show.
  return process.env.JEST_WORKER_ID ? 'warn' : 'info';
}

/**
 * JSON for machines (a pipe, a container, production); on a developer's terminal the same lines in a
 * compact form, since pino-pretty is not a dependency. GOVGRAPH_LOG_FORMAT=json forces JSON everywhere.
 */
function defaultDestination(): DestinationStream {
  const human = process.stdout.isTTY && process.env.NODE_ENV !== 'production' && process.env.GOVGRAPH_LOG_FORMAT !== 'json';
  if (!human) return pino.destination({ dest: 1, sync: false });
  return { write: (line: string) => process.stdout.write(`${humanLogLine(line.trimEnd())}\n`) };
}
