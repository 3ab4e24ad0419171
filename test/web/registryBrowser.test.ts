import { fetchClientCredentialsToken } from '../../identity/tokenClient';
import { passwordToken } from '../identity/tokenEndpoint';
import { describeInBrowser, newLaptopPage, originsOf, screenshot, signInThroughForm } from './browserSupport';
import { startWebSystem, type WebSystem } from './webSystem';

/**
 * The schema-registry pages in a real browser, against the whole system and its registry: market's publisher
 * client publishes over HTTP (client credentials, as an agency's CI does) a version with a new field that two
 * purposes would see in clear, and a version that drops a field recorded operations use. officer.qian finds the
 * first in the approvals queue with its report, approves it and sees market's served version change; opens the
 * refused version's report and reads the operations it would break; rolls back from the history page.
 * steward.market reads the same pages without the officer's buttons and checks a proposed change.
 */
const TAIZHOU_INVESTMENT = '91331004MA2J8L4Q7U';
const RECORDED = `query RiskCapital($code: ID!) { enterprise(creditCode: $code) { name registeredCapital } }`;
const APPROVAL_REASON = '官网地址为企业公示信息，不含个人信息，同意明文展示。';
const ROLLBACK_REASON = '官网字段上线后发现数据源未就绪，先回滚到上线前的超图。';
let running: WebSystem;
let registryUrl: string;
let marketSdl: string;
let seedMarketVersion: string;
let awaitingId: string;
let refusedId: string;

interface RegistryAnswer<Data> {
  status: number;
  data?: Data;
  errors?: { message: string; extensions?: { code?: string } }[];
}

async function registry<Data>(token: string, query: string, variables: Record<string, unknown> = {}): Promise<RegistryAnswer<Data>> {
  const response = await fetch(registryUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, ...((await response.json()) as Omit<RegistryAnswer<Data>, 'status'>) };
}

const PUBLISH = `mutation Publish($name: String!, $sdl: String!) {
  publishSubgraph(name: $name, sdl: $sdl) { accepted version { id status report { blocking needsApproval } } }
}`;

/** market's served SDL with `change` applied; the test fails if the change did not apply. */
function changed(sdl: string, from: string, to: string): string {
  expect(sdl).toContain(from);
  return sdl.replace(from, to);
}

