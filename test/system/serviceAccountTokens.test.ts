import pg from 'pg';
import { EXAMPLE_CASE_REF, EXAMPLE_QUERY } from '../../runtime/banner';
import { databaseUrl } from '../../runtime/databases';
import type { Agency } from '../../subgraphs/agencies';
import { PURPOSE_NAMES } from '../../policies/purposes';
import { GOVGRAPH_REALM } from '../../identity/realm';
import type { RunningSystem } from '../../runtime/system';
import { pkcePair, signIn } from '../identity/browserLogin';
import { clientToken, passwordToken, requestToken } from '../identity/tokenEndpoint';
import { dropSystemDatabases, testServerUrl } from '../support/agencyDatabases';
import { freshBudgetWindow } from '../support/budgetWindow';
import { startTestSystem } from '../support/testSystem';

/**
 * Service-account tokens (client credentials) at the gateway, over real HTTP with real signed tokens and
 * seeded PostgreSQL: the same verifier and audience admit them as user tokens, their roles, agency and
 * district are held to the same purposes and jurisdictions, and what they do is audited under their
 * own subject and client. A publisher's or a steward's token reads no data under any purpose.
 */
const prefix = `gg_svcacct_${process.pid}`;
let system: RunningSystem;
let foreignFraudCase: string;
const FRAUD_CASE_330110 = 'DZ-2025-00000001';

interface Answer {
  status: number;
  text: string;
  body: { data?: any; errors?: any[]; extensions?: any };
}

async function post(query: string, headers: Record<string, string>, variables: Record<string, unknown> = {}): Promise<Answer> {
  const response = await fetch(system.gateway.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  return { status: response.status, text, body: JSON.parse(text) as Answer['body'] };
}

async function auditRecord(answer: Answer): Promise<any> {
  const id = answer.body.errors?.[0]?.extensions?.auditRecordId ?? answer.body.extensions?.privacy?.auditRecordId;
  expect(typeof id).toBe('string');
  const rows = await system.audit.db.query<{ record: any }>('SELECT record FROM audit_events WHERE id = $1', [id]);
  expect(rows).toHaveLength(1);
  return rows[0]!.record;
}

const FRAUD_DESK = `query Desk($id: ID!) { fraudCase(id: $id) { id status district victim { idNumber name }
  payeeAccounts { accountNumber bank holder { ... on Person { name } ... on Enterprise { name } } } } }`;

/** Runs SQL as the server's superuser in one agency's database. */
async function sql(agency: Agency, text: string, values: unknown[] = []): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl(testServerUrl(), `${prefix}_${agency}`) });
  await client.connect();
  try {
    await client.query(text, values);
  } finally {
    await client.end();
  }
}

const bearer = (token: string, purpose: string, caseRef?: string): Record<string, string> => ({
  authorization: `Bearer ${token}`,
  'x-purpose': purpose,
  ...(caseRef ? { 'x-case-ref': caseRef } : {}),
});

beforeAll(async () => {
  system = await startTestSystem(prefix);
  // The anti-fraud application works for 杭州 (330100), where the demo's fraud case lies; the test registers
  // one in 嘉兴 南湖区 the way the police would (as the database owner: the service itself only reads).
  foreignFraudCase = 'DZ-2025-09990001';
  await sql(
    'police',
    `INSERT INTO fraud_cases (id, reported_at, victim_id_number, loss_amount, modus, status, district)
     SELECT $1, now(), id_number, 12000, '冒充客服', '侦查中', '330402' FROM persons ORDER BY id_number LIMIT 1`,
    [foreignFraudCase],
  );
}, 120_000);

// Several tests are refused on purpose, more often than the refusal budget tolerates.
beforeEach(() => freshBudgetWindow(system));

afterAll(async () => {
  await system?.stop();
  await dropSystemDatabases(prefix);
});

