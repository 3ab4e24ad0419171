import pg from 'pg';
import { verifyAuditLog } from '../../audit/verify';
import { createAuditWriter, type AuditWriter } from '../../audit/writer';
import { startGateway, type RunningGateway } from '../../gateway/server';
import { loadSupergraphSdl } from '../../gateway/supergraph';
import { EXAMPLE_CASE_REF } from '../../runtime/banner';
import { databaseUrl } from '../../runtime/databases';
import { DEVELOPMENT_AUDIT_SUBJECT_KEY, type RunningSystem } from '../../runtime/system';
import { SUBGRAPHS } from '../../subgraphs/agencies';
import { passwordToken } from '../identity/tokenEndpoint';
import { dropSystemDatabases, testServerUrl } from '../support/agencyDatabases';
import { startTestSystem } from '../support/testSystem';

/**
 * Back-pressure with a real writer on a real PostgreSQL whose commits are held up (another session locks
 * the audit table): once the audit queue is three-quarters full, new requests are refused at the door —
 * 503 AUDIT_OVERLOADED with Retry-After, nothing executed — while those already admitted are answered
 * when the store catches up. Refusals are recorded while the queue's reserve has room.
 */
const prefix = `gg_pressure_${process.pid}`;
const WANG = '330110197803150018';
let system: RunningSystem;
let gateway: RunningGateway;
let writer: AuditWriter;
let token: string;
const reported: string[] = [];

beforeAll(async () => {
  system = await startTestSystem(prefix, { seedPersons: 50 });
  // A gateway of its own over the same agencies, with a small queue and a deadline longer than the test holds the lock.
  writer = createAuditWriter({ db: system.audit.db, chainId: 'pressure', maxQueue: 8, timeoutMs: 30_000, onError: (error) => reported.push(error.message) });
  gateway = await startGateway({
    supergraphSdl: loadSupergraphSdl(),
    subgraphUrls: Object.fromEntries(SUBGRAPHS.map((name) => [name, system.subgraphs[name].graphqlUrl])),
    subgraphTimeoutMs: 5_000,
    port: 0,
    identity: { issuer: system.identityProvider.issuer, audience: 'govgraph-gateway' },
    accessContextSigner: system.accessContextSigner,
    pseudonymKey: 'back-pressure-test-pseudonym-key-0123456789',
    audit: { writer, subjectKey: DEVELOPMENT_AUDIT_SUBJECT_KEY },
  });
  token = await passwordToken(system.identityProvider.issuer, 'mediator.wang');
}, 120_000);

afterAll(async () => {
  await gateway?.close();
  await writer?.close();
  await system?.stop();
  await dropSystemDatabases(prefix);
});

async function ask(requestId: string) {
  const response = await fetch(gateway.graphqlUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
      'x-purpose': 'dispute-resolution',
      'x-case-ref': EXAMPLE_CASE_REF,
      'x-request-id': requestId,
    },
    body: JSON.stringify({ query: `{ person(idNumber: "${WANG}") { name petitions { id } } }` }),
  });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as { data?: any; errors?: any[]; extensions?: any } };
}

async function recordsOf(requestIds: string[]) {
  const rows = await system.audit.db.query<{ record: any }>(
    `SELECT record FROM audit_events WHERE chain_id = 'pressure' AND record->>'requestId' = ANY($1::text[])`,
    [requestIds],
  );
  return new Map(rows.map((row) => [row.record.requestId as string, row.record]));
}

it('refuses new work at the door while the audit log is behind, and answers what it admitted once it catches up', async () => {
  const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  const blocker = new pg.Client({ connectionString: databaseUrl(testServerUrl(), `${prefix}_audit`) });
  await blocker.connect();
  try {
    expect((await ask('warm-up')).status).toBe(200); // the chain head is known; the next INSERT is what waits
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE audit_events IN EXCLUSIVE MODE');

    const admittedIds = ['admitted-1', 'admitted-2', 'admitted-3', 'admitted-4', 'admitted-5', 'admitted-6'];
    const admitted = admittedIds.map((id) => ask(id));
    // Six answers wait for their records: six of eight places in use, the door closes.
    for (let waited = 0; writer.backlog < 6; waited += 20) {
      if (waited > 20_000) throw new Error(`backlog stayed at ${writer.backlog}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(writer.admitting()).toBe(false);

    const refusedIds = ['refused-1', 'refused-2', 'refused-3'];
    const startedAt = Date.now();
    const refused = [];
    for (const id of refusedIds) refused.push(await ask(id));
    // Refused at once, not after the store: nothing was executed and nothing waited for a commit.
    expect(Date.now() - startedAt).toBeLessThan(5_000);
    for (const answer of refused) {
      expect(answer.status).toBe(503);
      expect(answer.retryAfter).toBe('30');
      expect(answer.body.data).toBeUndefined();
      expect(answer.body.errors).toEqual([
        expect.objectContaining({ extensions: expect.objectContaining({ code: 'AUDIT_OVERLOADED', retryAfterSeconds: 30 }) }),
      ]);
    }
    // Two refusals took the queue's last two places; the third found it full.
    expect(writer.backlog).toBe(8);
    expect(reported).toEqual([expect.stringContaining('8 records wait for their commit (AUDIT_QUEUE_LIMIT)')]);

    await blocker.query('COMMIT');
    const answers = await Promise.all(admitted);
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.body.data.person.name).toBe('王**');
    }
    await writer.flush();
    const records = await recordsOf([...admittedIds, ...refusedIds]);
    for (const [index, id] of admittedIds.entries()) {
      expect(records.get(id)).toMatchObject({ id: answers[index]!.body.extensions.privacy.auditRecordId, outcome: 'allowed' });
    }
    for (const id of refusedIds.slice(0, 2)) {
      expect(records.get(id)).toMatchObject({ outcome: 'refused', errorCodes: ['AUDIT_OVERLOADED'], user: { username: 'mediator.wang' }, subgraphs: [] });
    }
    // "Audited where possible": the refusal that found the queue full left no record (docs/audit.md).
    expect(records.has('refused-3')).toBe(false);

    // Back to normal by itself.
    expect(writer.admitting()).toBe(true);
    expect((await ask('after')).status).toBe(200);
  } finally {
    await blocker.query('ROLLBACK').catch(() => undefined);
    await blocker.end();
    logged.mockRestore();
  }
  const report = await verifyAuditLog(system.audit.db, { chainIds: ['pressure'] });
  expect(report.firstFailure).toBeNull();
}, 60_000);
