import express from 'express';
import { agreementsRouter } from '../../agreements/api/agreementsRouter';
import { createAgreementStore } from '../../agreements/agreementStore';
import { createAuditWriter, type AuditWriter } from '../../audit/writer';
import { createAuditTrail } from '../../gateway/audit/auditTrail';
import { createTokenVerifier } from '../../gateway/identity';
import { DEFAULT_OPERATION_LIMITS } from '../../gateway/limits/operationLimits';
import { buildPolicyGraph } from '../../gateway/policyGraph';
import { loadSupergraphSdl } from '../../gateway/supergraph';
import { startDevIdentityProvider, type RunningDevIdentityProvider } from '../../identity/devIdentityProvider';
import { freePort } from '../../runtime/freePort';
import { DEVELOPMENT_AUDIT_SUBJECT_KEY } from '../../runtime/developmentKeys';
import { apiSchemaOf } from '../../schema/apiSchema';
import { openDatabase, type Database } from '../../subgraphs/kit/database';
import { listen, type RunningServer } from '../../subgraphs/kit/httpServer';
import { createAuditTestDatabase, type AuditTestDatabase } from '../audit/auditTestDatabase';
import { clientToken, passwordToken } from '../identity/tokenEndpoint';

/**
 * Fail closed when the agreements database cannot be used: AGREEMENTS_UNAVAILABLE (503) as JSON, with
 * no connection detail, and the attempt still audited. The router as the gateway mounts it, over a real
 * token provider and a real audit log, with a store whose server is not there.
 */
let provider: RunningDevIdentityProvider;
let audit: AuditTestDatabase;
let writer: AuditWriter;
let nowhere: Database;
let server: RunningServer;

beforeAll(async () => {
  provider = await startDevIdentityProvider({ port: 0, host: '127.0.0.1' });
  audit = await createAuditTestDatabase('agreementsdown');
  writer = createAuditWriter({ db: audit.db, chainId: 'agreements-down' });
  nowhere = openDatabase({ connectionString: `postgres://postgres@127.0.0.1:${await freePort()}/nothing`, name: 'agreements', onError: () => undefined });
  const sdl = loadSupergraphSdl();
  const policyGraph = buildPolicyGraph(apiSchemaOf(sdl), sdl);
  const app = express();
  app.use(
    '/agreements/graphql',
    agreementsRouter({
      verifier: createTokenVerifier({ issuer: provider.issuer, audience: 'govgraph-gateway' }),
      trail: createAuditTrail(writer, { subjectKey: DEVELOPMENT_AUDIT_SUBJECT_KEY, policyRevision: 'test' }),
      store: createAgreementStore(nowhere),
      graph: () => ({ policyGraph, supergraphSdl: sdl }),
      limits: DEFAULT_OPERATION_LIMITS,
    }),
  );
  server = await listen(app, 0, '127.0.0.1');
});

afterAll(async () => {
  await server?.close();
  await nowhere?.close();
  await writer?.close();
  await audit?.drop();
  await provider?.close();
});

async function ask(token: string, query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(`${server.url}/agreements/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, text: await response.text() };
}

it.each([
  ['a read', 'officer.qian', '{ sharingRequests { id } }', {}],
  ['a decision', 'steward.police', 'mutation { decideSharingRequest(id: "7b0c6d3e-8a59-4c55-9b5e-0e6f2f6c1a11", decision: APPROVE) { id } }', {}],
  ['a submission', 'app-anti-fraud', 'mutation S($input: SharingRequestInput!) { submitSharingRequest(input: $input) { id } }', {
    input: { title: 't', justification: 'j', purpose: 'fraud-investigation', document: 'query Q { __typename }', validFrom: '2026-12-01', validTo: '2027-06-01' },
  }],
])('%s is refused AGREEMENTS_UNAVAILABLE (503), without internals, and audited', async (_case, who, query, variables) => {
  const token = who.startsWith('app-') ? await clientToken(provider.issuer, who) : await passwordToken(provider.issuer, who);
  const answer = await ask(token, query, variables);
  expect(answer.status).toBe(503);
  const body = JSON.parse(answer.text) as { errors: { extensions: { code: string } }[]; extensions: { auditRecordId: string } };
  expect(body.errors[0]!.extensions.code).toBe('AGREEMENTS_UNAVAILABLE');
  expect(answer.text).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|postgres|nothing|at .*\.ts/);
  const [row] = await audit.db.query<{ record: { outcome: string; errorCodes: string[]; user: { username: string } } }>('SELECT record FROM audit_events WHERE id = $1', [
    body.extensions.auditRecordId,
  ]);
  expect(row!.record).toMatchObject({ outcome: 'failed', errorCodes: ['AGREEMENTS_UNAVAILABLE'] });
  expect(row!.record.user.username).toBe(who.startsWith('app-') ? `service-account-${who}` : who);
});
