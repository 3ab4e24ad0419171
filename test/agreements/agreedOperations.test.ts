import { createHash, randomUUID } from 'node:crypto';
import pg from 'pg';
import { agreementsFingerprint, listenForAgreementChanges, loadAgreedOperations } from '../../agreements/agreedOperations';
import { APPLICATIONS } from '../../agreements/applications';
import { GOVGRAPH_REALM } from '../../identity/realm';
import { createAgreementsTestDatabase, type AgreementsTestDatabase } from './agreementsTestDatabase';

let store: AgreementsTestDatabase;
let owner: pg.Client;

const DOCUMENT = 'query DisputeParties($id: ID!) {\n  dispute(id: $id) {\n    id\n  }\n}';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** An agreement as the workflow leaves one (rows written directly: this file tests the tables and the loader). */
async function insertAgreement(validFrom: Date, validTo: Date): Promise<string> {
  const requestId = randomUUID();
  const agreementId = randomUUID();
  await store.db.query(
    `INSERT INTO sharing_requests (id, client_id, title, justification, purpose, legal_basis, valid_from, valid_to, status, submitted_by, decided_at)
     VALUES ($1, 'app-dispute-cockpit', 't', 'j', 'dispute-resolution', ARRAY['《人民调解法》'], $2, $3, 'APPROVED', 'service-account-app-dispute-cockpit', now())`,
    [requestId, validFrom, validTo],
  );
  await store.db.query(
    `INSERT INTO agreements (id, request_id, client_id, purpose, legal_basis, valid_from, valid_to, approvers)
     VALUES ($1, $2, 'app-dispute-cockpit', 'dispute-resolution', ARRAY['《人民调解法》'], $3, $4, ARRAY['steward.petitions', 'officer.qian'])`,
    [agreementId, requestId, validFrom, validTo],
  );
  await store.db.query('INSERT INTO agreement_operations (agreement_id, name, document, document_hash) VALUES ($1, $2, $3, $4)', [
    agreementId,
    'DisputeParties',
    DOCUMENT,
    sha256(DOCUMENT),
  ]);
  await store.db.query(`INSERT INTO agreement_events (actor, action, request_id, agreement_id) VALUES ('officer.qian', 'agreement-made', $1, $2)`, [
    requestId,
    agreementId,
  ]);
  return agreementId;
}

beforeAll(async () => {
  store = await createAgreementsTestDatabase('agreedops');
  owner = new pg.Client({ connectionString: store.url });
  owner.on('error', () => undefined);
  await owner.connect();
});

afterAll(async () => {
  await owner?.end();
  await store?.drop();
});

describe('loadAgreedOperations', () => {
  it('lists every agreement ever made, operation by operation, with its period and revocation as Dates', async () => {
    const from = new Date('2026-01-01T00:00:00.000Z');
    const to = new Date('2027-01-01T00:00:00.000Z');
    const id = await insertAgreement(from, to);
    const operations = await loadAgreedOperations(store.db);
    const mine = operations.filter((operation) => operation.agreementId === id);
    expect(mine).toEqual([
      {
        agreementId: id,
        clientId: 'app-dispute-cockpit',
        purpose: 'dispute-resolution',
        legalBasis: ['《人民调解法》'],
        operationName: 'DisputeParties',
        documentHash: sha256(DOCUMENT),
        document: DOCUMENT,
        validFrom: from,
        validTo: to,
        revokedAt: null,
      },
    ]);
    expect(mine[0]!.validFrom).toBeInstanceOf(Date);

    await owner.query(`UPDATE agreements SET revoked_at = now(), revoked_by = 'officer.qian', revoke_reason = 'test' WHERE id = $1`, [id]);
    const [revoked] = (await loadAgreedOperations(store.db)).filter((operation) => operation.agreementId === id);
    expect(revoked!.revokedAt).toBeInstanceOf(Date);
    expect(Math.abs(revoked!.revokedAt!.getTime() - Date.now())).toBeLessThan(60_000);
  });
});

describe('agreementsFingerprint', () => {
  it('changes with a new agreement and with a revocation, and not with the workflow around them', async () => {
    const before = await agreementsFingerprint(store.db);
    expect(await agreementsFingerprint(store.db)).toBe(before);
    const id = await insertAgreement(new Date(Date.now() - 86_400_000), new Date(Date.now() + 86_400_000));
    const made = await agreementsFingerprint(store.db);
    expect(made).not.toBe(before);
    // A request waiting for its stewards changes nothing the gateway loads: no reload for it.
    await store.db.query(
      `INSERT INTO sharing_requests (id, client_id, title, justification, purpose, legal_basis, valid_from, valid_to, submitted_by)
       VALUES ($1, 'app-dispute-cockpit', 't', 'j', 'dispute-resolution', '{}', now(), now() + interval '1 day', 'service-account-app-dispute-cockpit')`,
      [randomUUID()],
    );
    expect(await agreementsFingerprint(store.db)).toBe(made);
    await store.db.query(`UPDATE agreements SET revoked_at = now(), revoked_by = 'officer.qian', revoke_reason = 'r' WHERE id = $1`, [id]);
    expect(await agreementsFingerprint(store.db)).not.toBe(made);
  });
});

