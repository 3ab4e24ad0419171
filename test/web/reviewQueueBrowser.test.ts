import { randomUUID } from 'node:crypto';
import { EXAMPLE_CASE_REF } from '../../runtime/banner';
import { sampleRecord } from '../audit/auditTestDatabase';
import { passwordToken } from '../identity/tokenEndpoint';
import { describeInBrowser, newLaptopPage, originsOf, screenshot, signInThroughForm } from './browserSupport';
import { startWebSystem, type WebSystem } from './webSystem';

/**
 * The review queue and refused attempts in a real browser, against the whole system: a break-glass use and a
 * budget refusal written through the system's own audit writer (as the gateway's checks record them), and a
 * refused attempt on 王建国 made through the gateway. officer.qian finds both in the queue, marks the
 * break-glass reviewed with a note, sees it reviewed, and finds the attempt in 王建国's report.
 */
const WANG = '330110197803150018';
const JUSTIFICATION = '受害人李秀英的资金正在转出，需立即核查收款账户持有人张伟名下的其他账户。';
const NOTE = '已向侦查员核实：止付时限紧迫，破窗理由成立。';
let running: WebSystem;
const breakGlassId = randomUUID();
const budgetId = randomUUID();

beforeAll(async () => {
  running = await startWebSystem('web_review');
  const { writer } = running.system.audit;
  const now = Date.now();
  await writer.append(
    sampleRecord({
      id: budgetId,
      time: new Date(now - 60_000).toISOString(),
      user: { subject: 'kc-clerk.zhao', username: 'clerk.zhao', agency: 'court', district: '330110', roles: ['court-clerk'] },
      purpose: 'litigation-source-governance',
      caseRef: null,
      outcome: 'refused',
      errorCodes: ['SUBJECT_BUDGET_EXCEEDED'],
      subjects: [],
      subjectPseudonyms: [],
      subgraphs: [],
    }),
  );
  await writer.append(
    sampleRecord({
      id: breakGlassId,
      time: new Date(now - 30_000).toISOString(),
      user: { subject: 'kc-investigator.li', username: 'investigator.li', agency: 'police', district: '330110', roles: ['police-investigator'] },
      purpose: 'fraud-investigation',
      caseRef: 'DZ-2025-00000001',
      breakGlass: { justification: JUSTIFICATION, exceeded: ['OUTSIDE_CASE_SCOPE'] },
    }),
  );
  // A refused attempt that named 王建国 (by a variable): nothing of his came back.
  const token = await passwordToken(running.system.identityProvider.issuer, 'mediator.wang');
  const response = await fetch(running.system.gateway.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-purpose': 'dispute-resolution', 'x-case-ref': EXAMPLE_CASE_REF },
    body: JSON.stringify({ query: 'query Accounts($id: ID!) { person(idNumber: $id) { accounts { accountNumber } } }', variables: { id: WANG } }),
  });
  expect(response.status).toBe(403);
  await response.text();
}, 180_000);
afterAll(() => running?.stop());

