import { randomUUID } from 'node:crypto';
import type { JSONWebKeySet } from 'jose';
import { createAccessContextSigner, type AccessContextSigner } from '@govgraph/access-context';
import {
  exportAccessContextKeyPair,
  generateAccessContextKeyPair,
  parseAccessContextPublicKeys,
} from '@govgraph/access-context';
import { operationDigestOf } from '@govgraph/access-context';
import { allow, definePurpose, type Purpose, type SensitiveKind, SENSITIVE_KINDS } from '../../policies';
import type { Agency } from '../../subgraphs/agencies';

/**
 * Signed gateway→subgraph access contexts for tests, made the way the gateway makes them. Jest loads this
 * module once per test file, so each file has its own key pair: the "gateway" of that file.
 */
export const testGatewayKeys = generateAccessContextKeyPair();

/** The test gateway's public keys, parsed from PEM as a subgraph's configuration would be. */
export const TEST_ACCESS_CONTEXT_KEYS: JSONWebKeySet = parseAccessContextPublicKeys(
  exportAccessContextKeyPair(testGatewayKeys).publicKeyPem,
);

export const testGatewaySigner: AccessContextSigner = createAccessContextSigner({
  privateKey: testGatewayKeys.privateKey,
  keyId: testGatewayKeys.keyId,
});

/** Who a test request is from, as the gateway would state it. */
export interface TestSubject {
  readonly purpose: string;
  readonly roles: readonly string[];
  readonly district?: string;
  readonly caseRef?: string;
  readonly username?: string;
  /** The gateway's own case verification (gateway/cases): answered unmasked. */
  readonly caseVerification?: true;
}

/**
 * A context for `subject` minted for `agency` (the audience), by the test gateway unless `signer` is given,
 * bound to the request body `body` as the gateway binds it (no body: bound to none, which agencies refuse).
 */
export function accessContextFor(
  subject: TestSubject,
  agency: Agency | string,
  signer: AccessContextSigner = testGatewaySigner,
  body?: string,
): Promise<string> {
  const username = subject.username ?? 'test.user';
  return signer.sign(
    {
      user: `user-${username}`,
      username,
      roles: subject.roles,
      ...(subject.district !== undefined ? { district: subject.district } : {}),
      purpose: subject.purpose,
      ...(subject.caseRef !== undefined ? { caseRef: subject.caseRef } : {}),
      ...(subject.caseVerification ? { caseVerification: true } : {}),
      requestId: randomUUID(),
    },
    agency,
    body === undefined ? undefined : operationDigestOf(body),
  );
}

/** The demo users (design.md) under the purposes their roles permit. */
export const SUBJECTS = Object.freeze({
  /** investigator.li: persons in clear, accounts, transactions, stop-payment orders, incidents. */
  fraudInvestigator: {
    username: 'investigator.li',
    roles: ['police-investigator'],
    district: '330110',
    purpose: 'fraud-investigation',
    caseRef: 'ZP-2025-0001',
  },
  /** inspector.sun: enterprises, permits, inspections, penalties; no persons. */
  precursorInspector: {
    username: 'inspector.sun',
    roles: ['market-inspector'],
    district: '330802',
    purpose: 'precursor-chemical-supervision',
  },
  /** clerk.zhao: cases, petitions, incidents across agencies, people masked (passed through here). */
  courtClerk: { username: 'clerk.zhao', roles: ['court-clerk'], district: '330110', purpose: 'litigation-source-governance' },
  /** analyst.chen: enterprises, cases, penalties, suspicious-transaction reports; no accounts. */
  riskAnalyst: { username: 'analyst.chen', roles: ['risk-analyst'], district: '331004', purpose: 'financial-risk-monitoring' },
  /** mediator.wang: not district-bound. */
  mediator: { username: 'mediator.wang', roles: ['mediator'], district: '330110', purpose: 'dispute-resolution', caseRef: 'TJ-1' },
  /** grid.wu: district-bound to 吴兴区 (330502). */
  gridWorker: { username: 'grid.wu', roles: ['grid-worker'], district: '330502', purpose: 'dispute-resolution', caseRef: 'TJ-2' },
} satisfies Record<string, TestSubject>);

const EVERY_KIND: Partial<Record<SensitiveKind, ReturnType<typeof allow>>> = Object.fromEntries(
  SENSITIVE_KINDS.map((kind) => [kind, allow()]),
);

/**
 * A purpose for tests of an agency's records where no real purpose reads everything the test reads (12315
 * complaints are covered by none yet; no purpose reads both accounts and suspicious-transaction reports).
 * Served beside the real purposes (`startSubgraph(…, { purposes })`); permitted to `roles`.
 */
export function recordsTestPurpose(name: string, coveredTypes: readonly string[], roles: readonly string[] = ['records-tester']): Purpose {
  return definePurpose({
    name,
    title: '测试：机构记录核对',
    description: 'Test only: reads the listed types of one agency in clear, to check its records and batching.',
    legalBasis: ['test only'],
    roles,
    caseRef: { required: false },
    coveredTypes,
    kindRules: EVERY_KIND,
    fieldRules: {},
  });
}
