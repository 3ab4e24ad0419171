import { readFileSync } from 'node:fs';
import { EXAMPLE_APPLICATIONS } from '../../examples/catalog';
import type { OperationLimits } from '../../gateway/limits/operationLimits';
import type { RunningSystem } from '../../runtime/system';
import { dropSystemDatabases } from '../support/agencyDatabases';
import { startTestSystem } from '../support/testSystem';
import { clientToken, passwordToken } from '../identity/tokenEndpoint';

/**
 * A sharing request is checked against the gateway's configured operation limits when it is submitted,
 * over real HTTP with real tokens: an operation the gateway would refuse every time it ran is refused at
 * /agreements/graphql with the limit it exceeds, audited; every seed system's operations pass.
 */
const PREFIX = 'gg_submissionlimits';
/** Above what the example applications' operations measure (depth 5, cost 1 800), well below the defaults. */
const LIMITS: Partial<OperationLimits> = { maxDepth: 8, maxCost: 5_000 };
let system: RunningSystem;

interface Answer {
  status: number;
  body: { data?: Record<string, any> | null; errors?: { message: string; extensions: Record<string, any> }[]; extensions?: Record<string, any> };
}

async function post(path: string, token: string, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(`${system.gateway.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

const SUBMIT = `mutation Submit($input: SharingRequestInput!) { submitSharingRequest(input: $input) { id status operations { name } } }`;

function submission(purpose: string, document: string) {
  const validTo = new Date(Date.now() + 180 * 86_400_000).toISOString();
  return { input: { title: 'Limits check', justification: 'Whether the gateway would run these operations.', purpose, document, validFrom: new Date().toISOString(), validTo } };
}

const antiFraud = EXAMPLE_APPLICATIONS.find((example) => example.clientId === 'app-anti-fraud')!;
// Nine levels (and a costly nesting of lists as well): person → cases → parties → party → cases … → caseNumber.
const TOO_DEEP = `query PartiesOfPartiesCases($id: ID!) {
  person(idNumber: $id) { cases { parties { party { ... on Person { ...Onward } } } } }
}
fragment Onward on Person { cases { parties { party { ... on Person { cases { caseNumber } } } } } }`;
// Seven levels, and a full page of cases (the page size is a variable) times their parties' cases: about 8 400 values.
const TOO_COSTLY = `query CaseNetwork($n: Int) { cases(first: $n) { edges { node { parties { party { ... on Person { cases { caseNumber } } } } } } } }`;

beforeAll(async () => {
  system = await startTestSystem(PREFIX, { limits: LIMITS });
}, 120_000);

afterAll(async () => {
  await system?.stop();
  await dropSystemDatabases(PREFIX);
});

async function auditRecord(id: unknown): Promise<Record<string, any>> {
  expect(typeof id).toBe('string');
  const rows = await system.audit.db.query<{ record: Record<string, any> }>('SELECT record FROM audit_events WHERE id = $1', [id]);
  expect(rows).toHaveLength(1);
  return rows[0]!.record;
}

describe('submitting a sharing request under the gateway’s operation limits', () => {
  it('the seed made every example application’s agreement under these limits, and each application’s operations pass again', async () => {
    const officer = await passwordToken(system.identityProvider.issuer, 'officer.qian');
    const seeded = await post('/agreements/graphql', officer, '{ agreements { status application { clientId } } }');
    expect(seeded.body.data!.agreements.map((agreement: any) => agreement.application.clientId).sort()).toEqual(EXAMPLE_APPLICATIONS.map((example) => example.clientId).sort());
    for (const example of EXAMPLE_APPLICATIONS) {
      const answer = await post('/agreements/graphql', await clientToken(system.identityProvider.issuer, example.clientId), SUBMIT, submission(example.purpose, readFileSync(example.operationsFile, 'utf8')));
      expect([example.name, answer.status, answer.body.errors]).toEqual([example.name, 200, undefined]);
      expect(answer.body.data!.submitSharingRequest.status).toBe('PENDING');
    }
  });

  it.each([
    ['too deep', TOO_DEEP, 'PartiesOfPartiesCases', { code: 'QUERY_TOO_DEEP', limit: 8, measured: 9 }],
    ['too costly', TOO_COSTLY, 'CaseNetwork', { code: 'QUERY_TOO_COSTLY', limit: 5_000, measured: expect.any(Number) }],
  ])('refuses a %s named query beside a harmless one, naming it and the limit — the refusal the gateway gives it — and records the refusal', async (_case, operation, name, limit) => {
    const token = await clientToken(system.identityProvider.issuer, antiFraud.clientId);
    const document = `query Harmless { __typename }\n${operation}`;
    const answer = await post('/agreements/graphql', token, SUBMIT, submission(antiFraud.purpose, document));
    expect(answer.status).toBe(400);
    expect(answer.body.data?.submitSharingRequest ?? null).toBeNull();
    const [error] = answer.body.errors!;
    expect(error!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'document' });
    expect(error!.extensions.exceededLimits).toContainEqual({ operation: name, ...limit });
    expect(error!.extensions.exceededLimits.every((found: any) => found.operation === name)).toBe(true);
    expect(error!.message).toContain(`${name} (${limit.code}`);
    expect(JSON.stringify(answer.body)).not.toMatch(/\/work|at \w+ \(|SELECT/);
    const record = await auditRecord(answer.body.extensions?.auditRecordId);
    expect(record.errorCodes).toEqual(['BAD_USER_INPUT']);
    expect(record.caseRef ?? '').not.toMatch(/sharing-request/);

    // Nothing was stored: the application's requests hold none with this operation.
    const mine = await post('/agreements/graphql', token, '{ sharingRequests { operations { name } } }');
    expect(mine.body.errors).toBeUndefined();
    expect(mine.body.data!.sharingRequests.flatMap((request: any) => request.operations.map((op: any) => op.name))).not.toContain(name);

    // The gateway refuses the operation by the same limit (an application's unagreed operation is refused
    // before any limit, so an official of the purpose's role sends it), as it would refuse it every time.
    const investigator = await passwordToken(system.identityProvider.issuer, 'investigator.li');
    const served = await post('/graphql', investigator, operation, { id: '330110197803150018' }, { 'x-purpose': antiFraud.purpose, 'x-case-ref': antiFraud.caseRef!, 'apollo-require-preflight': 'true' });
    expect(served.status).toBe(400);
    expect(served.body.errors!.map((found) => found.extensions.code)).toContain(limit.code);
  });
});
