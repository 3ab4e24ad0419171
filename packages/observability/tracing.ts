import { context, propagation, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Span } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, ConsoleSpanExporter, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { withheldSpanNames } from './withheldSpanNames';

/**
 * OpenTelemetry traces, off unless asked for: OTEL_EXPORTER_OTLP_ENDPOINT (or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT)
 * sends spans over OTLP/HTTP, OTEL_TRACES_EXPORTER=console prints them, `none` (or neither set) keeps them
 * off. Off, no provider is registered, every span below is never created (`tracingOn()` is checked first)
 * and @apollo/gateway's own spans are the API's no-ops: tracing costs nothing.
 *
 * Spans carry purposes, operation names, document hashes, outcomes, codes and subgraph names: never a
 * variable, a case reference, an identifier or an answer.
 */
let on = false;

export type TracesExporter = 'otlp' | 'console' | 'none';

/** Which exporter the environment asks for; `none` when tracing stays off. */
export function tracesExporterOf(env: NodeJS.ProcessEnv = process.env): TracesExporter {
  const named = env.OTEL_TRACES_EXPORTER?.trim().toLowerCase();
  if (named === 'console' || named === 'none') return named;
  if (named === 'otlp' || env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return 'otlp';
  return 'none';
}

export interface StartTracingOptions {
  /** service.name of this process's spans (OTEL_SERVICE_NAME wins when set). */
  serviceName: string;
  /** Where spans go instead of the environment's choice (tests: an InMemorySpanExporter, exported at once). */
  exporter?: SpanExporter;
  env?: NodeJS.ProcessEnv;
}

export interface Tracing {
  /** Exports what is buffered and unregisters the provider. */
  shutdown(): Promise<void>;
}

/** Registers this process's tracer provider (W3C trace context, async-local context) when tracing is asked for. */
export function startTracing(options: StartTracingOptions): Tracing | undefined {
  const env = options.env ?? process.env;
  const kind = options.exporter ? 'given' : tracesExporterOf(env);
  if (kind === 'none') return undefined;
  const exporter: SpanExporter = options.exporter ?? (kind === 'console' ? new ConsoleSpanExporter() : new OTLPTraceExporter());
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: env.OTEL_SERVICE_NAME ?? options.serviceName }),
    spanProcessors: [withheldSpanNames(options.exporter ? new SimpleSpanProcessor(exporter) : new BatchSpanProcessor(exporter))],
  });
  provider.register();
  on = true;
  return {
    async shutdown() {
      on = false;
      await provider.shutdown();
      trace.disable();
      propagation.disable();
      context.disable();
    },
  };
}

/** Whether spans are being recorded: check before building attributes, so that off costs nothing. */
export function tracingOn(): boolean {
  return on;
}

/** The tracer of one component: `govgraph-gateway`, `govgraph-police`, … */
export function tracerFor(component: string) {
  return trace.getTracer(`govgraph-${component}`);
}

/** Runs `work` in a child span of the active one (or plainly when tracing is off); the span ends with it. */
export async function inSpan<T>(component: string, name: string, attributes: Attributes, work: (span?: Span) => Promise<T> | T): Promise<T> {
  if (!on) return work();
  return tracerFor(component).startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).name });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** W3C traceparent (and tracestate) of the active span, written into outgoing headers. */
export function injectTraceContext(headers: Record<string, string>, from: Context = context.active()): void {
  if (on) propagation.inject(from, headers);
}

/** An incoming request's trace context, when it carries one. */
export function extractTraceContext(headers: Record<string, string | string[] | undefined>): Context {
  return propagation.extract(context.active(), headers);
}

export { context, SpanKind, SpanStatusCode, trace };
