/**
 * The README's screenshots (docs/screenshots/), taken from a running system with some activity:
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx test/web/readmeScreenshots.ts
 *
 * Not a test: it starts the system on the server in DATABASE_URL (databases gg_readme_*, dropped
 * afterwards), makes a few officials ask the graph — masked answers, a refusal burst, one official
 * reading a hundred incidents — then photographs the sandbox, the console as officer.qian sees it, and a
 * sharing request as the court's data steward sees it.
 */
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { loadSupergraphSdl } from '../../gateway/supergraph';
import { EXAMPLE_CASE_REF, EXAMPLE_QUERY } from '../../runtime/banner';
import { ANY_FREE_PORTS, startSystem } from '../../runtime/system';
import { fetchClientCredentialsToken } from '../../identity/tokenClient';
import { passwordToken } from '../identity/tokenEndpoint';
import { dropSystemDatabases } from '../support/agencyDatabases';
import { ARTIFACTS, launchChromium, newLaptopPage, screenshot, signInThroughForm } from './browserSupport';
import { buildWebPages, startWebHarness } from './webHarness';

const SCREENSHOTS = path.resolve(__dirname, '../../docs/screenshots');
const WANG = '330110197803150018';
const LI = '330110198507220020';

async function main(): Promise<void> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error('Set DATABASE_URL to a PostgreSQL server');
  const prefix = 'gg_readme';
  const dist = await buildWebPages();
  const system = await startSystem({
    serverUrl,
    databasePrefix: prefix,
    seedPersons: 2000,
    host: '127.0.0.1',
    gatewayPort: 0,
    subgraphPorts: ANY_FREE_PORTS,
    subgraphTimeoutMs: 5_000,
    supergraphSdl: loadSupergraphSdl(),
    devIdentityProviderPort: 0,
    log: () => undefined,
  });
  const web = await startWebHarness(system, dist);
  const browser = await launchChromium();
  try {
    const ask = async (username: string, purpose: string, caseRef: string | undefined, query: string) => {
      const token = await passwordToken(system.identityProvider.issuer, username);
      const response = await fetch(system.gateway.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-purpose': purpose, ...(caseRef ? { 'x-case-ref': caseRef } : {}) },
        body: JSON.stringify({ query }),
      });
      console.log(username, purpose, response.status);
    };
    await ask('mediator.wang', 'dispute-resolution', EXAMPLE_CASE_REF, EXAMPLE_QUERY);
    await ask('mediator.wang', 'dispute-resolution', EXAMPLE_CASE_REF, `{ person(idNumber: "${WANG}") { name phone petitions { id category } } }`);
    await ask('clerk.zhao', 'litigation-source-governance', undefined, `{ person(idNumber: "${WANG}") { name cases { caseNumber causeOfAction } } }`);
    await ask('investigator.li', 'fraud-investigation', 'DZ-2025-00000001', `{ person(idNumber: "${LI}") { name phone fraudCasesAsVictim { id lossAmount } } }`);
    await ask('investigator.li', 'fraud-investigation', 'DZ-2025-00000001', '{ incidents(first: 100) { edges { node { id category involvedPersons { person { idNumber name } } } } } }');
    await ask('grid.wu', 'dispute-resolution', 'TJ-2025-330502-00001', '{ petitions(first: 20) { edges { node { id category district } } } }');
    for (let attempt = 0; attempt < 6; attempt += 1) {
      await ask('analyst.chen', 'fraud-investigation', 'DZ-2025-00000001', `{ person(idNumber: "${WANG}") { accounts { accountNumber balance } } }`);
    }

    const { context, page } = await newLaptopPage(browser);
    await page.goto(`${web.origin}/`);
    await signInThroughForm(page, 'mediator.wang', { screenshotAs: 'readme-login' });
    await page.getByTestId('case-ref').fill(EXAMPLE_CASE_REF);
    await page.getByTestId('case-ref').press('Enter');
    await page.locator('.graphiql-execute-button').click();
    await page.getByTestId('masked-path').first().waitFor();
    await screenshot(page, 'readme-sandbox');
    await context.close();

    const officer = await newLaptopPage(browser);
    await officer.page.goto(`${web.origin}/console`);
    await signInThroughForm(officer.page, 'officer.qian');
    await officer.page.getByTestId('chart-purpose').waitFor();
    await officer.page.getByTestId('anomaly-row').first().waitFor();
    await screenshot(officer.page, 'readme-console-overview');
    await officer.page.goto(`${web.origin}/console#/log?username=mediator.wang`);
    await officer.page.getByTestId('log-row').last().click();
    await officer.page.getByTestId('detail-field').first().waitFor();
    await screenshot(officer.page, 'readme-console-log');
    await officer.page.goto(`${web.origin}/console#/report?id=${WANG}`);
    await officer.page.getByTestId('report-row').first().waitFor();
    await screenshot(officer.page, 'readme-console-report');
    // The seed's agreements, one per example application.
    await officer.page.goto(`${web.origin}/console#/agreements`);
    await officer.page.getByTestId('agreement-row').first().waitFor();
    await screenshot(officer.page, 'readme-console-agreements');
    await officer.context.close();

    // A data steward's decision view: the litigation-source cockpit asks for one more operation.
    const appToken = await fetchClientCredentialsToken({ issuer: system.identityProvider.issuer, clientId: 'app-litigation-source', clientSecret: 'demo' });
    const submitted = await fetch(new URL('/agreements/graphql', system.gateway.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${appToken}` },
      body: JSON.stringify({
        query: 'mutation Submit($input: SharingRequestInput!) { submitSharingRequest(input: $input) { id } }',
        variables: {
          input: {
            title: '诉源治理驾驶舱：按类别统计法院案件与信访件',
            justification: '按案由、类别与区县统计纠纷来源，用于诉前调解分流；不需要当事人身份。',
            purpose: 'litigation-source-governance',
            document: 'query DisputeSourcesByCategory($first: Int!) { cases(first: $first) { edges { node { causeOfAction district claimAmount } } } petitions(first: $first) { edges { node { category district respondent } } } }',
            validFrom: new Date().toISOString(),
            validTo: new Date(Date.now() + 180 * 86_400_000).toISOString(),
          },
        },
      }),
    });
    const requestId = ((await submitted.json()) as { data: { submitSharingRequest: { id: string } } }).data.submitSharingRequest.id;
    const steward = await newLaptopPage(browser);
    await steward.page.goto(`${web.origin}/console`);
    await signInThroughForm(steward.page, 'steward.court');
    await steward.page.goto(`${web.origin}/console#/request?id=${requestId}`);
    await steward.page.getByTestId('request-operation').first().waitFor();
    await steward.page.getByTestId('request-operation').first().evaluate((element) => element.scrollIntoView({ block: 'start' }));
    await screenshot(steward.page, 'readme-console-request');
    await steward.context.close();

    await mkdir(SCREENSHOTS, { recursive: true });
    for (const name of ['readme-login', 'readme-sandbox', 'readme-console-overview', 'readme-console-log', 'readme-console-report', 'readme-console-agreements', 'readme-console-request']) {
      await copyFile(path.join(ARTIFACTS, `${name}.png`), path.join(SCREENSHOTS, `${name.replace(/^readme-/, '')}.png`));
    }
    console.log(`screenshots in ${SCREENSHOTS}`);
  } finally {
    await browser.close();
    await web.close();
    await system.stop();
    await dropSystemDatabases(prefix, serverUrl);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
