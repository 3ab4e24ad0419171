import { networkInterfaces } from 'node:os';
import express from 'express';
import { Counter, Registry } from 'prom-client';
import { metricsEndpoint } from '../../subgraphs/kit/metricsEndpoint';
import { listen, type RunningServer } from '../../subgraphs/kit/httpServer';

/** GET /metrics over real HTTP: a bearer token when METRICS_TOKEN is set, else loopback callers only. */
const TOKEN = 'a-scraper-token-of-enough-length';

function registryWithOneCounter(): Registry {
  const registry = new Registry();
  new Counter({ name: 'probe_total', help: 'a probe', registers: [registry] }).inc(3);
  return registry;
}

async function serve(token: string | undefined, host: string): Promise<RunningServer> {
  const app = express();
  app.get('/metrics', metricsEndpoint(registryWithOneCounter(), { token }));
  return listen(app, 0, host);
}

const servers: RunningServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
});

describe('with METRICS_TOKEN', () => {
  let url: string;
  beforeAll(async () => {
    const server = await serve(TOKEN, '127.0.0.1');
    servers.push(server);
    url = `${server.url}/metrics`;
  });

  test.each([
    ['no Authorization header', {}],
    ['a wrong token', { authorization: 'Bearer not-the-token-at-all-no' }],
    ['the token with a suffix', { authorization: `Bearer ${TOKEN}x` }],
    ['the token without the Bearer scheme', { authorization: TOKEN }],
  ])('refuses %s with a JSON 401, even from loopback', async (_case, headers: Record<string, string>) => {
    const response = await fetch(url, { headers });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
    const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]!.extensions.code).toBe('METRICS_UNAUTHORIZED');
  });

  test('serves the Prometheus text to the right bearer token', async () => {
    const response = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await response.text()).toMatch(/^probe_total 3$/m);
  });
});

describe('without METRICS_TOKEN', () => {
  test('serves a loopback caller', async () => {
    const server = await serve(undefined, '127.0.0.1');
    servers.push(server);
    const response = await fetch(`${server.url}/metrics`);
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/^probe_total 3$/m);
  });

  // A caller on another interface of this machine is not on loopback: what a scraper elsewhere would be.
  const external = Object.values(networkInterfaces())
    .flat()
    .find((address) => address && address.family === 'IPv4' && !address.internal)?.address;
  (external ? test : test.skip)(`refuses a caller from a non-loopback address (${external ?? 'none on this machine'}) with a JSON 403`, async () => {
    const server = await serve(undefined, '0.0.0.0');
    servers.push(server);
    const response = await fetch(`http://${external}:${server.port}/metrics`);
    expect(response.status).toBe(403);
    const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0]!.extensions.code).toBe('METRICS_LOOPBACK_ONLY');
    expect(JSON.stringify(body)).not.toContain('probe_total');
  });
});
