/**
 * Each piece of the gateway's hot path as it was and as it is, alone, in one process: what each change of
 * issue 11 item 2 saves per request, measured without the network. Prints µs per operation, old and new.
 *
 *   npx tsx bench/hotPathParts.ts [milliseconds per measurement=1500]
 */
import { randomUUID } from 'node:crypto';
import { parse, validate } from 'graphql';
import { SignJWT } from 'jose';
import { buildAuditRecord } from '../gateway/audit/auditRecord';
import { SUBJECT_MARKER, withAnswerMarkers } from '../gateway/enforcement/answerMarkers';
import { selectedOperation } from '../gateway/enforcement/fieldCoordinates';
import { compileMaskPlan, runMaskPlan } from '../gateway/enforcement/maskPlan';
import { decideOperation } from '../gateway/enforcement/operationPolicy';
import { createPseudonymCache } from '../gateway/enforcement/pseudonymCache';
import { reservedNamesRule } from '../gateway/enforcement/reservedNames';
import { createTokenVerifier } from '../gateway/identity';
import { buildPolicyGraph } from '../gateway/policyGraph';
import { loadSupergraphSdl } from '../gateway/supergraph';
import { ACCESS_CONTEXT_ISSUER, ACCESS_CONTEXT_TYPE, createAccessContextSigner, type AccessContext } from '@govgraph/access-context';
import { generateAccessContextKeyPair } from '@govgraph/access-context';
import { startDevIdentityProvider } from '../identity/devIdentityProvider';
import { applyMask, financialRiskMonitoring } from '../policies';
import { pseudonymOf } from '../policies/masks/pseudonym';
import { EXAMPLE_QUERY } from '../runtime/banner';
import { freePort } from '../runtime/freePort';
import { apiSchemaOf } from '../schema/apiSchema';
import { EVERYDAY_QUERIES } from '../test/support/everydayQueries';
import { maskWalk } from '../test/support/maskWalk';

const budget = Number(process.argv[2] ?? 1_500);

/** µs per call of `work`, run back to back for `budget` ms after a short warm-up. */
async function perCall(work: () => unknown): Promise<number> {
  const warm = performance.now() + 200;
  while (performance.now() < warm) await work();
  let calls = 0;
  const started = performance.now();
  while (performance.now() - started < budget) {
    await work();
    calls += 1;
  }
  return ((performance.now() - started) * 1000) / calls;
}

const rows: [string, number, number][] = [];
async function compare(label: string, before: () => unknown, after: () => unknown) {
  const [old, now] = [await perCall(before), await perCall(after)];
  rows.push([label, old, now]);
  console.log(`  ${label.padEnd(62)} ${old.toFixed(1).padStart(8)} µs → ${now.toFixed(1).padStart(8)} µs   (${(old / now).toFixed(1)}×)`);
}

