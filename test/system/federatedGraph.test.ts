import { loadSupergraphSdl } from '../../gateway/supergraph';
import { dropDatabase } from '../../runtime/databases';
import { startSystem, type RunningSystem } from '../../runtime/system';
import { EXAMPLE_QUERY } from '../../runtime/banner';
import { AGENCIES } from '../../subgraphs/agencies';
import { testServerUrl } from '../support/agencyDatabases';

/**
 * The whole system as `npm start` runs it — seeded databases, five subgraphs, the gateway — on the
 * test PostgreSQL server, through real HTTP.
 */
const WANG = '330110197803150018';
const prefix = `gg_system_${process.pid}`;
let system: RunningSystem;

async function post(query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(system.gateway.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  return { status: response.status, text, body: JSON.parse(text) as { data?: any; errors?: any[] } };
}

beforeAll(async () => {
  system = await startSystem({
    serverUrl: testServerUrl(),
    databasePrefix: prefix,
    seedPersons: 300,
    host: '127.0.0.1',
    gatewayPort: 0,
    subgraphPorts: { police: 0, court: 0, petitions: 0, market: 0, bank: 0 },
    subgraphTimeoutMs: 5_000,
    supergraphSdl: loadSupergraphSdl(),
    log: () => undefined,
  });
}, 120_000);

afterAll(async () => {
  await system?.stop();
  await Promise.all(AGENCIES.map((agency) => dropDatabase(testServerUrl(), `${prefix}_${agency}`)));
});

describe('the federated graph', () => {
  it("answers the README's query for 王建国 with data joined from all five agencies", async () => {
    const { status, body } = await post(EXAMPLE_QUERY);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const person = body.data.person;
    expect(person.name).toBe('王建国'); // police
    expect(person.enterprises).toContainEqual({ name: '杭州建国建材有限公司', creditCode: '91330110MA2H3K7P6N' }); // market
    expect(person.petitions.map((petition: { category: string }) => petition.category)).toContain('劳动争议'); // petitions
    expect(person.cases.length).toBeGreaterThan(0); // court
    expect(person.incidents.map((incident: { category: string }) => incident.category)).toContain('纠纷'); // police
    expect(person.accounts.length).toBeGreaterThan(0); // bank
  });

  it('follows references across agencies: a fraud case, its payee account and that account holder', async () => {
    const { body } = await post(`{
      person(idNumber: "330110198507220020") {
        name
        fraudCasesAsVictim { lossAmount payeeAccounts { accountNumber status holder { ... on Person { idNumber name } } } }
      }
    }`);
    expect(body.errors).toBeUndefined();
    const accounts = body.data.person.fraudCasesAsVictim.flatMap((fraudCase: any) => fraudCase.payeeAccounts);
    expect(accounts).toContainEqual({
      accountNumber: '6222021203001234565',
      status: 'FROZEN',
      holder: { idNumber: '331004199001010133', name: '张伟' },
    });
  });

  it('serves /healthz and /readyz', async () => {
    expect((await fetch(`${system.gateway.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${system.gateway.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as { subgraphs: string[] }).subgraphs.sort()).toEqual([...AGENCIES].sort());
  });

  it('rejects a malformed query with GRAPHQL_PARSE_FAILED and no internals', async () => {
    const { status, body, text } = await post('{ person(idNumber: ');
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions).toEqual({ code: 'GRAPHQL_PARSE_FAILED' });
    expect(text).not.toMatch(/at .*\.(ts|js)|node_modules/);
  });

  it('when one agency is down, still answers with the others\' data and names the missing agency', async () => {
    const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    await system.subgraphs.bank.close();
    try {
      const { status, body, text } = await post(`{ person(idNumber: "${WANG}") { name accounts { accountNumber } } }`);
      expect(status).toBe(200);
      expect(body.data.person.name).toBe('王建国');
      expect(body.errors).toHaveLength(1);
      expect(body.errors?.[0]).toMatchObject({ extensions: { code: 'SUBGRAPH_UNAVAILABLE', service: 'bank' } });
      expect(text).not.toMatch(/127\.0\.0\.1|localhost|ECONNREFUSED/);
    } finally {
      logged.mockRestore();
    }
  });
});
