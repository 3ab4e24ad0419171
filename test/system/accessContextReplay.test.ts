import { subjectPseudonym } from '../../audit/subjectPseudonym';
import { startGateway, type RunningGateway } from '../../gateway/server';
import { loadSupergraphSdl } from '../../gateway/supergraph';
import { ACCESS_CONTEXT_HEADER } from '@govgraph/access-context';
import { operationDigestOf } from '@govgraph/access-context';
import { EXAMPLE_CASE_REF, EXAMPLE_QUERY } from '../../runtime/banner';
import { DEVELOPMENT_AUDIT_SUBJECT_KEY, type RunningSystem } from '../../runtime/system';
import { passwordToken } from '../identity/tokenEndpoint';
import { dropSystemDatabases } from '../support/agencyDatabases';
import { startRecordingProxy, type RecordedRequest, type RecordingProxy } from '../support/recordingProxy';
import { startTestSystem } from '../support/testSystem';

/**
 * An attacker on the network between the gateway and the police agency (a recording proxy) captures the
 * access context of a real gateway fetch. Replayed, or sent with another query or other variables, or to
 * another agency, it is refused; a context that does reach an agency reads what the purpose masks masked.
 * Through the gateway, answers are masked and audited as before.
 */
const WANG = '330110197803150018';
const prefix = `gg_replay_${process.pid}`;
let system: RunningSystem;
let gateway: RunningGateway;
let proxy: RecordingProxy;
let mediatorToken: string;

beforeAll(async () => {
  system = await startTestSystem(prefix, { seedPersons: 50 });
  proxy = await startRecordingProxy(system.subgraphs.police.graphqlUrl);
  // The system's own gateway, its own signing key and audit, with the police fetches going through the proxy.
  gateway = await startGateway({
    supergraphSdl: loadSupergraphSdl(),
    subgraphUrls: { ...system.gateway.subgraphs, police: proxy.graphqlUrl },
    subgraphTimeoutMs: 5_000,
    port: 0,
    host: '127.0.0.1',
    identity: { issuer: system.identityProvider.issuer, audience: 'govgraph-gateway' },
    accessContextSigner: system.accessContextSigner,
    pseudonymKey: 'govgraph-development-pseudonym-key-not-for-production',
    audit: { writer: system.audit.writer, subjectKey: DEVELOPMENT_AUDIT_SUBJECT_KEY },
  });
  mediatorToken = await passwordToken(system.identityProvider.issuer, 'mediator.wang');
}, 120_000);

afterAll(async () => {
  await gateway?.close();
  await proxy?.close();
  await system?.stop();
  await dropSystemDatabases(prefix);
});

