import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createCheckpointSigner } from '../../audit/checkpoint';
import { generateCheckpointKeyPair } from '../../audit/checkpointKeys';
import { openAuditDatabase } from '../../audit/database';
import { verifyAuditLog } from '../../audit/verify';
import { createCheckpointWitness } from '../../audit/witness';
import { openAuditWitnessDatabase } from '../../audit/witnessDatabase';
import { createAuditWriter } from '../../audit/writer';
import { openBudgetDatabase } from '../../gateway/budgets/budgetDatabase';
import { createBudgetStore } from '../../gateway/budgets/budgetStore';
import { openRegistryDatabase } from '../../registry/registryDatabase';
import { loadRecordedOperations } from '../../registry/checks/recordedOperations';
import { createRegistry } from '../../registry/registry';
import { seedRegistry } from '../../registry/seedRegistry';
import { openAgencyDatabase } from '../../runtime/agencyDatabase';
import {
  agencyRoleName,
  auditReaderRoleName,
  databaseRolePlan,
  gatewayRoleName,
  ROLE_PASSWORD_VARIABLES,
  type ProvisionedDatabase,
} from '../../runtime/databaseRoles';
import { databaseUrl, dropDatabase } from '../../runtime/databases';
import { provisionDatabaseRoles, requiredPasswords, RoleProvisioningError } from '../../runtime/provisionRoles';
import { openDatabase, type Database } from '../../subgraphs/kit/database';
import { sampleRecord } from '../audit/auditTestDatabase';
import { testServerUrl } from '../support/agencyDatabases';

/**
 * Least privilege as deployed, against the real server: each service's LOGIN role reaches its own
 * database only and does there only what the service needs. Roles are server-wide, so this file's
 * are named after its own random prefix and dropped at the end.
 */

const server = testServerUrl();
const prefix = `gg_roles_${randomBytes(3).toString('hex')}`;
const DATABASES: ProvisionedDatabase[] = ['police', 'court', 'audit', 'witness', 'budgets', 'registry'];
const nameOf = (database: ProvisionedDatabase) => databaseRolePlan(database, prefix).databaseName;
const passwords = new Map(ROLE_PASSWORD_VARIABLES.map((variable) => [variable, randomBytes(16).toString('hex')]));
const targets = DATABASES.map((database) => ({ database, ownerUrl: databaseUrl(server, nameOf(database)) }));
const ROLES = [agencyRoleName('police', prefix), agencyRoleName('court', prefix), gatewayRoleName(prefix), auditReaderRoleName(prefix)];

/** A URL for `role` on database `database` of the test server. */
function urlAs(role: string, database: ProvisionedDatabase, password = 'unused'): string {
  const url = new URL(databaseUrl(server, nameOf(database)));
  url.username = role;
  url.password = password;
  return url.toString();
}

/** Runs one statement as `role` on `database`, on a connection of its own. */
async function asRole(role: string, database: ProvisionedDatabase, statement: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: urlAs(role, database) });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await client.query(statement);
  } finally {
    await client.end();
  }
}

const opened: Database[] = [];
function openAs(role: string, database: ProvisionedDatabase): Database {
  const db = openDatabase({ connectionString: urlAs(role, database), name: role, onError: () => undefined });
  opened.push(db);
  return db;
}

beforeAll(async () => {
  // `npm run migrate` as the owner (the test server's superuser)…
  for (const agency of ['police', 'court'] as const) await (await openAgencyDatabase(agency, { serverUrl: server, prefix, onError: () => undefined })).close();
  await (await openAuditDatabase({ serverUrl: server, prefix, onError: () => undefined })).close();
  await (await openAuditWitnessDatabase({ serverUrl: server, prefix, onError: () => undefined })).close();
  await (await openBudgetDatabase({ serverUrl: server, prefix, onError: () => undefined })).close();
  const registryDb = await openRegistryDatabase({ serverUrl: server, prefix, onError: () => undefined });
  await seedRegistry(registryDb);
  await registryDb.close();
  // …then the roles, twice: provisioning converges instead of failing on what exists.
  await provisionDatabaseRoles(targets, prefix, passwords);
  await provisionDatabaseRoles(targets, prefix, passwords);
});

afterAll(async () => {
  await Promise.all(opened.map((db) => db.close().catch(() => undefined)));
  await Promise.all(DATABASES.map((database) => dropDatabase(server, nameOf(database))));
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  try {
    for (const role of ROLES) await client.query(`DROP ROLE IF EXISTS ${client.escapeIdentifier(role)}`);
  } finally {
    await client.end();
  }
});

