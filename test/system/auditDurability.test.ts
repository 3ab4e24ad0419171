import { verifyAuditLog } from '../../audit/verify';
import { EXAMPLE_CASE_REF } from '../../runtime/banner';
import { databaseUrl } from '../../runtime/databases';
import { openDatabase } from '../../subgraphs/kit/database';
import { passwordToken } from '../identity/tokenEndpoint';
import { dropSystemDatabases, testServerUrl } from '../support/agencyDatabases';
import { startChild } from '../support/childProcess';

/**
 * The whole system in a child process, killed with SIGKILL while clients are hammering it: every answer a
 * client received names an audit record that is committed, and the chain is intact.
 */
const prefix = `gg_sigkill_${process.pid}`;

afterAll(async () => {
  await dropSystemDatabases(prefix);
});

it('every answer a client received has its committed record, even when the gateway is killed mid-load', async () => {
  const child = await startChild<{ graphqlUrl: string; issuer: string }>('test/support/processes/system.ts', [], {
    GOVGRAPH_TEST_SERVER_URL: testServerUrl(),
    GOVGRAPH_TEST_PREFIX: prefix,
  });
  const token = await passwordToken(child.ready.issuer, 'mediator.wang');
  const headers = {
    'content-type': 'application/json',
    authorization: `Bearer ${token}`,
    'x-purpose': 'dispute-resolution',
    'x-case-ref': EXAMPLE_CASE_REF,
  };
  const body = JSON.stringify({ query: '{ person(idNumber: "330110197803150018") { name petitions { id } cases { caseNumber } } }' });
  const received: string[] = [];
  let killed = false;
  const client = async () => {
    while (!killed) {
      try {
        const response = await fetch(child.ready.graphqlUrl, { method: 'POST', headers, body });
        const answer = (await response.json()) as { data?: unknown; extensions?: { privacy?: { auditRecordId?: string } } };
        expect(answer.data).toBeTruthy();
        received.push(answer.extensions!.privacy!.auditRecordId!);
      } catch (error) {
        if (!killed) throw error;
      }
    }
  };
  const clients = Array.from({ length: 8 }, client);
  // Let the load build up, then kill without warning while requests are in flight.
  while (received.length < 200) await new Promise((resolve) => setTimeout(resolve, 20));
  killed = true;
  await child.stop('SIGKILL');
  await Promise.all(clients);

  const audit = openDatabase({ connectionString: databaseUrl(testServerUrl(), `${prefix}_audit`), name: 'audit', onError: () => undefined });
  try {
    const rows = await audit.query<{ id: string }>('SELECT id FROM audit_events WHERE id = ANY($1::uuid[])', [received]);
    expect(new Set(rows.map((row) => row.id))).toEqual(new Set(received));
    const report = await verifyAuditLog(audit);
    expect(report.firstFailure).toBeNull();
  } finally {
    await audit.close();
  }
}, 120_000);
