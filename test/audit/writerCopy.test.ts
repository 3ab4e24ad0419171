import { hashCanonical } from '../../audit/chain';
import { canonicalJson } from '../../audit/canonicalJson';
import { AuditChainConflictError } from '../../audit/errors';
import type { AuditRecord, AuditRecordInput } from '../../audit/record';
import { verifyAuditLog } from '../../audit/verify';
import { createAuditWriter, type AuditWriter } from '../../audit/writer';
import { copyIn } from '../../subgraphs/kit/copyIn';
import { createAuditTestDatabase, sampleRecord, type AuditTestDatabase } from './auditTestDatabase';

/**
 * The writer's batches go in by COPY, whose text format gives backslash, tab and newline meanings of
 * their own (and `\N` is NULL, `\.` the end of data): whatever a client puts in its variables must come
 * back as it was appended, hash included, and the refused COPY of a chain conflict must not cost a connection.
 */

let audit: AuditTestDatabase;
const open: AuditWriter[] = [];

function writer(chainId: string, options: Partial<Parameters<typeof createAuditWriter>[0]> = {}) {
  const errors: Error[] = [];
  const created = createAuditWriter({ db: audit.db, chainId, onError: (error) => errors.push(error), ...options });
  open.push(created);
  return Object.assign(created, { errors });
}

async function stored(chainId: string) {
  return audit.db.query<{ seq: number; record: AuditRecord; prev_hash: string; hash: string }>(
    'SELECT seq, record, prev_hash, hash FROM audit_events WHERE chain_id = $1 ORDER BY seq',
    [chainId],
  );
}

/** Strings that mean something to COPY's text format, to JSON, or to both. */
const HOSTILE = [
  '\\',
  '\\\\',
  '\\N',
  '\\.',
  '\\.\n',
  'a\tb\nc\rd',
  '\\t\\n',
  '"quoted" \\"escaped\\"',
  '\u0001\u001f\u007f',
  '王建国 🙂 \u2028\u2029',
  '\\x41',
  'end\\',
];

function hostileRecord(): AuditRecordInput {
  return sampleRecord({
    variables: Object.fromEntries(HOSTILE.map((text, index) => [`v${index}\\\t${text}`, text])),
    operation: { name: 'q\\N', type: 'query', documentHash: 'a'.repeat(64), document: `query q { x(s: "${HOSTILE.join('')}") }` },
  });
}

beforeAll(async () => {
  audit = await createAuditTestDatabase('writercopy');
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((w) => w.close()));
});

afterAll(async () => {
  await audit?.drop();
});