describeInBrowser('the review queue for officer.qian', () => {
  it('shows a break-glass use and a budget refusal, marks one reviewed with a note, and shows refused attempts on 王建国', async () => {
    const { context, page, requests, problems } = await newLaptopPage(running.browser);
    try {
      await page.goto(`${running.web.origin}/console`);
      await signInThroughForm(page, 'officer.qian');

      await page.getByTestId('tab-queue').click();
      const breakGlassRow = page.locator(`[data-testid="queue-row"][data-record-id="${breakGlassId}"]`);
      const budgetRow = page.locator(`[data-testid="queue-row"][data-record-id="${budgetId}"]`);
      await breakGlassRow.waitFor();
      // Newest first: the break-glass use, then the budget refusal.
      const order = await page.getByTestId('queue-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-record-id')));
      expect(order.indexOf(breakGlassId)).toBeLessThan(order.indexOf(budgetId));
      expect(await breakGlassRow.textContent()).toContain('破窗访问');
      expect(await breakGlassRow.textContent()).toContain('investigator.li');
      expect(await breakGlassRow.textContent()).toContain('OUTSIDE_CASE_SCOPE');
      expect(await breakGlassRow.getByTestId('queue-justification').textContent()).toContain(JUSTIFICATION);
      expect(await budgetRow.textContent()).toContain('超出额度被拒');
      expect(await budgetRow.textContent()).toContain('SUBJECT_BUDGET_EXCEEDED');
      expect(await budgetRow.textContent()).toContain('clerk.zhao');
      expect(await breakGlassRow.getByTestId('queue-state-cell').textContent()).toContain('待复核');

      // Open it, read the justification, mark it reviewed with a note.
      await breakGlassRow.click();
      await page.getByTestId('queue-detail').waitFor();
      expect(await page.getByTestId('queue-detail-justification').textContent()).toBe(JUSTIFICATION);
      expect(await page.getByTestId('queue-detail-user').textContent()).toContain('investigator.li');
      await page.getByTestId('queue-note').fill(NOTE);
      await page.getByTestId('queue-mark-reviewed').click();
      await page.getByTestId('queue-saved').waitFor();
      await page.waitForFunction(
        (id) => document.querySelector(`[data-testid="queue-row"][data-record-id="${id}"] [data-testid="queue-state-cell"]`)?.textContent?.includes('已复核'),
        breakGlassId,
      );
      expect(await breakGlassRow.getByTestId('queue-latest-note').textContent()).toBe(NOTE);
      expect(await page.getByTestId('queue-review').allTextContents()).toEqual([expect.stringContaining(NOTE)]);
      expect(await page.getByTestId('queue-review').first().textContent()).toContain('officer.qian');
      await screenshot(page, 'console-review-queue');

      // Filters: the reviewed item leaves "not reviewed" and is under "reviewed"; by kind, the budget refusal alone.
      await page.getByTestId('queue-state').selectOption('open');
      await page.waitForFunction(() => new URL(location.href).hash.includes('state=open'));
      await budgetRow.waitFor();
      expect(await breakGlassRow.count()).toBe(0);
      await page.getByTestId('queue-state').selectOption('reviewed');
      await breakGlassRow.waitFor();
      expect(await budgetRow.count()).toBe(0);
      await page.getByTestId('queue-state').selectOption('');
      await page.getByTestId('queue-kind').selectOption('BUDGET_REFUSAL');
      await page.waitForFunction(() => new URL(location.href).hash.includes('kind=BUDGET_REFUSAL'));
      await budgetRow.waitFor();
      expect(await page.getByTestId('queue-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-kind')))).toEqual(
        expect.arrayContaining(['BUDGET_REFUSAL']),
      );
      expect(await breakGlassRow.count()).toBe(0);

      // 王建国's report: the refused attempt beside the answers, with who, when, purpose and why.
      await page.getByTestId('tab-report').click();
      await page.getByTestId('report-id').fill(WANG);
      await page.getByTestId('report-submit').click();
      await page.getByTestId('report-refused-row').first().waitFor();
      const attempt = page.getByTestId('report-refused-row').first();
      expect(await attempt.getByTestId('report-refused-username').textContent()).toBe('mediator.wang');
      expect(await attempt.getByTestId('report-refused-purpose').textContent()).toContain('矛盾纠纷化解');
      expect(await attempt.getByTestId('report-refused-purpose').textContent()).toContain(EXAMPLE_CASE_REF);
      expect(await attempt.getByTestId('report-refused-why').textContent()).toContain('FORBIDDEN_FIELDS');
      expect(await attempt.getByTestId('report-refused-why').textContent()).toContain('Person.accounts');
      expect(await attempt.locator('td').first().textContent()).toMatch(/\d{4}\/\d{2}\/\d{2}/);
      expect(await page.getByTestId('report-refused-count').textContent()).toBe('1');
      await screenshot(page, 'console-subject-report-refused', { fullPage: true });

      expect(originsOf(requests)).toEqual([running.web.origin, new URL(running.system.identityProvider.issuer).origin].sort());
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }

    // The review went through the gateway: its own audit record names the officer, and the review names its request.
    await running.system.audit.writer.flush();
    const reviews = await running.system.audit.db.query<{ request_id: string; reviewer: { username: string }; note: string }>(
      'SELECT request_id, reviewer, note FROM audit_reviews WHERE event_id = $1',
      [breakGlassId],
    );
    expect(reviews).toEqual([{ request_id: expect.any(String), reviewer: expect.objectContaining({ username: 'officer.qian' }), note: NOTE }]);
    const own = await running.system.audit.db.query<{ record: any }>(`SELECT record FROM audit_events WHERE record->>'requestId' = $1`, [reviews[0]!.request_id]);
    expect(own.map((row) => row.record)).toEqual([
      expect.objectContaining({ purpose: 'audit-review', user: expect.objectContaining({ username: 'officer.qian' }), operation: expect.objectContaining({ type: 'mutation' }), outcome: 'allowed' }),
    ]);
  });
});