async function main(): Promise<void> {
  console.log(`node ${process.version}, ${budget} ms per measurement; µs per call, before → after`);

  // 1. The access context of one subgraph fetch: jose over WebCrypto, then node:crypto directly.
  const keys = generateAccessContextKeyPair();
  const access: AccessContext = { user: 'u', username: 'analyst.chen', roles: ['analyst'], district: '330100', purpose: 'financial-risk-monitoring', requestId: randomUUID() };
  const signer = createAccessContextSigner({ privateKey: keys.privateKey, keyId: keys.keyId });
  const joseSign = () => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ username: access.username, roles: [...access.roles], district: access.district, purpose: access.purpose, requestId: access.requestId, op: 'digest' })
      .setProtectedHeader({ alg: 'EdDSA', kid: keys.keyId, typ: ACCESS_CONTEXT_TYPE })
      .setIssuer(ACCESS_CONTEXT_ISSUER)
      .setSubject(access.user)
      .setIssuedAt(now)
      .setExpirationTime(now + 60)
      .setJti(randomUUID())
      .setAudience('market')
      .sign(keys.privateKey);
  };
  await compare('sign an access context (jose/WebCrypto → node:crypto)', joseSign, () => signer.sign(access, 'market', 'digest'));

  // 2. The caller's access token: RS256 verified each time, then answered from the cache until exp.
  const idp = await startDevIdentityProvider({ port: await freePort() });
  try {
    const response = await fetch(`${idp.issuer}/protocol/openid-connect/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'password', client_id: 'govgraph-cli', username: 'analyst.chen', password: 'demo' }),
    });
    const token = ((await response.json()) as { access_token: string }).access_token;
    const uncached = createTokenVerifier({ issuer: idp.issuer, audience: 'govgraph-gateway', verifiedTokenEntries: 0 });
    const cached = createTokenVerifier({ issuer: idp.issuer, audience: 'govgraph-gateway' });
    await compare('verify the access token (RS256 each time → cached until exp)', () => uncached.verify(token), () => cached.verify(token));
  } finally {
    await idp.close();
  }

  // 3. Masking the 100-row list's answer: the walk over every row, then the compiled plan.
  const supergraphSdl = loadSupergraphSdl();
  const apiSchema = apiSchemaOf(supergraphSdl);
  const graph = buildPolicyGraph(apiSchema, supergraphSdl);
  const list = EVERYDAY_QUERIES.find((entry) => entry.name.startsWith('the risk desk'))!;
  const parsed = parse(list.query);
  const purpose = financialRiskMonitoring;
  const policy = decideOperation(graph, purpose, parsed, selectedOperation(parsed)!);
  const document = withAnswerMarkers(apiSchema, parsed);
  const operation = selectedOperation(document)!;
  const answer = () => ({
    suspiciousTransactionReports: {
      edges: Array.from({ length: 100 }, (_, index) => ({
        cursor: `c${index}`,
        node: {
          id: `STR-${index}`,
          reportedAt: '2025-01-01',
          reportingBank: '工商银行',
          reason: 'structuring',
          amountTotal: 123_456 + index,
          enterprise: {
            creditCode: `9133${index}`,
            name: `企业${index}`,
            [SUBJECT_MARKER]: `9133${index}`,
            cases: [{ caseNumber: `C${index}`, status: 'open' }],
            penalties: [{ decisionNumber: `P${index}` }],
          },
        },
      })),
      pageInfo: { hasNextPage: true, endCursor: 'c99' },
    },
  });
  const strategyFor = (coordinate: string) => policy.masks.get(coordinate);
  const mask = (strategy: string, value: unknown) => applyMask(strategy, value, { kind: undefined, scalar: 'String', nullable: true, purpose: purpose.name, pseudonymKey: 'k' });
  const plan = compileMaskPlan({ schema: apiSchema, document, operation, strategyFor });
  await compare('mask the 100-row list (walk → compiled plan)', () => maskWalk({ schema: apiSchema, document, operation, data: answer(), strategyFor, mask }), () => runMaskPlan(plan, answer(), { mask }));

  // 4. A pseudonym: the HMAC each time, then the cache.
  const pseudonyms = createPseudonymCache({ pseudonymKey: 'k', subjectKey: 's' });
  let counter = 0;
  const values = Array.from({ length: 500 }, (_, index) => `33011019780315${String(index).padStart(4, '0')}`);
  await compare('pseudonym of a recurring value (HMAC → cache)', () => pseudonymOf(values[counter++ % 500]!, purpose.name, 'k'), () => pseudonyms.mask(purpose.name, values[counter++ % 500]!));

  // 5. The reserved-name check and the audit record of the README query: per request, then once per document.
  const readme = parse(EXAMPLE_QUERY);
  const verdicts = new WeakMap<object, unknown>();
  await compare(
    'reserved-name check of the README query (validate → per document)',
    () => validate(apiSchema, readme, [reservedNamesRule]),
    () => verdicts.get(readme) ?? verdicts.set(readme, validate(apiSchema, readme, [reservedNamesRule])),
  );
  const facts = (doc: typeof readme) => ({
    id: randomUUID(),
    time: new Date(),
    requestId: 'r',
    document: doc,
    operation: selectedOperation(doc)!,
    variables: {},
    decisions: policy.decisions,
    subgraphs: ['police', 'court'],
    subjects: [],
    errorCodes: [],
    hasData: true,
    latencyMs: 10,
    responseBytes: 1000,
  });
  const settings = { subjectKey: 's', policyRevision: 'r' };
  // A shallow copy is a document object never seen (the cache misses), with the same work to print: what every request paid before.
  await compare(
    'audit record of the README query (operation printed each time → once per document)',
    () => buildAuditRecord(facts({ ...readme }), settings),
    () => buildAuditRecord(facts(readme), settings),
  );
  console.log(`\n| part | before µs | after µs | × |\n| --- | ---: | ---: | ---: |`);
  for (const [label, old, now] of rows) console.log(`| ${label} | ${old.toFixed(1)} | ${now.toFixed(1)} | ${(old / now).toFixed(1)} |`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