describe('audit writer, COPY', () => {
  it('stores text that COPY would otherwise read as escapes, NULL or end of data exactly as appended, and the chain verifies', async () => {
    const w = writer('hostile');
    const inputs = Array.from({ length: 5 }, hostileRecord);
    // Together, so they go in one COPY, and one by one, so each is a COPY of its own.
    const together = await Promise.all(inputs.slice(0, 3).map((input) => w.append(input)));
    const alone = [await w.append(inputs[3]!), await w.append(inputs[4]!)];
    const appended = [...together, ...alone];

    const rows = await stored('hostile');
    expect(rows).toHaveLength(5);
    rows.forEach((row, index) => {
      const input = inputs[index]!;
      expect(row.record).toEqual({ ...input, chainId: 'hostile', seq: index + 1 });
      expect(row.record.variables).toEqual(Object.fromEntries(HOSTILE.map((text, k) => [`v${k}\\\t${text}`, text])));
      expect(row.hash).toBe(hashCanonical(row.prev_hash, canonicalJson(row.record)));
      expect(row.hash).toBe(appended[index]!.hash);
    });
    expect(await verifyAuditLog(audit.db, { chainIds: ['hostile'] })).toMatchObject({ intact: true, chains: [{ records: 5 }] });
  });

  it('stores the same records by COPY as by the INSERT it replaced', async () => {
    const inputs = Array.from({ length: 20 }, hostileRecord);
    const byCopy = writer('same-copy');
    const byInsert = writer('same-insert', { batchStatement: 'insert' });
    await Promise.all(inputs.map((input) => byCopy.append(input)));
    await Promise.all(inputs.map((input) => byInsert.append({ ...input, id: input.id.replace(/^.{8}/, 'ffffffff') })));

    const copied = await stored('same-copy');
    const inserted = await stored('same-insert');
    expect(copied).toHaveLength(20);
    copied.forEach((row, index) => {
      const other = inserted[index]!;
      expect({ ...row.record, chainId: null, id: null }).toEqual({ ...other.record, chainId: null, id: null });
    });
    expect((await verifyAuditLog(audit.db, { chainIds: ['same-copy', 'same-insert'] })).intact).toBe(true);
  });

  it('survives refused COPYs: a chain conflict fails its batch each time, and the pool still has its connections', async () => {
    const a = writer('contested');
    await a.append(sampleRecord());
    // More conflicts than the pool has connections (4): a connection kept by a refused COPY would starve the next append.
    for (let round = 0; round < 6; round += 1) {
      await writer('contested').append(sampleRecord()); // another writer moves the head; a's next batch takes a seq already there
      const refused = a.append(sampleRecord());
      await expect(refused).rejects.toMatchObject({ code: 'AUDIT_UNAVAILABLE', cause: expect.any(AuditChainConflictError) });
      expect((await a.append(sampleRecord())).seq).toBe(3 + round * 2);
    }
    expect(a.errors).toHaveLength(6);
    expect(audit.db.pool.totalCount).toBeLessThanOrEqual(4);
    expect(await verifyAuditLog(audit.db, { chainIds: ['contested'] })).toMatchObject({ intact: true, chains: [{ records: 13 }] });
  });

  it('chains COPYs on batches in flight (two batches out) and the chain verifies', async () => {
    const w = writer('pipelined', { maxBatchesInFlight: 2 });
    await w.append(sampleRecord());
    const appended = await Promise.all(Array.from({ length: 300 }, hostileRecord).map((input) => w.append(input)));
    expect(appended.map((record) => record.seq).sort((x, y) => x - y)).toEqual(Array.from({ length: 300 }, (_, index) => index + 2));
    expect(await verifyAuditLog(audit.db, { chainIds: ['pipelined'] })).toMatchObject({ intact: true, chains: [{ records: 301 }] });
  });
});

describe('copyIn: the data goes with the statement, in one round trip', () => {
  /** On one connection: a COPY refused before it reads (no such table), one refused mid-data (not a uuid), and the connection still answers. */
  it('leaves the connection usable after a COPY refused before or while reading its data', async () => {
    const client = await audit.db.pool.connect();
    try {
      await expect(copyIn(client, 'COPY no_such_table (x) FROM STDIN', 'a\nb\n')).rejects.toMatchObject({ code: '42P01' });
      expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      const row = (seq: number, id: string) => `broken\t${seq}\t${id}\t{}\t${'0'.repeat(64)}\t${'1'.repeat(64)}\n`;
      const good = '00000000-0000-4000-8000-000000000001';
      await expect(copyIn(client, 'COPY audit_events (chain_id, seq, id, record, prev_hash, hash) FROM STDIN', row(1, good) + row(2, 'not-a-uuid'))).rejects.toMatchObject({ code: '22P02' });
      // Nothing of the refused COPY landed (it is one statement), and the connection takes the next one.
      expect((await client.query("SELECT count(*)::int AS n FROM audit_events WHERE chain_id = 'broken'")).rows).toEqual([{ n: 0 }]);
      await copyIn(client, 'COPY audit_events (chain_id, seq, id, record, prev_hash, hash) FROM STDIN', row(1, good));
      expect((await client.query("SELECT count(*)::int AS n FROM audit_events WHERE chain_id = 'broken'")).rows).toEqual([{ n: 1 }]);
      // BEGIN in the same message (a chained batch): the COPY is inside the transaction, and a ROLLBACK takes it back.
      await copyIn(client, 'BEGIN; COPY audit_events (chain_id, seq, id, record, prev_hash, hash) FROM STDIN', row(2, '00000000-0000-4000-8000-000000000002'));
      await client.query('ROLLBACK');
      expect((await client.query("SELECT count(*)::int AS n FROM audit_events WHERE chain_id = 'broken'")).rows).toEqual([{ n: 1 }]);
    } finally {
      client.release();
    }
  });
});