describe('the roles made', () => {
  it('log in and can do nothing by themselves: no superuser, no CREATEDB or CREATEROLE, no replication; they own nothing', async () => {
    const { rows } = await asRole('postgres', 'police', `
      SELECT r.rolname, r.rolcanlogin, r.rolsuper, r.rolcreatedb, r.rolcreaterole, r.rolreplication, r.rolbypassrls,
             left(a.rolpassword, 14) AS password,
             (SELECT count(*) FROM pg_class c WHERE c.relowner = r.oid)::int AS owns
      FROM pg_roles r JOIN pg_authid a ON a.oid = r.oid WHERE r.rolname LIKE '${prefix}%' ORDER BY r.rolname`);
    expect(rows.map((row) => row.rolname)).toEqual([...ROLES].sort());
    for (const row of rows) {
      expect(row).toMatchObject({ rolcanlogin: true, rolsuper: false, rolcreatedb: false, rolcreaterole: false, rolreplication: false, rolbypassrls: false, owns: 0 });
      // The server stores (and was sent) a SCRAM verifier, never the password.
      expect(row.password).toBe('SCRAM-SHA-256$');
    }
  });

  it('needs every password before it changes anything, and names the missing variables', () => {
    expect(() => requiredPasswords(targets, prefix, { POLICE_DB_PASSWORD: 'x'.repeat(32) })).toThrow(RoleProvisioningError);
    expect(() => requiredPasswords(targets, prefix, {})).toThrow(/POLICE_DB_PASSWORD, COURT_DB_PASSWORD, GATEWAY_DB_PASSWORD, AUDIT_READER_DB_PASSWORD/);
  });
});

describe('an agency role', () => {
  const police = agencyRoleName('police', prefix);

  it('reads its own tables', async () => {
    await expect(asRole(police, 'police', 'SELECT count(*) FROM persons')).resolves.toMatchObject({ rowCount: 1 });
    await expect(asRole(police, 'police', 'SELECT * FROM incidents JOIN incident_persons ON true LIMIT 1')).resolves.toBeDefined();
  });

  it.each([
    ['INSERT', `INSERT INTO persons (id_number) VALUES ('x')`],
    ['UPDATE', `UPDATE persons SET id_number = id_number`],
    ['DELETE', 'DELETE FROM persons'],
    ['TRUNCATE', 'TRUNCATE persons'],
    ['CREATE TABLE', 'CREATE TABLE mine (x int)'],
    ['CREATE TEMP TABLE', 'CREATE TEMP TABLE mine (x int)'],
    ['DROP', 'DROP TABLE persons'],
    ['read the migrations', 'SELECT * FROM schema_migrations'],
  ])('may not %s', async (_, statement) => {
    await expect(asRole(police, 'police', statement)).rejects.toThrow(/permission denied|must be owner/);
  });

  it.each(['court', 'audit', 'witness'] as const)('cannot even connect to %s', async (other) => {
    await expect(asRole(police, other, 'SELECT 1')).rejects.toMatchObject({ code: '42501' });
  });
});

