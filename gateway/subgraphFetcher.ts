import { EventEmitter } from 'node:events';
import { STATUS_CODES } from 'node:http';
import type { Fetcher, FetcherHeaders, FetcherResponse } from '@apollo/utils.fetcher';
import { request, type Dispatcher } from 'undici';

/** The operation's deadline (epoch ms), as willSendRequest hands it to the fetcher. */
export const DEADLINE_HEADER = 'x-request-deadline';

/** A fetch to an agency that did not finish within its deadline. */
export class SubgraphTimeoutError extends Error {
  override name = 'SubgraphTimeoutError';
}

export interface SubgraphFetcherOptions {
  /** The longest any one fetch may take (SUBGRAPH_TIMEOUT_MS). */
  timeoutMs: number;
  /** undici's global dispatcher (a keep-alive pool per origin) unless given. */
  dispatcher?: Dispatcher;
}

/**
 * How the gateway calls an agency: undici's `request`, not Node's `fetch`. `fetch` builds a WHATWG Request,
 * streams, a tee of the body and an AbortSignal for every call; measured beside each other on one agency
 * answer, 205–250 µs against 45 µs of CPU a call (bench/fetchCost.ts), and a query plan makes one to seven
 * calls. RemoteGraphQLDataSource sets no deadline, and one slow agency must not hold a request (and its
 * connection) forever: a fetch gets `timeoutMs` or the time its operation has left, whichever is less, for
 * the whole exchange — the answer is read whole before it is handed on (the data source parses it whole
 * anyway), so the deadline covers the body as well as the headers.
 */
export function subgraphFetcher(options: SubgraphFetcherOptions): Fetcher {
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
        ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
      });
      const body = await answer.body.text();
      return new BufferedResponse(url, answer.statusCode, headersOf(answer.headers), body);
    } catch (error) {
      if (timedOut) throw new SubgraphTimeoutError(`no answer within ${allowed} ms`, { cause: error });
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
