import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { agencyConnections, DEADLINE_HEADER, SubgraphAnswerTooLargeError, SubgraphTimeoutError, subgraphFetcher } from '../../gateway/subgraphFetcher';

/** A real HTTP server standing in for an agency: answers by path, slowly where told to. */
let server: http.Server;
let base: string;
const seen: { headers: http.IncomingHttpHeaders; body: string }[] = [];
const streamed: http.ServerResponse[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      seen.push({ headers: req.headers, body });
      if (req.url === '/slow-headers') return void setTimeout(() => res.end('{}'), 2_000);
      if (req.url === '/slow-body') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"data":');
        return void setTimeout(() => res.end('{}}'), 2_000);
      }
      if (req.url === '/huge-declared') {
        // Says how large it is up front: refused on the headers, before a byte of the body is read.
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(50_000_000) });
        return void res.write('{"data":');
      }
      if (req.url === '/huge-streamed') {
        // Chunked, no length: counted as it arrives, and the agency's socket is closed past the limit.
        res.writeHead(200, { 'content-type': 'application/json' });
        const chunk = `"${'x'.repeat(64 * 1024)}",`;
        let written = 0;
        const more = (): void => {
          while (written < 1_000 && res.write(chunk)) written += 1;
          if (written < 1_000) res.once('drain', more);
          else res.end('0]}}');
        };
        res.write('{"data":{"rows":[');
        streamed.push(res);
        return more();
      }
      if (req.url === '/error') {
        res.writeHead(503, { 'content-type': 'text/plain' });
        return void res.end('down');
      }
      res.writeHead(200, [['Content-Type', 'application/json'], ['Set-Cookie', 'a=1'], ['Set-Cookie', 'b=2']]);
      res.end(JSON.stringify({ data: { echo: body } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const connections = agencyConnections(1_000_000);
afterAll(() => connections.close());

describe("the gateway's fetcher for agencies", () => {
  const fetcher = subgraphFetcher({ timeoutMs: 5_000, connections });

  it('posts the body and headers it is given and answers what the agency sent', async () => {
    const response = await fetcher(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-access-context': 'signed' }, body: '{"query":"{ a }"}' });
    expect(response.ok).toBe(true);
    expect(response.status).toBe(200);
    expect(response.statusText).toBe('OK');
    expect(response.url).toBe(`${base}/graphql`);
    expect(response.headers.get('Content-Type')).toBe('application/json');
    expect(response.headers.get('set-cookie')).toBe('a=1, b=2');
    expect(await response.clone().text()).toBe(JSON.stringify({ data: { echo: '{"query":"{ a }"}' } }));
    expect(await response.json()).toEqual({ data: { echo: '{"query":"{ a }"}' } });
    expect(response.bodyUsed).toBe(true);
    await expect(response.text()).rejects.toThrow(TypeError);
    expect(seen.at(-1)?.headers['x-access-context']).toBe('signed');
  });

  it("hands a 5xx on as a response, not as an error: the breaker and the data source judge it", async () => {
    const response = await fetcher(`${base}/error`, { method: 'POST', headers: {}, body: '{}' });
    expect(response.ok).toBe(false);
    expect(response.status).toBe(503);
    expect(await response.text()).toBe('down');
  });

  it.each(['/slow-headers', '/slow-body'])('gives up on %s at its timeout', async (path) => {
    const started = performance.now();
    const quick = subgraphFetcher({ timeoutMs: 200, connections });
    await expect(quick(`${base}${path}`, { method: 'POST', headers: {}, body: '{}' })).rejects.toBeInstanceOf(SubgraphTimeoutError);
    const waited = performance.now() - started;
    expect(waited).toBeGreaterThanOrEqual(190);
    expect(waited).toBeLessThan(1_500);
  });

  it("gives up at the operation's deadline when that comes before the timeout", async () => {
    const started = performance.now();
    const deadline = String(Date.now() + 250);
    await expect(fetcher(`${base}/slow-headers`, { method: 'POST', headers: { [DEADLINE_HEADER]: deadline }, body: '{}' })).rejects.toThrow(/within \d+ ms/);
    expect(performance.now() - started).toBeLessThan(1_500);
  });

  it('fails, not hangs, on an agency that is not there', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(fetcher(`http://127.0.0.1:${port}/graphql`, { method: 'POST', headers: {}, body: '{}' })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('refuses an answer whose declared length is over the limit, without reading it', async () => {
    const started = performance.now();
    const refusal = await fetcher(`${base}/huge-declared`, { method: 'POST', headers: {}, body: '{}' }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(SubgraphAnswerTooLargeError);
    expect(refusal).toMatchObject({ limit: 1_000_000, message: 'the answer exceeded 1000000 bytes' });
    // The agency never finishes that body; the fetcher does not wait for it (its timeout is 5 s).
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('stops reading a streamed answer at the limit and closes the socket it came on', async () => {
    await expect(fetcher(`${base}/huge-streamed`, { method: 'POST', headers: {}, body: '{}' })).rejects.toBeInstanceOf(SubgraphAnswerTooLargeError);
    const response = streamed.at(-1)!;
    // The agency meant to send 64 MB; the gateway took about its limit and hung up.
    await new Promise((resolve) => (response.destroyed ? resolve(undefined) : response.once('close', resolve)));
    expect(response.writableEnded).toBe(false);
    // The pool is not poisoned: the next fetch to the same agency is answered.
    expect((await fetcher(`${base}/graphql`, { method: 'POST', headers: {}, body: 'next' })).status).toBe(200);
  });
});