describe('an application’s own token (app-anti-fraud, client credentials)', () => {
  it('queries under its purpose today, and the audit names its service account and client', async () => {
    const token = await clientToken(system.identityProvider.issuer, 'app-anti-fraud');
    const answer = await post(FRAUD_DESK, bearer(token, 'fraud-investigation', FRAUD_CASE_330110), { id: FRAUD_CASE_330110 });
    expect(answer.body.errors).toBeUndefined();
    expect(answer.status).toBe(200);
    expect(answer.body.data.fraudCase).toMatchObject({ id: FRAUD_CASE_330110 });
    expect(answer.body.data.fraudCase.district).toMatch(/^3301/);
    // Fraud investigation reads the victim in clear.
    expect(answer.body.data.fraudCase.victim.name).not.toContain('*');

    const record = await auditRecord(answer);
    const account = GOVGRAPH_REALM.clients.find((client) => client.clientId === 'app-anti-fraud')!.serviceAccount!;
    expect(record).toMatchObject({
      outcome: 'allowed',
      client: 'app-anti-fraud',
      purpose: 'fraud-investigation',
      caseRef: FRAUD_CASE_330110,
      user: { subject: account.id, username: 'service-account-app-anti-fraud', agency: 'police', district: '330100', roles: ['police-investigator'] },
    });
  });

  it('is held to its district: a case of 嘉兴 (330402) is out of its jurisdiction', async () => {
    const token = await clientToken(system.identityProvider.issuer, 'app-anti-fraud');
    const answer = await post(FRAUD_DESK, bearer(token, 'fraud-investigation', foreignFraudCase), { id: foreignFraudCase });
    expect(answer.status).toBe(403);
    expect(answer.body.errors?.map((error) => error.extensions?.code)).toEqual(['CASE_OUT_OF_JURISDICTION']);
    expect(answer.body.data ?? null).toBeNull();
    expect(await auditRecord(answer)).toMatchObject({ outcome: 'refused', client: 'app-anti-fraud', errorCodes: ['CASE_OUT_OF_JURISDICTION'] });
  });

  it('is refused a purpose its roles do not permit', async () => {
    const token = await clientToken(system.identityProvider.issuer, 'app-anti-fraud');
    const answer = await post(EXAMPLE_QUERY, bearer(token, 'dispute-resolution', EXAMPLE_CASE_REF));
    expect(answer.status).toBe(403);
    expect(answer.body.errors?.map((error) => error.extensions?.code)).toEqual(['PURPOSE_NOT_PERMITTED']);
  });

  it('is refused when the secret was wrong: no token, so no request gets through', async () => {
    const refused = await requestToken(system.identityProvider.issuer, { grant_type: 'client_credentials', client_id: 'app-anti-fraud', client_secret: 'guess' });
    expect(refused.status).toBe(401);
    const answer = await post(FRAUD_DESK, bearer('not-a-token', 'fraud-investigation', FRAUD_CASE_330110), { id: FRAUD_CASE_330110 });
    expect(answer.status).toBe(401);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('an official signed in to an application (authorization code): the person asks, through the app', () => {
  it('reads as the person, and the audit names the person and the application', async () => {
    const pkce = pkcePair();
    const redirect = 'http://localhost:4000/apps/dispute-cockpit';
    const { code } = await signIn(
      system.identityProvider.issuer,
      {
        response_type: 'code',
        client_id: 'app-dispute-cockpit',
        redirect_uri: redirect,
        state: 's',
        code_challenge: pkce.challenge,
        code_challenge_method: 'S256',
      },
      'mediator.wang',
    );
    const exchanged = await requestToken(system.identityProvider.issuer, {
      grant_type: 'authorization_code',
      client_id: 'app-dispute-cockpit',
      client_secret: 'demo',
      code,
      redirect_uri: redirect,
      code_verifier: pkce.verifier,
    });
    expect(exchanged.status).toBe(200);
    const answer = await post(EXAMPLE_QUERY, bearer(exchanged.body.access_token, 'dispute-resolution', EXAMPLE_CASE_REF));
    expect(answer.body.errors).toBeUndefined();
    const wang = GOVGRAPH_REALM.users.find((user) => user.username === 'mediator.wang')!;
    expect(await auditRecord(answer)).toMatchObject({ outcome: 'allowed', client: 'app-dispute-cockpit', user: { subject: wang.id, username: 'mediator.wang' } });
  });
});

describe('tokens that read no data: a publisher’s, a steward’s', () => {
  it.each(PURPOSE_NAMES)('police-publisher (schema-publisher only) is refused %s', async (purpose) => {
    const token = await clientToken(system.identityProvider.issuer, 'police-publisher');
    const answer = await post('{ __typename }', bearer(token, purpose, purpose === 'fraud-investigation' ? FRAUD_CASE_330110 : undefined));
    expect(answer.status).toBe(403);
    expect(answer.body.errors?.map((error) => error.extensions?.code)).toEqual(['PURPOSE_NOT_PERMITTED']);
    expect(await auditRecord(answer)).toMatchObject({ outcome: 'refused', client: 'police-publisher', errorCodes: ['PURPOSE_NOT_PERMITTED'] });
  });

  it.each(PURPOSE_NAMES)('steward.police (data-steward only) is refused %s', async (purpose) => {
    const token = await passwordToken(system.identityProvider.issuer, 'steward.police');
    const answer = await post('{ __typename }', bearer(token, purpose, purpose === 'fraud-investigation' ? FRAUD_CASE_330110 : undefined));
    expect(answer.status).toBe(403);
    expect(answer.body.errors?.map((error) => error.extensions?.code)).toEqual(['PURPOSE_NOT_PERMITTED']);
  });
});
