import { randomUUID } from 'node:crypto';
import { parse } from 'graphql';
import { canonicalJson } from '../../audit/canonicalJson';
import { auditRecordInputSchema } from '../../audit/record';
import { buildAuditRecord, fallbackAuditRecord, type OperationFacts } from '../../gateway/audit/auditRecord';
import { REASONS } from '../../gateway/audit/recordedValues';

/**
 * The record builder is total: whatever a request held, the writer accepts what it builds (its schema and
 * canonical JSON, which jsonb stores unchanged), and no ID number survives in it.
 */
const settings = { subjectKey: 'k'.repeat(32), policyRevision: 'test' };
const WANG = '330110197803150018';

function facts(overrides: Partial<OperationFacts> = {}): OperationFacts {
  return { id: randomUUID(), time: new Date(), requestId: 'r-1', errorCodes: [], hasData: true, latencyMs: 1.5, responseBytes: 10, ...overrides };
}

function accepted(record: unknown): string {
  expect(auditRecordInputSchema.safeParse(record).success).toBe(true);
  return canonicalJson(record);
}

// A small deterministic generator of hostile JSON-ish values.
function* hostileValues(seed: number): Generator<unknown> {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const atoms = [2 ** 53, -(2 ** 63), Infinity, -Infinity, -0, 0.1, Number(WANG), WANG, '\u0000', '\ud800', '\udc00', '\u202e', '', true, null, undefined];
  const build = (depth: number): unknown => {
    const roll = next();
    if (depth > 40 || roll < 0.4) return atoms[Math.floor(next() * atoms.length)];
    if (roll < 0.7) return Array.from({ length: Math.floor(next() * 4) }, () => build(depth + 1));
    return Object.fromEntries(Array.from({ length: Math.floor(next() * 4) }, () => [String(atoms[Math.floor(next() * atoms.length)]), build(depth + 1)]));
  };
  for (let index = 0; index < 300; index += 1) yield build(0);
}

describe('audit record builder', () => {
  it('names the application and the agreement when it has them, and leaves both out for a personal token', () => {
    const bound = buildAuditRecord(facts({ application: 'app-anti-fraud', agreementId: '6f1c2e1a-0000-4000-8000-000000000001' }), settings);
    accepted(bound);
    expect(bound).toMatchObject({ application: 'app-anti-fraud', agreementId: '6f1c2e1a-0000-4000-8000-000000000001' });
    const personal = buildAuditRecord(facts(), settings);
    accepted(personal);
    expect(personal).not.toHaveProperty('application');
    expect(personal).not.toHaveProperty('agreementId');
    // The outline of a record that could not be built still says whose application it was.
    expect(fallbackAuditRecord(facts({ application: 'app-risk-card', agreementId: 'a-1' }), settings, 'test')).toMatchObject({ application: 'app-risk-card', agreementId: 'a-1' });
  });

  it('records the agreement refusals as refusals and AGREEMENTS_UNAVAILABLE as a failure', () => {
    for (const code of ['OPERATION_NOT_AGREED', 'AGREEMENT_EXPIRED', 'AGREEMENT_REVOKED', 'AGREEMENT_NOT_YET_VALID', 'VARIABLES_NOT_AGREED', 'AD_HOC_QUERIES_DISABLED']) {
      expect(buildAuditRecord(facts({ hasData: false, errorCodes: [code] }), settings).outcome).toBe('refused');
    }
    expect(buildAuditRecord(facts({ hasData: false, errorCodes: ['AGREEMENTS_UNAVAILABLE'] }), settings).outcome).toBe('failed');
  });

  it('builds a record the writer accepts from 300 hostile variable values, with no ID number in it', () => {
    for (const value of hostileValues(7)) {
      const text = accepted(buildAuditRecord(facts({ variables: { value } as Record<string, unknown> }), settings));
      expect(text).not.toContain(WANG);
      expect(text).not.toContain('33011019780315');
    }
  });

  it('pseudonymises every literal of the document and keys its hash', () => {
    const document = parse(`{ a: person(idNumber: ${WANG}) { name } b: person(idNumber: "${WANG}") { name } incidents(first: 1.5e3) { totalCount } }`);
    const record = buildAuditRecord(facts({ document }), settings);
    expect(record.operation.document).not.toMatch(/3301|1\.5e3/);
    const pseudonyms = record.operation.document!.match(/~[0-9a-f]{16}/g)!;
    expect(pseudonyms[0]).toBe(pseudonyms[1]);
    const unkeyed = buildAuditRecord(facts({ document }), { ...settings, subjectKey: 'o'.repeat(32) });
    expect(record.operation.documentHash).not.toBe(unkeyed.operation.documentHash);
  });

  it('cuts variables past 32 levels and past 1,000 values, saying so', () => {
    let deep: unknown = 1;
    for (let level = 0; level < 10_000; level += 1) deep = [deep];
    const record = buildAuditRecord(facts({ variables: { deep, many: Array.from({ length: 5_000 }, () => 1) } }), settings);
    accepted(record);
    expect(record.unrecordable).toEqual(
      expect.arrayContaining([
        { path: '$.variables', reason: REASONS.tooDeep },
        { path: '$.variables', reason: REASONS.tooMany },
      ]),
    );
  });

  it('makes text fields storable and notes it: NUL and lone surrogates in a username, an invalid time', () => {
    const identity = { subject: 's\u0000', username: 'x\ud800', roles: ['r'], clientId: 'c' } as unknown as OperationFacts['identity'];
    const record = buildAuditRecord(facts({ identity, time: new Date(Number.NaN) }), settings);
    accepted(record);
    expect(record.user).toMatchObject({ subject: 's\uFFFD', username: 'x\uFFFD' });
    expect(record.unrecordable.map((note) => note.path)).toEqual(['$.time', '$.user.subject', '$.user.username']);
  });

  it('has an outline record for when the full one cannot be built', () => {
    const record = fallbackAuditRecord(facts({ errorCodes: ['INTERNAL_SERVER_ERROR'], hasData: false }), settings, 'because');
    accepted(record);
    expect(record).toMatchObject({ outcome: 'failed', unrecordable: [{ path: '$', reason: 'because' }], variables: {} });
  });
});