async function askGateway(query: string) {
  const response = await fetch(gateway.graphqlUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${mediatorToken}`,
      'x-purpose': 'dispute-resolution',
      'x-case-ref': EXAMPLE_CASE_REF,
    },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, body: (await response.json()) as { data?: any; errors?: any[]; extensions?: any } };
}

/** Sends `body` straight to an agency with the captured context, as the attacker would. */
async function direct(url: string, context: string, body: string) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', [ACCESS_CONTEXT_HEADER]: context }, body });
  return { status: response.status, body: (await response.json()) as { data?: any; errors?: any[] } };
}

const refusal = (agency: string, reason: string) => ({
  status: 401,
  body: { errors: [{ message: `The ${agency} agency answers only the govgraph gateway: ${reason}.`, extensions: { code: 'UNAUTHENTICATED' } }] },
});

describe('a context captured from a real gateway fetch', () => {
  let captured: RecordedRequest;
  let context: string;

  beforeAll(async () => {
    const answer = await askGateway(EXAMPLE_QUERY);
    expect(answer.status).toBe(200);
    captured = proxy.recorded.at(-1)!;
    context = captured.headers[ACCESS_CONTEXT_HEADER] as string;
    expect(context).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  });

  it('is bound to the exact body the gateway sent', () => {
    const claims = JSON.parse(Buffer.from(context.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
    expect(claims).toMatchObject({ aud: 'police', op: operationDigestOf(captured.body), purpose: 'dispute-resolution' });
    expect(typeof claims.jti).toBe('string');
  });

  it('is refused when replayed once more, as it was sent', async () => {
    expect(await direct(system.subgraphs.police.graphqlUrl, context, captured.body)).toEqual(refusal('police', 'access context already used'));
  });

  it('is refused by another agency', async () => {
    expect(await direct(system.subgraphs.court.graphqlUrl, context, captured.body)).toEqual(refusal('court', 'audience not accepted'));
  });
});

describe('a context taken unused (the proxy keeps the fetch and never passes it on)', () => {
  let captured: RecordedRequest;
  let context: string;

  beforeAll(async () => {
    // The case reference is verified (and the verification kept for seconds) before the proxy starts keeping fetches.
    expect((await askGateway(`{ dispute(id: "${EXAMPLE_CASE_REF}") { id } }`)).status).toBe(200);
    proxy.intercept = true;
    try {
      // The dispute from petitions, then one _entities fetch to police for the parties' names: a fetch with variables.
      const answer = await askGateway(`{ dispute(id: "${EXAMPLE_CASE_REF}") { parties { role person { name } } } }`);
      expect(answer.body.errors?.map((error) => error.extensions?.code)).toContain('SUBGRAPH_UNAVAILABLE');
    } finally {
      proxy.intercept = false;
    }
    captured = [...proxy.recorded].reverse().find((request) => request.body.includes('_entities'))!;
    expect(captured).toBeDefined();
    context = captured.headers[ACCESS_CONTEXT_HEADER] as string;
  });

  it('is refused for another query, or for other variables', async () => {
    const police = system.subgraphs.police.graphqlUrl;
    const { query, variables } = JSON.parse(captured.body) as { query: string; variables: Record<string, unknown> };
    const rawPhone = JSON.stringify({ query: `{ person(idNumber: "${WANG}") { name phone registeredAddress } }` });
    expect(await direct(police, context, rawPhone)).toEqual(refusal('police', 'access context not for this operation'));
    const morePeople = JSON.stringify({ query, variables: { representations: [{ __typename: 'Person', idNumber: WANG }] } });
    expect(morePeople).not.toBe(captured.body);
    expect(await direct(police, context, morePeople)).toEqual(refusal('police', 'access context not for this operation'));
    expect(variables).toHaveProperty('representations');
  });

  it('answers only the planned operation, masked as the purpose says, and then never again', async () => {
    const police = system.subgraphs.police.graphqlUrl;
    const planned = await direct(police, context, captured.body);
    expect(planned.status).toBe(200);
    expect(planned.body.data._entities.length).toBeGreaterThan(0);
    for (const entity of planned.body.data._entities) expect(entity.name).toMatch(/^\p{Script=Han}\*+$/u);
    expect(await direct(police, context, captured.body)).toEqual(refusal('police', 'access context already used'));
  });

});

describe('masking at the agency and at the gateway', () => {
  it('a fresh, valid context for a masked field reads the masked value from the agency, not the raw one', async () => {
    const body = JSON.stringify({ query: `{ person(idNumber: "${WANG}") { idNumber name phone birthDate } }` });
    const context = await system.accessContextSigner.sign(
      { user: 'u', username: 'mediator.wang', roles: ['mediator'], purpose: 'dispute-resolution', caseRef: EXAMPLE_CASE_REF, requestId: 'r' },
      'police',
      operationDigestOf(body),
    );
    const answer = await direct(system.subgraphs.police.graphqlUrl, context, body);
    expect(answer.status).toBe(200);
    // the @key stays in clear for the gateway's joins (it masks it in the answer); the rest is masked here
    expect(answer.body.data.person).toEqual({ idNumber: WANG, name: '王**', phone: '***', birthDate: '***' });
  });

  it('through the gateway: masked once as the purpose says, the real subjects audited', async () => {
    const { status, body } = await askGateway(`{ person(idNumber: "${WANG}") { idNumber name birthDate enterprises { name creditCode } } }`);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    // The ID the query names keeps no pseudonym in the answer (it would link the two): withheld.
    expect(body.data.person).toMatchObject({ idNumber: '***', name: '王**', birthDate: '***' });
    expect(body.data.person.enterprises).toContainEqual({ name: '杭州建国建材有限公司', creditCode: '91330110MA2H3K7P6N' });
    expect(body.extensions.privacy.masked).toEqual(
      expect.arrayContaining([
        { path: 'person.idNumber', coordinate: 'Person.idNumber', strategy: 'redact' },
        { path: 'person.name', coordinate: 'Person.name', strategy: 'surname' },
        { path: 'person.birthDate', coordinate: 'Person.birthDate', strategy: 'redact' },
      ]),
    );
    const rows = await system.audit.db.query<{ record: any }>('SELECT record FROM audit_events WHERE id = $1', [body.extensions.privacy.auditRecordId]);
    const subjects = rows[0]!.record.subjects as { type: string; pseudonym: string; display: string }[];
    // the subject marker still carried the real identifiers: the pseudonyms are those of 王建国 and his enterprise
    expect(subjects).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'Person', pseudonym: subjectPseudonym(DEVELOPMENT_AUDIT_SUBJECT_KEY, 'Person', WANG), display: body.data.person.idNumber }),
        expect.objectContaining({ type: 'Enterprise', pseudonym: subjectPseudonym(DEVELOPMENT_AUDIT_SUBJECT_KEY, 'Enterprise', '91330110MA2H3K7P6N') }),
      ]),
    );
  });
});
