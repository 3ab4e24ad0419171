import { EventEmitter } from 'node:events';
import { STATUS_CODES } from 'node:http';
import type { Fetcher, FetcherHeaders, FetcherResponse } from '@apollo/utils.fetcher';
import { Agent, errors, request, type Dispatcher } from 'undici';

/** The operation's deadline (epoch ms), as willSendRequest hands it to the fetcher. */
export const DEADLINE_HEADER = 'x-request-deadline';

/** A fetch to an agency that did not finish within its deadline. */
export class SubgraphTimeoutError extends Error {
  override name = 'SubgraphTimeoutError';
}

/**
 * An agency's answer larger than the gateway reads. The agency is not failing, the operation asked for too
 * much of it: not a failure for its circuit breaker.
 */
export class SubgraphAnswerTooLargeError extends Error {
  override name = 'SubgraphAnswerTooLargeError';
  constructor(readonly limit: number) {
    super(`the answer exceeded ${limit} bytes`);
  }
}

/**
 * Four times the largest answer the gateway itself sends (GRAPHQL_MAX_RESPONSE_BYTES): an agency's part carries
 * the keys and type names the plan joins on, which the client's answer does not.
 */
export const DEFAULT_SUBGRAPH_MAX_RESPONSE_BYTES = 20_000_000;

/** The gateway's connections to the agencies: a keep-alive pool per origin, with the answer size it reads. */
export interface AgencyConnections {
  readonly dispatcher: Dispatcher;
  /** The largest answer read from an agency (SUBGRAPH_MAX_RESPONSE_BYTES); past it the socket is closed. */
  readonly maxResponseBytes: number;
  close(): Promise<void>;
}

/** One per gateway: undici counts the bytes it reads off each socket and stops at `maxResponseBytes`. */
export function agencyConnections(maxResponseBytes: number): AgencyConnections {
  const dispatcher = new Agent({ maxResponseSize: maxResponseBytes });
  return { dispatcher, maxResponseBytes, close: () => dispatcher.close() };
}

export interface SubgraphFetcherOptions {
  /** The longest any one fetch may take (SUBGRAPH_TIMEOUT_MS). */
  timeoutMs: number;
  connections: AgencyConnections;
}

/**
 * How the gateway calls an agency: undici's `request`, not Node's `fetch`. `fetch` builds a WHATWG Request,
 * streams, a tee of the body and an AbortSignal for every call; measured beside each other on one agency
 * answer, 205–250 µs against 45 µs of CPU a call (bench/fetchCost.ts), and a query plan makes one to seven
 * calls. RemoteGraphQLDataSource sets no deadline, and one slow agency must not hold a request (and its
 * connection) forever: a fetch gets `timeoutMs` or the time its operation has left, whichever is less, for
 * the whole exchange — the answer is read whole before it is handed on (the data source parses it whole
 * anyway), so the deadline covers the body as well as the headers. Read whole, it is also bounded: an agency
 * that answers gigabytes (a fault, or a compromised agency) must not take the gateway's memory with it.
 */
export function subgraphFetcher(options: SubgraphFetcherOptions): Fetcher {
  const { dispatcher, maxResponseBytes } = options.connections;
  return async (url, init) => {
    const deadline = Number(init?.headers?.[DEADLINE_HEADER]);
    const allowed = Math.min(options.timeoutMs, Number.isFinite(deadline) ? Math.max(1, deadline - Date.now()) : options.timeoutMs);
    // undici takes an EventEmitter as its signal: no AbortController and DOMException per call.
    const signal = new EventEmitter();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      signal.emit('abort');
    }, allowed);
    try {
      const answer = await request(url, {
        method: (init?.method ?? 'GET') as Dispatcher.HttpMethod,
        headers: init?.headers ?? {},
        body: init?.body ?? null,
        signal,
        dispatcher,
      });
      if (Number(answer.headers['content-length']) > maxResponseBytes) {
        answer.body.destroy();
        throw new SubgraphAnswerTooLargeError(maxResponseBytes);
      }
      const body = await answer.body.text();
      return new BufferedResponse(url, answer.statusCode, headersOf(answer.headers), body);
    } catch (error) {
      if (timedOut) throw new SubgraphTimeoutError(`no answer within ${allowed} ms`, { cause: error });
      if (error instanceof errors.ResponseExceededMaxSizeError) throw new SubgraphAnswerTooLargeError(maxResponseBytes);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  };
}

function headersOf(raw: Record<string, string | string[] | undefined>): FetcherHeaders {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (Array.isArray(value)) for (const one of value) headers.append(name, one);
    else if (value !== undefined) headers.set(name, value);
  }
  return headers as unknown as FetcherHeaders;
}

/** An agency's answer, read whole: what RemoteGraphQLDataSource and the gateway's wrappers read of a response. */
class BufferedResponse implements FetcherResponse {
  readonly redirected = false;
  private used = false;

  constructor(
    readonly url: string,
    readonly status: number,
    readonly headers: FetcherHeaders,
    private readonly body: string,
  ) {}

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  get statusText(): string {
    return STATUS_CODES[this.status] ?? '';
  }

  get bodyUsed(): boolean {
    return this.used;
  }

  async text(): Promise<string> {
    if (this.used) throw new TypeError('Body has already been used');
    this.used = true;
    return this.body;
  }

  async json(): Promise<any> {
    return JSON.parse(await this.text());
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = Buffer.from(await this.text());
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }

  clone(): FetcherResponse {
    if (this.used) throw new TypeError('Body has already been used');
    return new BufferedResponse(this.url, this.status, this.headers, this.body);
  }
}
