import { chmod, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { verifyAuditLog } from '../../audit/verify';
import { EXAMPLE_CASE_REF } from '../../runtime/banner';
import { freePort } from '../../runtime/freePort';
import type { RunningSystem } from '../../runtime/system';
import { passwordToken } from '../identity/tokenEndpoint';
import { dropSystemDatabases } from '../support/agencyDatabases';
import { startChild, type Child } from '../support/childProcess';
import { startTestSystem } from '../support/testSystem';

/**
 * The audit store on a PostgreSQL server of its own, which the test stops and starts again: while it is
 * down every request fails closed with AUDIT_UNAVAILABLE and no data; when it is back, service resumes
 * by itself and the chain goes on without a gap.
 */
const prefix = `gg_auditdown_${process.pid}`;
let auditServer: Child<{ url: string }>;
let auditDirectory: string;
let auditPort: number;
let system: RunningSystem;
let token: string;

const query = `{ person(idNumber: "330110197803150018") { name petitions { id } } }`;

async function ask(headers: Record<string, string>) {
  const response = await fetch(system.gateway.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, body: (await response.json()) as { data?: any; errors?: any[]; extensions?: any } };
}

const mediator = () => ({ authorization: `Bearer ${token}`, 'x-purpose': 'dispute-resolution', 'x-case-ref': EXAMPLE_CASE_REF });

function startAuditServer() {
  return startChild<{ url: string }>('test/support/processes/embeddedPostgres.ts', [auditDirectory, String(auditPort)]);
}

beforeAll(async () => {
  const parent = await mkdtemp(path.join(os.tmpdir(), 'govgraph-audit-'));
  await chmod(parent, 0o755);
  auditDirectory = path.join(parent, 'pg');
  auditPort = await freePort();
  auditServer = await startAuditServer();
  system = await startTestSystem(prefix, { audit: { databaseUrl: auditServer.ready.url, chainId: 'gateway-test' } });
  token = await passwordToken(system.identityProvider.issuer, 'mediator.wang');
}, 120_000);

afterAll(async () => {
  await system?.stop();
  await auditServer?.stop();
  await dropSystemDatabases(prefix);
});

it('fails closed while the audit store is down and resumes by itself when it is back', async () => {
  const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    const before = await ask(mediator());
    expect(before.status).toBe(200);
    expect(before.body.extensions.privacy.auditRecordId).toEqual(expect.any(String));

    await auditServer.stop();
    for (const headers of [mediator(), {}]) {
      // an answer with data, and a refusal (no token): neither leaves unrecorded
      const down = await ask(headers);
        expect(down.status).toBe(503);
      expect(down.body.data).toBeUndefined();
      expect(down.body.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'AUDIT_UNAVAILABLE' }) })]);
      expect(JSON.stringify(down.body)).not.toMatch(/王|ECONNREFUSED|127\.0\.0\.1|postgres/);
    }

    auditServer = await startAuditServer();
    let after = await ask(mediator());
    // the pool reconnects on the next commit; no restart of the gateway
    for (let attempt = 0; attempt < 20 && after.status !== 200; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      after = await ask(mediator());
    }
    expect(after.status).toBe(200);
    expect(after.body.data.person.name).toBe('王**');

    const report = await verifyAuditLog(system.audit.db, { publicKeys: [system.audit.checkpointPublicKey] });
    expect(report.firstFailure).toBeNull();
    expect(report.intact).toBe(true);
    const rows = await system.audit.db.query<{ id: string }>('SELECT id FROM audit_events ORDER BY seq');
    expect(rows.map((row) => row.id)).toEqual(
      expect.arrayContaining([before.body.extensions.privacy.auditRecordId, after.body.extensions.privacy.auditRecordId]),
    );
  } finally {
    logged.mockRestore();
  }
});
