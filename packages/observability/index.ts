/**
 * The logs and traces every govgraph process writes, the gateway's and each agency's alike: structured pino
 * lines (human-readable on a terminal) and OpenTelemetry spans whose caller-chosen names never carry an
 * identifier. A package of its own, so that the subgraph kit an agency runs in its own repository has them.
 */
export { createLogger, LOG_LEVELS, loggerFor, replaceRootLogger, rootLogger, type CreateLoggerOptions, type Logger, type LogLevel } from './logger';
export { humanLogLine } from './logLine';
export {
  context,
  extractTraceContext,
  injectTraceContext,
  inSpan,
  SpanKind,
  SpanStatusCode,
  startTracing,
  trace,
  tracerFor,
  tracesExporterOf,
  tracingOn,
  type StartTracingOptions,
  type Tracing,
  type TracesExporter,
} from './tracing';
export { WITHHELD, withheldSpanNames } from './withheldSpanNames';