describe('listenForAgreementChanges', () => {
  it('is told of a new agreement and of a revocation, and hears nothing once stopped', async () => {
    let changes = 0;
    let notified: () => void = () => undefined;
    const next = () =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no NOTIFY within 5 s')), 5_000);
        notified = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    const stop = await listenForAgreementChanges(store.db, () => {
      changes += 1;
      notified();
    });
    const made = next();
    const id = await insertAgreement(new Date(), new Date(Date.now() + 86_400_000));
    await made;

    const revoked = next();
    const before = changes;
    await store.db.query(`UPDATE agreements SET revoked_at = now(), revoked_by = 'officer.qian', revoke_reason = 'misuse' WHERE id = $1`, [id]);
    await revoked;
    expect(changes).toBeGreaterThan(before);

    await stop();
    const after = changes;
    await insertAgreement(new Date(), new Date(Date.now() + 86_400_000));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(changes).toBe(after);
  });

  it('listens again after its connection is killed, and reports the change it may have missed', async () => {
    let changes = 0;
    const errors: Error[] = [];
    const stop = await listenForAgreementChanges(store.db, () => (changes += 1), { reconnectDelayMs: 50, onError: (error) => errors.push(error) });
    try {
      await owner.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = 'LISTEN govgraph_agreements' AND pid <> pg_backend_pid()`);
      await waitFor(() => errors.length > 0 && changes > 0);
      const before = changes;
      await insertAgreement(new Date(), new Date(Date.now() + 86_400_000));
      await waitFor(() => changes > before);
    } finally {
      await stop();
    }
  });
});

describe('what the tables refuse, even to their owner', () => {
  it.each([
    ['UPDATE', `UPDATE agreement_events SET actor = 'someone else'`],
    ['DELETE', 'DELETE FROM agreement_events'],
    ['TRUNCATE', 'TRUNCATE agreement_events'],
  ])('the event log refuses %s', async (operation, statement) => {
    await expect(owner.query(statement)).rejects.toThrow(`agreement_events is append-only: ${operation} refused`);
  });

  it.each([
    ['UPDATE', `UPDATE agreement_operations SET document = 'query Other { __typename }'`],
    ['DELETE', 'DELETE FROM agreement_operations'],
  ])("an agreement's operations refuse %s", async (operation, statement) => {
    await expect(owner.query(statement)).rejects.toThrow(`agreement_operations is append-only: ${operation} refused`);
  });

  it("an agreement's terms do not change, it is never deleted, and a revoked one stays revoked", async () => {
    const id = await insertAgreement(new Date(), new Date(Date.now() + 86_400_000));
    await expect(owner.query(`UPDATE agreements SET valid_to = valid_to + interval '1 year' WHERE id = $1`, [id])).rejects.toThrow(/terms do not change/);
    await expect(owner.query(`UPDATE agreements SET purpose = 'fraud-investigation' WHERE id = $1`, [id])).rejects.toThrow(/terms do not change/);
    await expect(owner.query('DELETE FROM agreements WHERE id = $1', [id])).rejects.toThrow(/never deleted/);
    await owner.query(`UPDATE agreements SET revoked_at = now(), revoked_by = 'officer.qian', revoke_reason = 'r' WHERE id = $1`, [id]);
    await expect(owner.query('UPDATE agreements SET revoked_at = NULL, revoked_by = NULL WHERE id = $1', [id])).rejects.toThrow(/is revoked/);
  });

  it('the keeper role (the gateway) reads, appends and moves the workflow along, and deletes nothing', async () => {
    const asKeeper = async (statement: string) => {
      await owner.query('BEGIN');
      try {
        await owner.query('SET LOCAL ROLE govgraph_agreements_keeper');
        return await owner.query(statement);
      } finally {
        await owner.query('ROLLBACK');
      }
    };
    await expect(asKeeper('SELECT count(*) FROM agreements')).resolves.toMatchObject({ rowCount: 1 });
    await expect(asKeeper(`INSERT INTO agreement_events (actor, action) VALUES ('x', 'y')`)).resolves.toMatchObject({ rowCount: 1 });
    await expect(asKeeper('DELETE FROM sharing_requests')).rejects.toThrow(/permission denied/);
    await expect(asKeeper('DELETE FROM approvals')).rejects.toThrow(/permission denied/);
    await expect(asKeeper('UPDATE requested_operations SET document = document')).rejects.toThrow(/permission denied/);
    await expect(asKeeper('TRUNCATE applications')).rejects.toThrow(/permission denied/);
  });
});

describe('applications', () => {
  it('holds the five application clients with their seed systems and owning units', async () => {
    const rows = await store.db.query<{ client_id: string; seed_system: string; owning_unit: string }>(
      'SELECT client_id, seed_system, owning_unit FROM applications ORDER BY client_id',
    );
    expect(rows.map((row) => row.client_id)).toEqual(['app-anti-fraud', 'app-dispute-cockpit', 'app-litigation-source', 'app-precursor', 'app-risk-card']);
    expect(rows.every((row) => row.seed_system.length > 0 && row.owning_unit.length > 0)).toBe(true);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the application list', () => {
  it('is exactly the realm’s application clients (confidential, with a service account), under the realm’s names', () => {
    const realmApplications = GOVGRAPH_REALM.clients.filter((client) => client.clientId.startsWith('app-'));
    expect(APPLICATIONS.map((application) => application.clientId).sort()).toEqual(realmApplications.map((client) => client.clientId).sort());
    for (const application of APPLICATIONS) {
      const client = realmApplications.find((candidate) => candidate.clientId === application.clientId)!;
      expect(client).toMatchObject({ kind: 'confidential', clientCredentials: true, serviceAccount: expect.any(Object) });
      expect(application.seedSystem).toBe(client.name);
      expect(application.contacts.length).toBeGreaterThan(0);
    }
  });
});
