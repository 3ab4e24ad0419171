import pg from 'pg';
import { createCheckpointSigner } from '../../audit/checkpoint';
import { generateCheckpointKeyPair } from '../../audit/checkpointKeys';
import { insertCheckpoint } from '../../audit/checkpointStore';
import { createAuditWriter } from '../../audit/writer';
import { createAuditTestDatabase, sampleRecord, type AuditTestDatabase } from './auditTestDatabase';

let audit: AuditTestDatabase;
let client: pg.Client;

beforeAll(async () => {
  audit = await createAuditTestDatabase('appendonly');
  const writer = createAuditWriter({ db: audit.db, chainId: 'gateway-1' });
  await Promise.all([writer.append(sampleRecord()), writer.append(sampleRecord())]);
  await writer.close();
  const signer = createCheckpointSigner(generateCheckpointKeyPair());
  const [head] = await audit.db.query<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1');
  await insertCheckpoint(audit.db, signer.sign('gateway-1', head!));
  client = new pg.Client({ connectionString: audit.url });
  await client.connect();
});

afterAll(async () => {
  await client?.end();
  await audit?.drop();
});

describe.each(['audit_events', 'audit_checkpoints'])('%s is append-only, even for its owner', (table) => {
  it.each([
    ['UPDATE', `UPDATE ${table} SET chain_id = 'elsewhere'`],
    ['DELETE', `DELETE FROM ${table}`],
    ['TRUNCATE', `TRUNCATE ${table}`],
  ])('refuses %s', async (operation, statement) => {
    await expect(client.query(statement)).rejects.toThrow(`${table} is append-only: ${operation} refused`);
  });

  it('still has every row', async () => {
    const { rows } = await client.query<{ count: string }>(`SELECT count(*) FROM ${table}`);
    expect(Number(rows[0]!.count)).toBe(table === 'audit_events' ? 2 : 1);
  });
});

describe('the writer role', () => {
  // Production connects the gateway as a login role in govgraph_audit_writer; SET ROLE tests the same grants.
  const asWriter = async (statement: string, values: unknown[] = []) => {
    await client.query('BEGIN');
    try {
      await client.query('SET LOCAL ROLE govgraph_audit_writer');
      return await client.query(statement, values);
    } finally {
      await client.query('ROLLBACK');
    }
  };

  it("may insert, and read the chain head's position and hash but not the records", async () => {
    await expect(asWriter('SELECT chain_id, seq, hash FROM audit_events')).resolves.toMatchObject({ rowCount: 2 });
    await expect(asWriter('SELECT record FROM audit_events')).rejects.toThrow(/permission denied/);
    await expect(
      asWriter(
        `INSERT INTO audit_checkpoints (chain_id, seq, hash, signed_at, key_id, signature) VALUES ('gateway-1', 2, $1, now(), 'k', 's')`,
        ['0'.repeat(64)],
      ),
    ).resolves.toMatchObject({ rowCount: 1 });
  });

  it.each([
    ['UPDATE', 'UPDATE audit_events SET hash = hash'],
    ['DELETE', 'DELETE FROM audit_events'],
    ['TRUNCATE', 'TRUNCATE audit_events'],
    ['DISABLE TRIGGER', 'ALTER TABLE audit_events DISABLE TRIGGER ALL'],
    ['DROP', 'DROP TABLE audit_events'],
  ])('may not %s', async (_, statement) => {
    await expect(asWriter(statement)).rejects.toThrow(/permission denied|must be owner/);
  });
});