describe("the gateway's audit role", () => {
  const gateway = gatewayRoleName(prefix);

  it('appends, checkpoints and witnesses through the real writer, and the chain verifies', async () => {
    const auditDb = openAs(gateway, 'audit');
    const witnessDb = openAs(gateway, 'witness');
    const key = generateCheckpointKeyPair();
    const errors: Error[] = [];
    const writer = createAuditWriter({
      db: auditDb,
      chainId: 'gateway-roles',
      checkpoint: { signer: createCheckpointSigner(key), everyRecords: 3, everyMs: 3_600_000 },
      witness: createCheckpointWitness({ auditDb, witnessDb }),
      onError: (error) => errors.push(error),
    });
    for (let index = 0; index < 7; index += 1) await writer.append(sampleRecord());
    await writer.close();
    expect(errors).toEqual([]);

    // Verified as the owner, against the witness the gateway wrote to.
    const ownerAudit = openDatabase({ connectionString: databaseUrl(server, nameOf('audit')), name: 'owner', onError: () => undefined });
    const ownerWitness = openDatabase({ connectionString: databaseUrl(server, nameOf('witness')), name: 'owner', onError: () => undefined });
    opened.push(ownerAudit, ownerWitness);
    const report = await verifyAuditLog(ownerAudit, { publicKeys: [key.publicKey], witness: ownerWitness });
    expect(report).toMatchObject({ intact: true, chains: [{ chainId: 'gateway-roles', records: 7, checkpoints: { witnessed: { latestSeq: 7 } } }] });
  });

  it.each([
    ['audit', 'UPDATE audit_events SET hash = hash'],
    ['audit', 'DELETE FROM audit_events'],
    ['audit', 'TRUNCATE audit_events'],
    ['audit', 'UPDATE audit_checkpoints SET hash = hash'],
    ['audit', 'DELETE FROM audit_checkpoints'],
    ['audit', 'TRUNCATE audit_checkpoints'],
    ['audit', 'ALTER TABLE audit_events DISABLE TRIGGER ALL'],
    ['witness', 'UPDATE witness_checkpoints SET hash = hash'],
    ['witness', 'DELETE FROM witness_checkpoints'],
    ['witness', 'TRUNCATE witness_checkpoints'],
    ['witness', 'ALTER TABLE witness_checkpoints DISABLE TRIGGER ALL'],
  ] as const)('is refused on %s: %s', async (database, statement) => {
    await expect(asRole(gateway, database, statement)).rejects.toThrow(/permission denied|must be owner/);
  });

  it("cannot read back the records' content, only the chain head's position and hash", async () => {
    await expect(asRole(gateway, 'audit', `SELECT seq, hash FROM audit_events WHERE chain_id = 'gateway-roles' ORDER BY seq DESC LIMIT 1`)).resolves.toMatchObject({
      rows: [{ seq: '7' }],
    });
    await expect(asRole(gateway, 'audit', 'SELECT record FROM audit_events')).rejects.toThrow(/permission denied/);
    await expect(asRole(gateway, 'audit', 'SELECT * FROM audit_events')).rejects.toThrow(/permission denied/);
    await expect(asRole(gateway, 'witness', 'SELECT signature FROM witness_checkpoints')).rejects.toThrow(/permission denied/);
  });

  it.each(['police', 'court'] as const)('cannot connect to the agency database %s', async (agency) => {
    await expect(asRole(gateway, agency, 'SELECT 1')).rejects.toMatchObject({ code: '42501' });
  });
});

describe("the gateway's budgets role", () => {
  const gateway = gatewayRoleName(prefix);

  it('counts, reads and prunes the extraction budgets, and nothing more', async () => {
    const store = createBudgetStore(openAs(gateway, 'budgets'));
    const owner = { user: 'user-1', purpose: 'litigation-source-governance' };
    await expect(store.chargeSubjects(owner, ['a', 'b'], 3, false)).resolves.toMatchObject({ used: 2, withinBudget: true });
    await expect(store.chargeSubjects(owner, ['c', 'd'], 3, false)).resolves.toMatchObject({ used: 2, withinBudget: false });
    await expect(store.chargeLookups(owner, [{ identifier: 'Person.idNumber', value: 'x' }], 3, false)).resolves.toMatchObject({ used: 1 });
    await store.recordRefusal(owner, 'FORBIDDEN_FIELDS');
    const standing = await store.standing(owner, { subjects: 3, refusals: 5, windowMinutes: 10 });
    expect(standing).toMatchObject({ subjects: { used: 2, withinBudget: true }, refusals: { used: 1, withinBudget: true } });
    await expect(asRole(gateway, 'budgets', 'UPDATE budget_subjects SET subject = subject')).rejects.toThrow(/permission denied/);
    await expect(asRole(gateway, 'budgets', 'TRUNCATE budget_refusals')).rejects.toThrow(/permission denied/);
  });

  it.each([agencyRoleName('police', prefix), auditReaderRoleName(prefix)])('is the only service role that reaches it: %s cannot connect', async (role) => {
    await expect(asRole(role, 'budgets', 'SELECT 1')).rejects.toMatchObject({ code: '42501' });
  });
});

