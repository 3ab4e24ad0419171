import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Registry } from 'prom-client';
import { sendHttpRefusal } from './httpErrors';

/**
 * GET /metrics in Prometheus text format, for the gateway and every subgraph. Operational data is not
 * public: which purposes are in use and how often says what the agencies are investigating, and the
 * gateway's port is open to every application team. So with METRICS_TOKEN set a scraper must send
 * `Authorization: Bearer <METRICS_TOKEN>` (401 METRICS_UNAUTHORIZED otherwise); without it only callers on
 * the loopback interface are answered (403 METRICS_LOOPBACK_ONLY otherwise) — a developer's curl works, a
 * server reachable from the network leaks nothing until the operator chooses a token. The address is the
 * connection's, never X-Forwarded-For (a client could claim loopback); behind a reverse proxy on the same
 * machine every caller is loopback, so set the token there.
 */
export interface MetricsAccess {
  /** METRICS_TOKEN; when unset only loopback callers are answered. */
  token?: string | undefined;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

export function metricsEndpoint(registry: Registry, access: MetricsAccess = {}): RequestHandler {
  const expected = access.token ? digest(access.token) : undefined;
  return async (req, res) => {
    if (expected) {
      const header = req.header('authorization') ?? '';
      const presented = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
      // Compared as digests, in constant time: a scraper's token is not guessable byte by byte.
      if (!timingSafeEqual(digest(presented), expected)) {
        res.set('www-authenticate', 'Bearer realm="metrics"');
        sendHttpRefusal(res, { status: 401, code: 'METRICS_UNAUTHORIZED', message: 'Send Authorization: Bearer <METRICS_TOKEN> to read the metrics.' });
        return;
      }
    } else if (!LOOPBACK.test(req.socket.remoteAddress ?? '')) {
      sendHttpRefusal(res, {
        status: 403,
        code: 'METRICS_LOOPBACK_ONLY',
        message: 'The metrics are served to this machine only; set METRICS_TOKEN to let a scraper elsewhere read them.',
      });
      return;
    }
    try {
      const body = await registry.metrics();
      res.set('content-type', registry.contentType).set('cache-control', 'no-store').send(body);
    } catch {
      sendHttpRefusal(res, { status: 500, code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' });
    }
  };
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
