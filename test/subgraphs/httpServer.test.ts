import net from 'node:net';
import express from 'express';
import { Agent, request } from 'undici';
import { KEEP_ALIVE_TIMEOUT_MS, listen, type RunningServer } from '../../subgraphs/kit/httpServer';

/**
 * The kit's server (the gateway's and every agency's) keeps an idle keep-alive socket open longer than its
 * clients reuse one: a request a client sends on a socket it still counts as open must be answered, not met by
 * "other side closed". Real sockets; the idle wait is past Node's 5 s default, which failed it. And a long
 * keep-alive must not make closing slow: a close waits for the answers in flight, not for the clients.
 */
let running: RunningServer;

beforeAll(async () => {
  const app = express();
  app.post('/echo', (_request, response) => void response.json({ ok: true }));
  running = await listen(app, 0, '127.0.0.1');
});

afterAll(() => running.close());

/** Sends one request on `socket` and resolves with the raw response once its body has arrived. */
function exchange(socket: net.Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    let received = '';
    const onData = (chunk: Buffer): void => {
      received += chunk.toString('latin1');
      if (received.includes('\r\n\r\n') && received.endsWith('}')) done(() => resolve(received));
    };
    const onClose = (): void => done(() => reject(new Error(`socket closed; received ${JSON.stringify(received)}`)));
    const done = (settle: () => void): void => {
      socket.off('data', onData).off('close', onClose);
      settle();
    };
    socket.on('data', onData).on('close', onClose);
    socket.write('POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n');
  });
}

it('answers a second request on a keep-alive socket left idle past the 5 s default', async () => {
  const socket = net.connect(running.port, '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  try {
    const first = await exchange(socket);
    expect(first).toMatch(/^HTTP\/1\.1 200/);
    // The hint tells clients how long the socket is theirs; they reuse it for less than that.
    expect(first).toContain(`Keep-Alive: timeout=${KEEP_ALIVE_TIMEOUT_MS / 1000}`);
    await new Promise((resolve) => setTimeout(resolve, 5_500));
    expect(socket.destroyed).toBe(false);
    expect(await exchange(socket)).toMatch(/^HTTP\/1\.1 200/);
  } finally {
    socket.destroy();
  }
}, 15_000);

it.each([
  ['before its answer started', '/slow'],
  ['while its answer is being written', '/streaming'],
])('closes promptly with a request in flight %s: the answer is sent, then the socket is closed', async (_when, route) => {
  const app = express();
  app.post('/slow', (_request, response) => void setTimeout(() => response.json({ ok: true }), 300));
  app.post('/streaming', (_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.write('{"ok":');
    setTimeout(() => response.end('true}'), 300);
  });
  const server = await listen(app, 0, '127.0.0.1');
  const agent = new Agent(); // keeps the socket alive for as long as the server's hint allows
  try {
    const answer = request(`${server.url}${route}`, { method: 'POST', dispatcher: agent }).then(async (response) => ({
      status: response.statusCode,
      body: await response.body.json(),
    }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await server.close();
    expect(Date.now() - started).toBeLessThan(3_000); // not the 65 s keep-alive
    await expect(answer).resolves.toEqual({ status: 200, body: { ok: true } });
  } finally {
    await agent.close();
  }
}, 15_000);