describe("the gateway's registry role", () => {
  const gateway = gatewayRoleName(prefix);

  it('publishes (a version, a supergraph) and records decisions, and changes nothing else', async () => {
    const registry = createRegistry({ db: openAs(gateway, 'registry'), auditReader: openAs(gateway, 'audit') });
    const police = (await asRole(gateway, 'registry', "SELECT sdl FROM subgraph_versions WHERE subgraph = 'police'")).rows[0].sdl as string;
    const published = await registry.publish('police', police.replace('  ethnicity: String!', '  ethnicity: String! @deprecated(reason: "roles")'), undefined, 'roles-test');
    expect(published.accepted).toBe(true);
    expect(published.version.report.findings.map((finding) => finding.message).join('\n')).not.toMatch(/could not be read/);
    await expect(asRole(gateway, 'registry', 'UPDATE subgraph_versions SET sdl = sdl')).rejects.toThrow(/permission denied/);
    await expect(asRole(gateway, 'registry', 'UPDATE subgraph_versions SET report = report')).rejects.toThrow(/permission denied/);
    await expect(asRole(gateway, 'registry', 'DELETE FROM supergraphs')).rejects.toThrow(/permission denied/);
    await expect(asRole(gateway, 'registry', 'UPDATE supergraphs SET supergraph_sdl = supergraph_sdl')).rejects.toThrow(/permission denied/);
    await expect(asRole(gateway, 'registry', 'TRUNCATE subgraph_versions')).rejects.toThrow(/permission denied/);
  });

  it("reads the audit log's recorded operations (documents, purposes, applications) but never who or whom", async () => {
    await expect(loadRecordedOperations(openAs(gateway, 'audit'), new Date(0))).resolves.toMatchObject({ truncated: false });
    await expect(asRole(gateway, 'audit', "SELECT record->'user' FROM audit_events")).rejects.toThrow(/permission denied/);
    await expect(asRole(gateway, 'audit', 'SELECT subjects FROM recorded_operations')).rejects.toThrow(/does not exist/);
  });

  it.each([agencyRoleName('police', prefix), auditReaderRoleName(prefix)])('is the only service role that reaches it: %s cannot connect', async (role) => {
    await expect(asRole(role, 'registry', 'SELECT 1')).rejects.toMatchObject({ code: '42501' });
  });
});

describe("the audit subgraph's reader role", () => {
  const reader = auditReaderRoleName(prefix);

  it('reads the audit log', async () => {
    await expect(asRole(reader, 'audit', 'SELECT record FROM audit_events LIMIT 1')).resolves.toBeDefined();
    await expect(asRole(reader, 'audit', 'SELECT * FROM audit_checkpoints LIMIT 1')).resolves.toBeDefined();
  });

  it.each([
    `INSERT INTO audit_checkpoints (chain_id, seq, hash, signed_at, key_id, signature) VALUES ('x', 1, 'h', now(), 'k', 's')`,
    `INSERT INTO audit_events (chain_id, seq, id, record, prev_hash, hash) VALUES ('x', 1, gen_random_uuid(), '{}', 'p', 'h')`,
    'UPDATE audit_events SET hash = hash',
    'DELETE FROM audit_checkpoints',
    'TRUNCATE audit_events',
    'UPDATE audit_reviews SET note = note',
    'DELETE FROM audit_reviews',
    'TRUNCATE audit_reviews',
  ])('may not write: %s', async (statement) => {
    await expect(asRole(reader, 'audit', statement)).rejects.toThrow(/permission denied/);
  });

  it('appends a review, and only that: INSERT on audit_reviews and its id sequence', async () => {
    const [event] = (await asRole('postgres', 'audit', 'SELECT id::text FROM audit_events LIMIT 1')).rows as { id: string }[];
    expect(event).toBeDefined();
    const inserted = await asRole(
      reader,
      'audit',
      `INSERT INTO audit_reviews (event_id, reviewer, note, request_id) VALUES ('${event!.id}', '{"username":"officer.qian"}', 'checked', 'req-1') RETURNING id`,
    );
    expect(inserted.rowCount).toBe(1);
    await expect(asRole(reader, 'audit', 'SELECT note FROM audit_reviews')).resolves.toMatchObject({ rows: [{ note: 'checked' }] });
    // An id of its own choosing would reorder which review is the latest.
    await expect(
      asRole(reader, 'audit', `INSERT INTO audit_reviews (id, event_id, reviewer, note, request_id) VALUES (1000, '${event!.id}', '{}', 'x', 'r') `),
    ).rejects.toThrow(/cannot insert a non-DEFAULT value into column "id"/);
  });

  it("the gateway's role has nothing on the reviews", async () => {
    await expect(asRole(gatewayRoleName(prefix), 'audit', 'SELECT * FROM audit_reviews')).rejects.toThrow(/permission denied/);
    await expect(
      asRole(gatewayRoleName(prefix), 'audit', `INSERT INTO audit_reviews (event_id, reviewer, note, request_id) VALUES (gen_random_uuid(), '{}', 'x', 'r')`),
    ).rejects.toThrow(/permission denied/);
  });

  it.each(['police', 'witness'] as const)('cannot connect to %s', async (database) => {
    await expect(asRole(reader, database, 'SELECT 1')).rejects.toMatchObject({ code: '42501' });
  });
});
