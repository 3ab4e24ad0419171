import { EXAMPLE_CASE_REF, EXAMPLE_QUERY } from '../../runtime/banner';
import { passwordToken } from '../identity/tokenEndpoint';
import { describeInBrowser, newLaptopPage, originsOf, screenshot, signInThroughForm } from './browserSupport';
import { startWebSystem, type WebSystem } from './webSystem';

/**
 * The privacy officers' console in a real browser, against the whole system with the audit subgraph:
 * officer.qian signs in, searches the access log, opens an event, and reads 王建国's subject access
 * report — rows that the test itself caused beforehand through the gateway, so it knows what they say.
 */
const WANG = '330110197803150018';
let running: WebSystem;

async function ask(username: string, purpose: string, caseRef: string | undefined, query: string): Promise<number> {
  const token = await passwordToken(running.system.identityProvider.issuer, username);
  const response = await fetch(running.system.gateway.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-purpose': purpose, ...(caseRef ? { 'x-case-ref': caseRef } : {}) },
    body: JSON.stringify({ query }),
  });
  await response.text();
  return response.status;
}

beforeAll(async () => {
  running = await startWebSystem('web_console');
  // What the officer will find: two accesses to 王建国 by the mediator (masked), one by the court clerk, one refusal.
  expect(await ask('mediator.wang', 'dispute-resolution', EXAMPLE_CASE_REF, EXAMPLE_QUERY)).toBe(200);
  expect(await ask('mediator.wang', 'dispute-resolution', EXAMPLE_CASE_REF, `{ person(idNumber: "${WANG}") { name phone } }`)).toBe(200);
  expect(await ask('clerk.zhao', 'litigation-source-governance', undefined, `{ person(idNumber: "${WANG}") { idNumber cases { caseNumber } } }`)).toBe(200);
  expect(await ask('mediator.wang', 'dispute-resolution', EXAMPLE_CASE_REF, `{ person(idNumber: "${WANG}") { accounts { accountNumber } } }`)).toBe(403);
}, 180_000);
afterAll(() => running?.stop());

describeInBrowser('the console for officer.qian', () => {
  it('shows the overview, searches the log, opens an event, and reads 王建国’s subject access report', async () => {
    const { context, page, requests, problems } = await newLaptopPage(running.browser);
    try {
      await page.goto(`${running.web.origin}/console`);
      await signInThroughForm(page, 'officer.qian');

      // Overview: the activity above, with a refused attempt.
      await page.getByTestId('tab-overview').click();
      await page.getByTestId('chart-purpose').waitFor();
      await page.waitForFunction(() => document.querySelector('[data-testid="tile-refused"]')?.textContent !== '…');
      expect(Number(await page.getByTestId('tile-refused').textContent())).toBeGreaterThanOrEqual(1);
      await screenshot(page, 'console-overview');

      // Access log, by user and outcome.
      await page.getByTestId('tab-log').click();
      await page.getByTestId('filter-username').fill('mediator.wang');
      await page.getByTestId('search').click();
      await page.waitForFunction(() => new URL(location.href).hash.includes('username=mediator.wang'));
      // The search's own rows, not the unfiltered page's still on screen while the search is out.
      await page.waitForFunction(() => {
        const rows = [...document.querySelectorAll('[data-testid="log-row"]')];
        return rows.length > 0 && rows.every((row) => (row.children[1]?.textContent ?? '').startsWith('mediator.wang'));
      });
      const rows = page.getByTestId('log-row');
      const users = await rows.evaluateAll((elements) => elements.map((row) => row.children[1]?.textContent ?? ''));
      expect(users.length).toBeGreaterThanOrEqual(3);
      expect(users.every((user) => user.startsWith('mediator.wang'))).toBe(true);

      await page.getByTestId('filter-outcome').selectOption('REFUSED');
      await page.getByTestId('search').click();
      await page.waitForFunction(() => new URL(location.href).hash.includes('outcome=REFUSED'));
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="log-row"]').length === 1);

      // The refused event in detail: the operation, each field's decision, its place in the chain.
      await page.getByTestId('log-row').first().click();
      await page.getByTestId('detail-record-id').waitFor();
      expect(await page.getByTestId('detail-chain-position').textContent()).toMatch(/^\S+ #\d+$/);
      const fields = await page.getByTestId('detail-field').allTextContents();
      expect(fields.some((field) => field.startsWith('Person.accounts') && field.includes('拒绝'))).toBe(true);
      await screenshot(page, 'console-log-detail');

      // 王建国's subject access report.
      await page.getByTestId('tab-report').click();
      await page.getByTestId('report-id').fill(WANG);
      await page.getByTestId('report-submit').click();
      await page.getByTestId('subject-report').waitFor();
      expect(await page.getByTestId('report-id-number').textContent()).toBe(WANG);
      const reportRows = page.getByTestId('report-row');
      const byWhom = await page.getByTestId('report-username').allTextContents();
      const purposes = await page.getByTestId('report-purpose').allTextContents();
      const shown = await page.getByTestId('report-shown-as').allTextContents();
      // Two accesses by the mediator, one by the clerk; the refused one returned nothing and is not there.
      expect(byWhom.filter((user) => user === 'mediator.wang')).toHaveLength(2);
      expect(byWhom.filter((user) => user === 'clerk.zhao')).toHaveLength(1);
      expect(await reportRows.count()).toBe(byWhom.length);
      byWhom.forEach((user, index) => {
        if (user === 'mediator.wang') {
          expect(purposes[index]).toContain('矛盾纠纷化解');
          expect(purposes[index]).toContain(EXAMPLE_CASE_REF);
          // dispute resolution pseudonymises the ID, and withholds it from a query that names it (as the example does)
          expect(shown[index]).toMatch(/PSN-[0-9a-f]{16}|\*\*\*/);
        }
        if (user === 'clerk.zhao') expect(purposes[index]).toContain('诉源治理');
      });
      expect(await page.getByTestId('report-count').textContent()).toBe(String(byWhom.length));
      await screenshot(page, 'console-subject-report');
      await page.emulateMedia({ media: 'print' });
      await screenshot(page, 'console-subject-report-print', { fullPage: true });
      await page.emulateMedia({ media: 'screen' });

      expect(originsOf(requests)).toEqual([running.web.origin, new URL(running.system.identityProvider.issuer).origin].sort());
      expect(problems).toEqual([]);

      // Integrity: the chain verification and the latest signed checkpoint.
      await page.getByTestId('tab-integrity').click();
      await page.getByTestId('integrity-verdict').waitFor();
      expect(await page.getByTestId('integrity-verdict').textContent()).toContain('日志完整');
      expect(await page.getByTestId('integrity-chain').count()).toBeGreaterThanOrEqual(1);
      await screenshot(page, 'console-integrity');
    } finally {
      await context.close();
    }
  });
});
