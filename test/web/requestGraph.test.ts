import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { requestGraph } from '../../web/src/shared/graphql';

/**
 * The console's one GraphQL POST (the sandbox, the audit, agreements and registry pages all use it). A
 * proxy's or server's HTML error page can carry a stack or a path: the console shows the status, never the page.
 */
let server: Server;
let base: string;
let seen: { headers: IncomingHttpHeaders; body: string } | undefined;
let reply: { status: number; type: string; body: string; statusText?: string };

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      seen = { headers: request.headers, body };
      response.statusCode = reply.status;
      if (reply.statusText) response.statusMessage = reply.statusText;
      response.setHeader('content-type', reply.type);
      response.end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const PAGE = '<html><body><pre>Error: boom\n    at handler (/srv/govgraph/gateway/server.ts:42:7)</pre></body></html>';

describe('requestGraph', () => {
  it('answers a non-JSON page with its status text and an HTTP_ code, never the page', async () => {
    reply = { status: 502, type: 'text/html', body: PAGE, statusText: 'Bad Gateway' };
    const answer = await requestGraph(`${base}/registry/graphql`, { token: 't', query: '{ __typename }' });
    expect(answer).toStrictEqual({ status: 502, errors: [{ message: 'Bad Gateway', extensions: { code: 'HTTP_502' } }] });
  });

  it('falls back to the status number where the status has no text', async () => {
    reply = { status: 500, type: 'text/html', body: PAGE, statusText: ' ' };
    const answer = await requestGraph(`${base}/graphql`, { token: 't', query: '{ __typename }' });
    expect(answer).toStrictEqual({ status: 500, errors: [{ message: 'HTTP 500', extensions: { code: 'HTTP_500' } }] });
  });

  it('returns a JSON answer whole, with its status', async () => {
    reply = { status: 200, type: 'application/json', body: JSON.stringify({ data: { a: 1 }, extensions: { privacy: { requestId: 'r' } } }) };
    expect(await requestGraph(`${base}/graphql`, { token: 't', query: '{ a }' })).toStrictEqual({ status: 200, data: { a: 1 }, extensions: { privacy: { requestId: 'r' } } });
  });

  it('sends the bearer token, and a purpose and case only when given', async () => {
    reply = { status: 200, type: 'application/json', body: '{"data":null}' };
    await requestGraph(`${base}/registry/graphql`, { token: 'tok', query: 'q', variables: { x: 1 } });
    expect(seen?.headers.authorization).toBe('Bearer tok');
    expect(seen?.headers['x-purpose']).toBeUndefined();
    expect(seen?.headers['x-case-ref']).toBeUndefined();
    expect(JSON.parse(seen!.body)).toStrictEqual({ query: 'q', variables: { x: 1 } });
    await requestGraph(`${base}/graphql`, { token: 'tok', purpose: 'p', caseRef: 'c', query: 'q' });
    expect(seen?.headers['x-purpose']).toBe('p');
    expect(seen?.headers['x-case-ref']).toBe('c');
  });
});
