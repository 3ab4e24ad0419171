import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { auditDatabaseName, openAuditDatabase } from '../../audit/database';
import type { AuditRecordInput } from '../../audit/record';
import { auditWitnessDatabaseName, openAuditWitnessDatabase } from '../../audit/witnessDatabase';
import { databaseUrl, dropDatabase } from '../../runtime/databases';
import type { Database } from '../../subgraphs/kit/database';
import { testServerUrl } from '../support/agencyDatabases';

export interface AuditTestDatabase {
  db: Database;
  /** The database's URL (the test server's superuser). */
  url: string;
  drop(): Promise<void>;
}

/** A fresh, migrated audit database `gg_<label>_<random>_audit` on the test server; `drop()` removes it. */
export async function createAuditTestDatabase(label: string): Promise<AuditTestDatabase> {
  const server = testServerUrl();
  const prefix = `gg_${label}_${randomBytes(3).toString('hex')}`;
  const db = await openAuditDatabase({ serverUrl: server, prefix, onError: () => undefined });
  return {
    db,
    url: databaseUrl(server, auditDatabaseName(prefix)),
    drop: async () => {
      await db.close();
      await dropDatabase(server, auditDatabaseName(prefix));
    },
  };
}

/** A fresh, migrated checkpoint witness `<prefix>_audit_witness` (the audit database's prefix when given, so one prefix names both). */
export async function createWitnessTestDatabase(label: string, prefix = `gg_${label}_${randomBytes(3).toString('hex')}`): Promise<AuditTestDatabase> {
  const server = testServerUrl();
  const db = await openAuditWitnessDatabase({ serverUrl: server, prefix, onError: () => undefined });
  return {
    db,
    url: databaseUrl(server, auditWitnessDatabaseName(prefix)),
    drop: async () => {
      await db.close();
      await dropDatabase(server, auditWitnessDatabaseName(prefix));
    },
  };
}

/** Runs statements as the superuser with the append-only triggers of audit_events off: what an attacker with full access can do. */
export async function tamper(url: string, statements: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query('ALTER TABLE audit_events DISABLE TRIGGER ALL');
    await client.query('ALTER TABLE audit_checkpoints DISABLE TRIGGER ALL');
    await statements(client);
    await client.query('ALTER TABLE audit_events ENABLE TRIGGER ALL');
    await client.query('ALTER TABLE audit_checkpoints ENABLE TRIGGER ALL');
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

let counter = 0;

/** A valid record as the gateway would write it: 王建国 looked up for a dispute. */
export function sampleRecord(overrides: Partial<AuditRecordInput> = {}): AuditRecordInput {
  counter += 1;
  return {
    v: 2,
    id: randomUUID(),
    time: new Date(Date.UTC(2025, 5, 30, 8, 0, 0, counter)).toISOString(),
    requestId: `req-${counter}`,
    user: { subject: 'f3a1c2d4-0000-4000-8000-000000000001', username: 'mediator.wang', agency: 'petitions', district: '330110', roles: ['mediator'] },
    client: 'cockpit',
    purpose: 'dispute-resolution',
    legalBasis: ['PIPL art. 13(3)'],
    caseRef: 'D-2025-0001',
    operation: {
      name: 'PersonDisputes',
      type: 'query',
      documentHash: 'a'.repeat(64),
      document: 'query PersonDisputes($id: ID!) { person(idNumber: $id) { name disputes { module } } }',
    },
    variables: { id: 'p:5f0c9d' },
    fields: [
      { coordinate: 'Query.person', effect: 'allow' },
      { coordinate: 'Person.name', effect: 'mask', strategy: 'surname' },
    ],
    subgraphs: ['police', 'petitions'],
    subjects: [{ type: 'Person', pseudonym: '0123456789abcdef0123456789abcdef', display: '330110********0018' }],
    subjectPseudonyms: ['0123456789abcdef0123456789abcdef'],
    outcome: 'allowed',
    errorCodes: [],
    latencyMs: 42,
    responseBytes: 512,
    policyRevision: 'test-revision',
    unrecordable: [],
    ...overrides,
  };
}
