import { createContextKey, type Span } from '@opentelemetry/api';
import type { RequestHandler } from 'express';
import { context, extractTraceContext, SpanKind, SpanStatusCode, tracerFor, tracingOn, trace } from '@govgraph/observability';

/** The request's own span, whatever child span is active: where the request's outcome is written. */
const REQUEST_SPAN = createContextKey('govgraph.request-span');

export function activeRequestSpan(): Span | undefined {
  return tracingOn() ? (context.active().getValue(REQUEST_SPAN) as Span | undefined) : undefined;
}

/**
 * A SERVER span per HTTP request, joining the caller's trace when it sends a W3C traceparent (the gateway
 * does, to every agency). Two steps because the body parser's callbacks run outside any async context:
 * `open` starts the span before the body is read, `enter` (after it) makes the span active for the rest of
 * the request. Off, both are a bare `next()`.
 */
export function requestSpan(component: string, route: string): { open: RequestHandler; enter: RequestHandler } {
  return {
    open(req, res, next) {
      if (!tracingOn()) {
        next();
        return;
      }
      const parent = extractTraceContext(req.headers);
      // The route, never the URL: a GET's query string carries the query and its variables.
      const span = tracerFor(component).startSpan(
        `${req.method} ${route}`,
        { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method, 'http.route': route, 'govgraph.component': component } },
        parent,
      );
      res.locals.requestTrace = context.with(parent, () => trace.setSpan(context.active(), span).setValue(REQUEST_SPAN, span));
      let ended = false;
      const end = () => {
        if (ended) return;
        ended = true;
        span.setAttribute('http.response.status_code', res.statusCode);
        if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
      };
      res.once('finish', end);
      res.once('close', end);
      next();
    },
    enter(_req, res, next) {
      const traced = res.locals.requestTrace as ReturnType<typeof context.active> | undefined;
      if (!traced) {
        next();
        return;
      }
      context.with(traced, next);
    },
  };
}
