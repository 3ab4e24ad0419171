import { agreementStep, type AgreementStepInput } from '../../../gateway/agreements/agreementStep';
import type { AgreedOperationRow } from '../../../gateway/agreements/agreedOperation';
import { checkAgreement, type AgreementRequest } from '../../../gateway/agreements/checkAgreement';
import { buildDirectorySnapshot, sha256Hex } from '../../../gateway/agreements/directorySnapshot';
import { documentIdOf } from '../../../gateway/agreements/trustedDocuments';

const DESK = 'query Desk($id: ID!) { fraudCase(id: $id) { id status } }';
const HASH = sha256Hex(DESK);
const day = 24 * 3600_000;
const now = new Date('2026-06-01T00:00:00.000Z');

function row(overrides: Partial<AgreedOperationRow> = {}): AgreedOperationRow {
  return {
    agreementId: 'agr-1',
    clientId: 'app-anti-fraud',
    purpose: 'fraud-investigation',
    legalBasis: ['反电信网络诈骗法 第二十五条'],
    operationName: 'Desk',
    documentHash: HASH,
    document: DESK,
    validFrom: new Date(now.getTime() - 30 * day),
    validTo: new Date(now.getTime() + 30 * day),
    revokedAt: null,
    ...overrides,
  };
}

function request(overrides: Partial<AgreementRequest> = {}): AgreementRequest {
  return { clientId: 'app-anti-fraud', serviceAccount: true, purpose: 'fraud-investigation', documentHash: HASH, variables: ['id'], now, ...overrides };
}

const codeOf = (result: ReturnType<typeof checkAgreement>) => (result.ok ? 'ok' : result.code);

describe('checkAgreement', () => {
  it('admits the agreed document under its purpose while the agreement is in force, naming the agreement', () => {
    expect(checkAgreement(buildDirectorySnapshot([row()], now), request())).toEqual({
      ok: true,
      agreementId: 'agr-1',
      operationName: 'Desk',
      legalBasis: ['反电信网络诈骗法 第二十五条'],
    });
  });

  it('fails closed without a snapshot', () => {
    expect(codeOf(checkAgreement(undefined, request()))).toBe('AGREEMENTS_UNAVAILABLE');
  });

  it.each([
    ['a changed document (one space more)', request({ documentHash: sha256Hex(`${DESK} `) })],
    ['another application with the same document', request({ clientId: 'app-risk-card' })],
    ['the agreed document under another purpose', request({ purpose: 'precursor-chemical-supervision' })],
    ['another operation name than the agreed one', request({ operationName: 'Other' })],
  ])('refuses %s: OPERATION_NOT_AGREED', (_name, sent) => {
    expect(codeOf(checkAgreement(buildDirectorySnapshot([row()], now), sent))).toBe('OPERATION_NOT_AGREED');
  });

  it('refuses a variable the operation does not declare, naming it', () => {
    const result = checkAgreement(buildDirectorySnapshot([row()], now), request({ variables: ['id', 'first'] }));
    expect(result).toMatchObject({ ok: false, code: 'VARIABLES_NOT_AGREED', agreementId: 'agr-1', details: { variables: ['first'] } });
  });

  it('judges expiry against the request clock: the same snapshot admits before validTo and refuses at it', () => {
    const validTo = new Date(now.getTime() + 1_000);
    const snapshot = buildDirectorySnapshot([row({ validTo })], now);
    expect(codeOf(checkAgreement(snapshot, request({ now: new Date(validTo.getTime() - 1) })))).toBe('ok');
    expect(checkAgreement(snapshot, request({ now: validTo }))).toMatchObject({ ok: false, code: 'AGREEMENT_EXPIRED', agreementId: 'agr-1' });
  });

  it('refuses before validFrom, and from the moment of revocation', () => {
    const later = row({ validFrom: new Date(now.getTime() + day) });
    expect(codeOf(checkAgreement(buildDirectorySnapshot([later], now), request()))).toBe('AGREEMENT_NOT_YET_VALID');
    const revoked = row({ revokedAt: new Date(now.getTime() - 1) });
    expect(codeOf(checkAgreement(buildDirectorySnapshot([revoked], now), request()))).toBe('AGREEMENT_REVOKED');
    const revokedLater = row({ revokedAt: new Date(now.getTime() + 1) });
    expect(codeOf(checkAgreement(buildDirectorySnapshot([revokedLater], now), request()))).toBe('ok');
  });

  it('admits under a renewal in force beside an expired or revoked agreement, and names the renewal', () => {
    const rows = [
      row({ agreementId: 'old', validTo: new Date(now.getTime() - day) }),
      row({ agreementId: 'revoked', revokedAt: new Date(now.getTime() - day) }),
      row({ agreementId: 'renewal' }),
    ];
    expect(checkAgreement(buildDirectorySnapshot(rows, now), request())).toMatchObject({ ok: true, agreementId: 'renewal' });
  });

  it('leaves out a row whose document does not hash to its recorded hash', () => {
    const snapshot = buildDirectorySnapshot([row({ document: `${DESK}\n` })], now);
    expect(snapshot.rejected).toHaveLength(1);
    expect(snapshot.documents.size).toBe(0);
    expect(codeOf(checkAgreement(snapshot, request()))).toBe('OPERATION_NOT_AGREED');
  });
});

