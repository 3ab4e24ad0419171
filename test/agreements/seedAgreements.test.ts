import { seedAgreements } from '../../agreements/seedAgreements';
import { EXAMPLE_APPLICATIONS } from '../../examples/catalog';
import { loadSupergraphSdl } from '../../gateway/supergraph';
import { createAgreementsTestDatabase, type AgreementsTestDatabase } from './agreementsTestDatabase';

/**
 * The demo's agreements, seeded on an empty store: against the operation limits the gateway is configured
 * with (npm start passes them), all of them or none — a seed refused half-way would leave a store that is not
 * empty, and the next start would never seed the rest. Real PostgreSQL.
 */
let store: AgreementsTestDatabase;

beforeEach(async () => {
  store = await createAgreementsTestDatabase('seed');
});

afterEach(() => store.drop());

const count = async (table: string) => Number((await store.db.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`))[0]!.n);

it("refuses the whole seed when one application's operations exceed the configured limits, saying what to change", async () => {
  // The dispute cockpit's operations are the deepest (5): last in the list, the four before it pass the limit.
  const cockpitLast = [...EXAMPLE_APPLICATIONS.filter((entry) => entry.clientId !== 'app-dispute-cockpit'), ...EXAMPLE_APPLICATIONS.filter((entry) => entry.clientId === 'app-dispute-cockpit')];
  expect(cockpitLast).toHaveLength(EXAMPLE_APPLICATIONS.length);
  const refusal = await seedAgreements(store.db, { supergraphSdl: loadSupergraphSdl(), requests: cockpitLast, limits: { maxDepth: 4 } }).catch(
    (error: unknown) => error as Error,
  );
  expect(refusal).toBeInstanceOf(Error);
  expect((refusal as Error).message).toMatch(/^seed: the example agreement of app-dispute-cockpit \(examples\/dispute-cockpit\/operations\.graphql\) cannot be made: /);
  expect((refusal as Error).message).toContain('The gateway would refuse DisputeParties (QUERY_TOO_DEEP: 5, at most 4)');
  expect((refusal as Error).message).toContain('Nothing was seeded. If an operation limit refused it, raise that GRAPHQL_MAX_* variable');
  expect(await count('sharing_requests')).toBe(0);
  expect(await count('agreements')).toBe(0);
  // With the defaults the same store takes every example agreement.
  await expect(seedAgreements(store.db, { supergraphSdl: loadSupergraphSdl(), requests: EXAMPLE_APPLICATIONS })).resolves.toBe(EXAMPLE_APPLICATIONS.length);
  expect(await count('agreements')).toBe(EXAMPLE_APPLICATIONS.length);
});
