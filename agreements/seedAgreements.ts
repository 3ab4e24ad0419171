import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_OPERATION_LIMITS, type OperationLimits } from '../gateway/limits/operationLimits';
import { buildPolicyGraph } from '../gateway/policyGraph';
import { GOVGRAPH_REALM, serviceAccountUsername, type RealmDefinition } from '../identity/realm';
import { apiSchemaOf } from '../schema/apiSchema';
import type { Database } from '../subgraphs/kit/database';
import { createAgreementStore } from './agreementStore';
import { operationAgencies } from './operationAgencies';
import { checkSubmission } from './submission';
import { PRIVACY_OFFICER_SEAT, seatAgency, type Actor } from './workflow';

/** One application's request as the seed makes it: examples/catalog.ts's entries have this shape. */
export interface SeedRequest {
  readonly clientId: string;
  readonly purpose: string;
  readonly title: string;
  readonly justification: string;
  /** examples/<name>/operations.graphql: the named operations it runs. */
  readonly operationsFile: string;
}

export interface SeedAgreementsOptions {
  /** The supergraph the decision view is computed over (the one the gateway serves). */
  supergraphSdl: string;
  requests: readonly SeedRequest[];
  realm?: RealmDefinition;
  now?: Date;
  /** The privacy officer who approves the seed's requests. */
  privacyOfficer?: string;
  /** The gateway's operation limits the seed's operations must keep; each one unset keeps its default. */
  limits?: Partial<OperationLimits>;
}

const YEAR_MS = 365 * 86_400_000;

/**
 * On an empty agreements database, each request goes through the workflow as the demo would: submitted
 * by the application's service account, approved by the steward of every agency it reads and by the
 * privacy officer (officer.qian), in force for a year from now. A request the rules refuse (an operation
 * its purpose denies) stops the seed with the reason: the seed is what the README walks through.
 * Returns the agreements made; 0 when the store already holds requests.
 */
export async function seedAgreements(db: Database, options: SeedAgreementsOptions): Promise<number> {
  const store = createAgreementStore(db);
  if (!(await store.isEmpty())) return 0;
  const realm = options.realm ?? GOVGRAPH_REALM;
  const now = options.now ?? new Date();
  const graph = buildPolicyGraph(apiSchemaOf(options.supergraphSdl), options.supergraphSdl);
  const agenciesOf = operationAgencies(options.supergraphSdl);
  const limits: OperationLimits = { ...DEFAULT_OPERATION_LIMITS, ...options.limits };
  const user = (username: string): Actor => {
    const found = realm.users.find((candidate) => candidate.username === username);
    if (!found) throw new Error(`seed: the realm has no user ${username} to approve the seed's requests`);
    return { subject: found.id, username: found.username, roles: found.roles, agency: found.agency, clientId: 'govgraph-console' };
  };
  // Every request is checked before any is stored: a seed refused half-way would leave a store that is not
  // empty, and the rest would never be seeded.
  const checked = options.requests.map((entry) => {
    const account = realm.clients.find((client) => client.clientId === entry.clientId)?.serviceAccount;
    if (!account) throw new Error(`seed: ${entry.clientId} is not an application client with a service account in the realm`);
    const application: Actor = { subject: account.id, username: serviceAccountUsername(entry.clientId), roles: account.roles, agency: account.agency, clientId: entry.clientId };
    try {
      const submission = checkSubmission(
        {
          title: entry.title,
          justification: entry.justification,
          purpose: entry.purpose,
          document: readFileSync(entry.operationsFile, 'utf8'),
          validFrom: now.toISOString(),
          validTo: new Date(now.getTime() + YEAR_MS).toISOString(),
        },
        application,
        graph,
        agenciesOf,
        now,
        limits,
      );
      return { entry, application, submission };
    } catch (error) {
      throw new Error(
        `seed: the example agreement of ${entry.clientId} (${path.relative(process.cwd(), entry.operationsFile)}) cannot be made: ${(error as Error).message} ` +
          'Nothing was seeded. If an operation limit refused it, raise that GRAPHQL_MAX_* variable (README, "Configuration") or start with SEED_PERSONS=0.',
        { cause: error },
      );
    }
  });
  let made = 0;
  for (const { entry, application, submission } of checked) {
    const request = await store.submit(submission, entry.clientId, application);
    let agreement: string | undefined;
    for (const { seat } of request.approvals) {
      const agency = seatAgency(seat);
      const approver = seat === PRIVACY_OFFICER_SEAT ? user(options.privacyOfficer ?? 'officer.qian') : user(`steward.${agency}`);
      const result = await store.decide(request.id, approver, 'APPROVE', 'Seed: the demo agreement of this seed system (README, "Data-sharing agreements").');
      agreement = result.agreement?.id ?? agreement;
    }
    if (!agreement) throw new Error(`seed: the request of ${entry.clientId} made no agreement`);
    made += 1;
  }
  return made;
}