describe('buildDirectorySnapshot across reloads', () => {
  it('reuses what it knows of a document, and checks again a row whose text changed under the same hash', () => {
    const cache = new Map();
    expect(buildDirectorySnapshot([row()], now, cache).documents.size).toBe(1);
    expect(cache.size).toBe(1);
    const reloaded = buildDirectorySnapshot([row()], now, cache);
    expect(codeOf(checkAgreement(reloaded, request()))).toBe('ok');
    // The store now says the same hash has another text: not trusted from the cache.
    const tampered = buildDirectorySnapshot([row({ document: DESK.replace('status', 'modus') })], now, cache);
    expect(tampered.rejected).toHaveLength(1);
    expect(codeOf(checkAgreement(tampered, request()))).toBe('OPERATION_NOT_AGREED');
  });
});

describe('agreementStep', () => {
  const snapshot = buildDirectorySnapshot([row()], now);
  const input = (overrides: Partial<AgreementStepInput>): AgreementStepInput => ({
    method: 'POST',
    caller: { clientId: 'app-anti-fraud', serviceAccount: true },
    purpose: 'fraud-investigation',
    query: DESK,
    operationName: undefined,
    variables: { id: 'DZ-2025-00000001' },
    trusted: undefined,
    breakGlass: false,
    snapshot,
    adHocQueries: 'allow',
    now,
    ...overrides,
  });

  it('binds an application token to its agreement; an official signed in to the application (azp = app) too', () => {
    expect(agreementStep(input({}))).toEqual({ ok: true, binding: { application: 'app-anti-fraud', agreementId: 'agr-1', operationName: 'Desk' } });
    expect(agreementStep(input({ caller: { clientId: 'app-anti-fraud', serviceAccount: false } }))).toMatchObject({ ok: true, binding: { agreementId: 'agr-1' } });
  });

  it('treats tokens of clients it does not know as personal only when they are the realm\'s public clients', () => {
    // A confidential client with no agreement (a publisher, a new application): bound, so nothing runs.
    expect(agreementStep(input({ caller: { clientId: 'police-publisher', serviceAccount: true } }))).toMatchObject({ ok: false, code: 'OPERATION_NOT_AGREED', application: 'police-publisher' });
    expect(agreementStep(input({ caller: { clientId: undefined, serviceAccount: false } }))).toMatchObject({ ok: false, code: 'OPERATION_NOT_AGREED' });
    // A service account of a public client's name is still a service account.
    expect(agreementStep(input({ caller: { clientId: 'govgraph-cli', serviceAccount: true }, query: '{ x }' }))).toMatchObject({ ok: false, code: 'OPERATION_NOT_AGREED' });
  });

  it('lets personal tokens send ad-hoc queries unless switched off; audit-review stays open to them', () => {
    const personal = { caller: { clientId: 'govgraph-cli', serviceAccount: false }, query: '{ anything }' };
    expect(agreementStep(input(personal))).toEqual({ ok: true });
    expect(agreementStep(input({ ...personal, adHocQueries: 'deny' }))).toMatchObject({ ok: false, code: 'AD_HOC_QUERIES_DISABLED' });
    expect(agreementStep(input({ ...personal, adHocQueries: 'deny', purpose: 'audit-review' }))).toEqual({ ok: true });
    // Personal tokens are unaffected by the agreements being unreadable.
    expect(agreementStep(input({ ...personal, snapshot: undefined }))).toEqual({ ok: true });
  });

  it('refuses an unknown document id (AGREEMENTS_UNAVAILABLE while nothing was read) and a malformed one', () => {
    const unknown = { kind: 'unknown' as const, hash: 'ab'.repeat(32), directoryLoaded: true };
    expect(agreementStep(input({ query: undefined, trusted: unknown }))).toMatchObject({ ok: false, code: 'OPERATION_NOT_AGREED', application: 'app-anti-fraud' });
    expect(agreementStep(input({ query: undefined, trusted: { ...unknown, directoryLoaded: false } }))).toMatchObject({ ok: false, code: 'AGREEMENTS_UNAVAILABLE' });
    expect(agreementStep(input({ trusted: { kind: 'malformed', message: 'x' } }))).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
  });

  it('refuses an application anything but POST, whatever its body: Apollo reads a GET from the URL', () => {
    expect(agreementStep(input({ method: 'GET' }))).toMatchObject({ ok: false, code: 'OPERATION_NOT_AGREED' });
    expect(agreementStep(input({ method: 'GET', caller: { clientId: 'govgraph-cli', serviceAccount: false } }))).toEqual({ ok: true });
  });

  it('refuses X-Break-Glass on an agreed operation of an application token, naming the agreement; a personal token keeps it', () => {
    expect(agreementStep(input({ breakGlass: true }))).toMatchObject({ ok: false, code: 'BREAK_GLASS_NOT_AGREED', application: 'app-anti-fraud', agreementId: row().agreementId });
    expect(agreementStep(input({ breakGlass: true, caller: { clientId: 'govgraph-cli', serviceAccount: false } }))).toEqual({ ok: true });
  });

  it('refuses an application sending no query at all', () => {
    expect(agreementStep(input({ query: undefined }))).toMatchObject({ ok: false, code: 'OPERATION_NOT_AGREED' });
  });
});

describe('documentIdOf', () => {
  it('reads documentId and the persisted-query extension, lower-casing the hex', () => {
    expect(documentIdOf({ documentId: `sha256:${HASH.toUpperCase()}` })).toEqual({ hash: HASH });
    expect(documentIdOf({ extensions: { persistedQuery: { version: 1, sha256Hash: HASH } } })).toEqual({ hash: HASH });
    expect(documentIdOf({ query: DESK })).toBeUndefined();
  });

  it.each([
    ['no sha256: prefix', { documentId: HASH }],
    ['short hex', { documentId: 'sha256:abc' }],
    ['a number', { documentId: 42 }],
    ['two different ids', { documentId: `sha256:${HASH}`, extensions: { persistedQuery: { sha256Hash: 'cd'.repeat(32) } } }],
    ['a bad persisted hash', { extensions: { persistedQuery: { sha256Hash: 'zz' } } }],
  ])('refuses %s as malformed', (_name, body) => {
    expect(documentIdOf(body as Record<string, unknown>)).toHaveProperty('malformed');
  });
});
