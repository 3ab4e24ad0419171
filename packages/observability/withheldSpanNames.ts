import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';

/**
 * Operation names are the caller's text: `query Q330110197803150018 { … }` is a valid name. @apollo/gateway
 * copies the name onto its own spans, so every span is checked once it ends, before any exporter sees
 * it: a name holding a run of four or more digits (an identifier, a case number, a card) is withheld.
 */
const NAME_ATTRIBUTES = ['graphql.operation.name', 'operationName'];
const DIGITS = /\d{4,}/;
export const WITHHELD = '[withheld: digits]';

export function withheldSpanNames(inner: SpanProcessor): SpanProcessor {
  return {
    onStart: (span: Span, parent: Context) => inner.onStart(span, parent),
    onEnd(span: ReadableSpan) {
      // Ended spans are read-only to the API; their attribute record is still the one the exporter reads.
      const attributes = span.attributes as Record<string, unknown>;
      for (const key of NAME_ATTRIBUTES) {
        const value = attributes[key];
        if (typeof value === 'string' && DIGITS.test(value)) attributes[key] = WITHHELD;
      }
      inner.onEnd(span);
    },
    forceFlush: () => inner.forceFlush(),
    shutdown: () => inner.shutdown(),
  };
}