beforeAll(async () => {
  running = await startWebSystem('web_registry');
  registryUrl = new URL('/registry/graphql', running.system.gateway.url).toString();
  const issuer = running.system.identityProvider.issuer;
  const publisher = await fetchClientCredentialsToken({ issuer, clientId: 'market-publisher', clientSecret: 'demo' });
  const served = await registry<{ subgraph: { servedVersion: { id: string; sdl: string } } }>(publisher, `{ subgraph(name: "market") { servedVersion { id sdl } } }`);
  expect(served.errors).toBeUndefined();
  marketSdl = served.data!.subgraph.servedVersion.sdl;
  seedMarketVersion = served.data!.subgraph.servedVersion.id;

  // Operations the audit log records: the analyst reads 汇通投资's registered capital, twice.
  const analyst = await passwordToken(issuer, 'analyst.chen');
  for (let round = 0; round < 2; round++) {
    const response = await fetch(running.system.gateway.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${analyst}`, 'x-purpose': 'financial-risk-monitoring' },
      body: JSON.stringify({ query: RECORDED, variables: { code: TAIZHOU_INVESTMENT } }),
    });
    expect(response.status).toBe(200);
    await response.text();
  }
  await running.system.audit.writer.flush();

  // A new field that purposes covering Enterprise would see in clear: it waits for the privacy officer.
  const withWebsite = changed(marketSdl, '  industry: String!\n', '  industry: String!\n  website: String @notPersonal(reason: "企业公示的官网地址")\n');
  const awaiting = await registry<{ publishSubgraph: { accepted: boolean; version: { id: string; status: string; report: { needsApproval: boolean } } } }>(
    publisher,
    PUBLISH,
    { name: 'market', sdl: withWebsite },
  );
  expect(awaiting.errors).toBeUndefined();
  expect(awaiting.data!.publishSubgraph).toMatchObject({ accepted: false, version: { status: 'awaiting-approval', report: { needsApproval: true } } });
  awaitingId = awaiting.data!.publishSubgraph.version.id;

  // Dropping a field the recorded operation reads: refused, with the operation named in its report.
  const withoutCapital = changed(marketSdl, /\n.*\n  registeredCapital: Float!\n/.exec(marketSdl)?.[0] ?? '  registeredCapital: Float!\n', '\n');
  const refused = await registry<{ publishSubgraph: { accepted: boolean; version: { id: string; status: string } } }>(publisher, PUBLISH, { name: 'market', sdl: withoutCapital });
  expect(refused.errors).toBeUndefined();
  expect(refused.data!.publishSubgraph).toMatchObject({ accepted: false, version: { status: 'refused' } });
  refusedId = refused.data!.publishSubgraph.version.id;
}, 240_000);
afterAll(() => running?.stop());

describeInBrowser('the schema-registry pages', () => {
  it('officer.qian approves a waiting version, reads a breaking change’s broken operations, and rolls back', async () => {
    const { context, page, requests, problems } = await newLaptopPage(running.browser);
    try {
      await page.goto(`${running.web.origin}/console#/approvals`);
      await signInThroughForm(page, 'officer.qian');

      // The queue: the waiting version with its report — the new field, who would see it in clear, the fix.
      const pending = page.locator(`[data-testid="pending-version"][data-version-id="${awaitingId}"]`);
      await pending.waitFor();
      expect(await pending.getByTestId('pending-publisher').textContent()).toBe('service-account-market-publisher');
      expect(await pending.getByTestId('check-report').getAttribute('data-needs-approval')).toBe('true');
      const approval = pending.locator('[data-testid="finding"][data-severity="approval"][data-coordinate="Enterprise.website"]');
      expect(await approval.count()).toBe(1);
      expect(await approval.getByTestId('finding-severity').textContent()).toBe('需批准');
      expect(await approval.getByTestId('finding-message').textContent()).toContain('financial-risk-monitoring');
      expect(await approval.getByTestId('finding-fix').textContent()).toContain('approveSchemaVersion');
      expect(await pending.locator('[data-testid="finding-group"]').evaluateAll((groups) => groups.map((group) => group.getAttribute('data-check')))).toContain('purpose-coverage');
      await screenshot(page, 'console-registry-approvals', { fullPage: true });

      // A rejection needs a reason: the page says so and sends nothing.
      await pending.getByTestId('reject-version').click();
      expect(await pending.getByTestId('approval-failed').textContent()).toContain('驳回须填写理由');

      await pending.getByTestId('approval-reason').fill(APPROVAL_REASON);
      await pending.getByTestId('approve-version').click();
      const outcome = page.locator(`[data-testid="approval-outcome"][data-version-id="${awaitingId}"]`);
      await outcome.waitFor();
      expect(await outcome.getAttribute('data-status')).toBe('served');
      await page.getByTestId('approvals-empty').waitFor();

      // market now serves the approved version; the seed's is superseded, the refused one stays refused.
      await page.getByTestId('tab-subgraphs').click();
      const marketRow = page.locator('[data-testid="subgraph-row"][data-subgraph="market"]');
      await marketRow.waitFor();
      expect(await marketRow.getAttribute('data-served-version')).toBe(awaitingId);
      await marketRow.click();
      await page.getByTestId('versions-table').waitFor();
      const statusOf = (id: string) => page.locator(`[data-testid="version-row"][data-version-id="${id}"]`).getAttribute('data-status');
      expect(await statusOf(awaitingId)).toBe('served');
      expect(await statusOf(seedMarketVersion)).toBe('superseded');
      expect(await statusOf(refusedId)).toBe('refused');
      expect(await page.locator(`[data-testid="version-row"][data-version-id="${awaitingId}"]`).textContent()).toContain('officer.qian');

      // The refused version's report: the operation it would break, how often, for which purpose.
      await page.locator(`[data-testid="version-row"][data-version-id="${refusedId}"]`).click();
      const detail = page.getByTestId('version-detail');
      await detail.getByTestId('check-report').waitFor();
      expect(await detail.getByTestId('check-report').getAttribute('data-blocking')).toBe('true');
      expect(await detail.getByTestId('report-verdict').textContent()).toContain('不能发布');
      const broken = detail.getByTestId('broken-operation').filter({ hasText: 'RiskCapital' });
      expect(await broken.count()).toBeGreaterThanOrEqual(1);
      expect(await broken.first().getByTestId('broken-operation-count').textContent()).toBe('2');
      expect(await broken.first().getByTestId('broken-operation-purposes').textContent()).toContain('金融风险监测');
      const breaking = detail.locator('[data-testid="finding"][data-severity="blocking"]');
      expect(await breaking.evaluateAll((findings) => findings.map((finding) => finding.getAttribute('data-coordinate')))).toContain('Enterprise.registeredCapital');
      await screenshot(page, 'console-registry-breaking-change', { fullPage: true });

      // History: roll back to the supergraph before the approval, confirming with a reason.
      await page.getByTestId('tab-supergraphs').click();
      const rows = page.getByTestId('supergraph-row');
      await rows.first().waitFor();
      const versions = await rows.evaluateAll((elements) => elements.map((row) => ({ version: Number(row.getAttribute('data-version')), served: row.getAttribute('data-served') })));
      const newest = versions[0]!;
      expect(newest.served).toBe('true');
      const earlier = newest.version - 1;
      await page.locator(`[data-testid="supergraph-row"][data-version="${earlier}"]`).getByTestId('rollback').click();
      const confirm = page.getByTestId('rollback-confirm');
      await confirm.waitFor();
      expect(await confirm.getByTestId('rollback-confirm-button').isDisabled()).toBe(true);
      await confirm.getByTestId('rollback-reason').fill(ROLLBACK_REASON);
      await confirm.getByTestId('rollback-confirm-button').click();
      await page.getByTestId('rollback-done').waitFor();
      const restored = page.locator(`[data-testid="supergraph-row"][data-version="${newest.version + 1}"]`);
      await restored.waitFor();
      expect(await restored.getAttribute('data-served')).toBe('true');
      expect(await restored.getByTestId('supergraph-reason').textContent()).toContain(ROLLBACK_REASON);
      await screenshot(page, 'console-registry-history');

      await page.getByTestId('tab-subgraphs').click();
      await marketRow.waitFor();
      await page.waitForFunction((id) => document.querySelector('[data-testid="subgraph-row"][data-subgraph="market"]')?.getAttribute('data-served-version') === id, seedMarketVersion);

      expect(originsOf(requests)).toEqual([running.web.origin, new URL(running.system.identityProvider.issuer).origin].sort());
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a version decided meanwhile elsewhere: the officer’s stale page says so, reads the queue again, and serves nothing', async () => {
    const issuer = running.system.identityProvider.issuer;
    const publisher = await fetchClientCredentialsToken({ issuer, clientId: 'bank-publisher', clientSecret: 'demo' });
    const served = await registry<{ subgraph: { servedVersion: { id: string; sdl: string } } }>(publisher, `{ subgraph(name: "bank") { servedVersion { id sdl } } }`);
    const bankVersion = served.data!.subgraph.servedVersion.id;
    const withBranch = changed(served.data!.subgraph.servedVersion.sdl, '  bank: String!\n', '  bank: String!\n  branch: String @notPersonal(reason: "开户网点")\n');
    const published = await registry<{ publishSubgraph: { version: { id: string; status: string } } }>(publisher, PUBLISH, { name: 'bank', sdl: withBranch });
    expect(published.data!.publishSubgraph.version.status).toBe('awaiting-approval');
    const id = published.data!.publishSubgraph.version.id;

    const { context, page, problems } = await newLaptopPage(running.browser);
    try {
      await page.goto(`${running.web.origin}/console#/approvals`);
      await signInThroughForm(page, 'officer.qian');
      const pending = page.locator(`[data-testid="pending-version"][data-version-id="${id}"]`);
      await pending.waitFor();

      // Another officer rejects it while this page is open; this page then tries to approve it.
      const other = await passwordToken(issuer, 'officer.qian');
      const rejected = await registry(other, 'mutation($id: ID!) { rejectSchemaVersion(id: $id, reason: "数据源未就绪") { status } }', { id });
      expect(rejected.errors).toBeUndefined();
      await pending.getByTestId('approve-version').click();
      const stale = page.locator(`[data-testid="approval-stale"][data-version-id="${id}"]`);
      await stale.waitFor();
      expect(await stale.textContent()).toContain('CONFLICT');
      await page.getByTestId('approvals-empty').waitFor();
      expect(await pending.count()).toBe(0);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
    const after = await registry<{ subgraph: { servedVersion: { id: string }; versions: { id: string; status: string }[] } }>(
      publisher,
      `{ subgraph(name: "bank") { servedVersion { id } versions { id status } } }`,
    );
    expect(after.data!.subgraph.servedVersion.id).toBe(bankVersion);
    expect(after.data!.subgraph.versions.find((version) => version.id === id)?.status).toBe('rejected');
  });

  it('steward.market reads the registry, own agency first, without the officer’s buttons, and checks a proposed change', async () => {
    const { context, page, problems } = await newLaptopPage(running.browser);
    try {
      await page.goto(`${running.web.origin}/console`);
      await signInThroughForm(page, 'steward.market');

      // No audit pages: the agreements' tabs, then the registry's; on the subgraphs, market at the top.
      await page.getByTestId('tab-subgraphs').click();
      await page.getByTestId('subgraph-row').first().waitFor();
      expect(await page.getByTestId('tab-overview').count()).toBe(0);
      expect(await page.getByTestId('tab-log').count()).toBe(0);
      expect(await page.getByTestId('subgraph-row').first().getAttribute('data-subgraph')).toBe('market');

      await page.getByTestId('tab-supergraphs').click();
      await page.getByTestId('supergraph-row').first().waitFor();
      expect(await page.getByTestId('rollback').count()).toBe(0);

      // The check form: the served SDL without registeredCapital — the recorded operation it would break, nothing published.
      await page.getByTestId('tab-check').click();
      await page.getByTestId('check-load-served').waitFor();
      await page.waitForFunction(() => !(document.querySelector('[data-testid="check-load-served"]') as HTMLButtonElement | null)?.disabled);
      await page.getByTestId('check-load-served').click();
      const sdl = await page.getByTestId('check-sdl').inputValue();
      expect(sdl).toContain('registeredCapital: Float!');
      await page.getByTestId('check-sdl').fill(sdl.replace(/\n.*\n  registeredCapital: Float!\n/, '\n'));
      await page.getByTestId('check-submit').click();
      const result = page.getByTestId('check-result');
      await result.waitFor();
      expect(await result.getByTestId('check-report').getAttribute('data-blocking')).toBe('true');
      const broken = result.getByTestId('broken-operation').filter({ hasText: 'RiskCapital' });
      expect(await broken.count()).toBeGreaterThanOrEqual(1);
      expect(await broken.first().getByTestId('broken-operation-count').textContent()).toBe('2');
      await screenshot(page, 'console-registry-check', { fullPage: true });

      // In English: the same report in the other language.
      await page.getByRole('button', { name: 'English' }).click();
      expect(await page.getByTestId('tab-subgraphs').textContent()).toBe('Subgraphs');
      expect(await result.getByTestId('report-verdict').textContent()).toBe('Blocking findings: it cannot be published');
      expect(await result.locator('[data-testid="finding"][data-severity="blocking"]').first().getByTestId('finding-severity').textContent()).toBe('blocking');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }

    // What the page hides, the registry refuses: a steward neither approves nor rolls back.
    const steward = await passwordToken(running.system.identityProvider.issuer, 'steward.market');
    const rollback = await registry(steward, 'mutation { rollbackSupergraph(version: 1) { version } }');
    expect(rollback.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const approve = await registry(steward, 'mutation($id: ID!) { approveSchemaVersion(id: $id) { id } }', { id: refusedId });
    expect(approve.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // Another agency's steward may not check market's subgraph either (the page offers a steward only their own).
    const police = await passwordToken(running.system.identityProvider.issuer, 'steward.police');
    const check = await registry(police, 'mutation($sdl: String!) { checkSubgraph(name: "market", sdl: $sdl) { blocking } }', { sdl: marketSdl });
    expect(check.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const versions = await registry<{ subgraph: { versions: { id: string }[] } }>(steward, '{ subgraph(name: "market") { versions { id } } }');
    expect(versions.data!.subgraph.versions.length).toBeGreaterThanOrEqual(3);
  });
});
