import { createHash } from 'node:crypto';
import { parse, print } from 'graphql';
import type { Page } from 'playwright-core';
import { passwordToken, requestToken } from '../identity/tokenEndpoint';
import { describeInBrowser, newLaptopPage, originsOf, screenshot, signInThroughForm } from './browserSupport';
import { startWebSystem, type WebSystem } from './webSystem';

/**
 * The agreements pages in a real browser, against the whole system and the real workflow API: the
 * litigation-source cockpit (app-litigation-source) asks, over HTTP with its own client-credentials token,
 * to run one named operation reading the court's cases and the petitions office's petitions. The court's
 * steward signs in through the provider's login page, finds it waiting, reads the decision view (the masked
 * fields, the agencies, purpose and legal basis) and approves; the petitions steward and the privacy officer
 * approve too; the agreement is in force and the application's operation runs; the officer revokes it with a
 * reason and the application's next request is refused.
 */
const APP = 'app-litigation-source';
const PURPOSE = 'litigation-source-governance';
const DOCUMENT = `query DisputeSourcesByCategory($first: Int!) {
  cases(first: $first) { edges { node { caseNumber causeOfAction district claimAmount } } }
  petitions(first: $first) { edges { node { category district respondent } } }
}`;
/** What the agreement holds and hashes: the operation as graphql-js prints it (agreements/operationDocuments.ts). */
const AGREED_DOCUMENT = print(parse(DOCUMENT));
const DOCUMENT_HASH = createHash('sha256').update(AGREED_DOCUMENT).digest('hex');
const TITLE = '诉源治理驾驶舱：按类别统计法院案件与信访件';
const JUSTIFICATION = '嘉兴诉源治理驾驶舱按案由、类别与区县统计纠纷来源，用于诉前调解分流；不需要当事人身份。';
const APPROVE_NOTE = '仅统计用途，金额按区间、被反映人仅保留姓氏，符合最小必要。';
const REVOKE_REASON = '驾驶舱改版，原操作停用；新版本须重新申请。';
const DAY_MS = 86_400_000;

let running: WebSystem;
let requestId: string;
let expiringRequestId: string;

interface ApiAnswer {
  status: number;
  body: { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };
}

async function agreementsApi(token: string, query: string, variables: Record<string, unknown> = {}): Promise<ApiAnswer> {
  const response = await fetch(new URL('/agreements/graphql', running.system.gateway.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as ApiAnswer['body'] };
}

async function applicationToken(clientId: string): Promise<string> {
  const answer = await requestToken(running.system.identityProvider.issuer, { grant_type: 'client_credentials', client_id: clientId, client_secret: 'demo' });
  if (answer.status !== 200) throw new Error(`client credentials for ${clientId}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body.access_token as string;
}

/** The application running its operation through the graph, as examples/ would: the full document and its variables. */
async function runOperation(): Promise<ApiAnswer> {
  const token = await applicationToken(APP);
  const response = await fetch(running.system.gateway.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-purpose': PURPOSE },
    body: JSON.stringify({ query: AGREED_DOCUMENT, variables: { first: 3 }, operationName: 'DisputeSourcesByCategory' }),
  });
  return { status: response.status, body: (await response.json()) as ApiAnswer['body'] };
}

const SUBMIT = `mutation Submit($input: SharingRequestInput!) { submitSharingRequest(input: $input) { id status approvals { seat status } } }`;
const DECIDE = `mutation Decide($id: ID!, $decision: ApprovalDecision!, $reason: String) { decideSharingRequest(id: $id, decision: $decision, reason: $reason) { id status } }`;

async function submit(title: string, document: string, validTo: Date): Promise<string> {
  const answer = await agreementsApi(await applicationToken(APP), SUBMIT, {
    input: { title, justification: JUSTIFICATION, purpose: PURPOSE, document, validFrom: new Date(Date.now() - 60_000).toISOString(), validTo: validTo.toISOString() },
  });
  expect(answer.body.errors).toBeUndefined();
  expect(answer.body.data.submitSharingRequest.status).toBe('PENDING');
  return answer.body.data.submitSharingRequest.id as string;
}

beforeAll(async () => {
  running = await startWebSystem('web_agree');
  requestId = await submit(TITLE, DOCUMENT, new Date(Date.now() + 180 * DAY_MS));
  // A second agreement, approved over the API, that ends in ten days: the list highlights it.
  expiringRequestId = await submit('诉源治理驾驶舱：案件按区县统计（试运行）', 'query CaseCountsTrial { cases(first: 5) { edges { node { district causeOfAction } } } }', new Date(Date.now() + 10 * DAY_MS));
  for (const username of ['steward.court', 'officer.qian']) {
    const answer = await agreementsApi(await passwordToken(running.system.identityProvider.issuer, username), DECIDE, { id: expiringRequestId, decision: 'APPROVE' });
    expect(answer.body.errors).toBeUndefined();
  }
}, 180_000);
afterAll(() => running?.stop());

async function openConsoleAs(username: string) {
  const opened = await newLaptopPage(running.browser);
  await opened.page.goto(`${running.web.origin}/console`);
  await signInThroughForm(opened.page, username);
  return opened;
}

/** From "waiting for me" to the request's decision view, approving it with a note. */
async function approveInBrowser(page: Page, note: string | undefined): Promise<void> {
  await page.getByTestId('tab-requests').click();
  const row = page.locator(`[data-testid="request-row"][data-request-id="${requestId}"]`);
  await row.waitFor();
  await row.getByTestId('request-link').click();
  await page.getByTestId('decision').waitFor();
  if (note) await page.getByTestId('decision-reason').fill(note);
  await page.getByTestId('decision-approve').click();
  await page.getByTestId('decision-saved').waitFor();
}

describeInBrowser('the agreements pages', () => {
  it('a steward approves from the decision view, the others approve, the agreement is in force, the officer revokes it and the application is refused', async () => {
    // The court's steward: only the agreements tabs, the request waiting, the decision view.
    const court = await openConsoleAs('steward.court');
    try {
      const { page } = court;
      await page.getByTestId('tab-requests').waitFor();
      expect(await page.locator('[data-testid^="tab-"]').evaluateAll((tabs) => tabs.map((tab) => tab.getAttribute('data-testid')))).toEqual([
        'tab-requests',
        'tab-agreements',
        // The registry's pages, which stewards read too (registryBrowser.test.ts).
        'tab-subgraphs',
        'tab-approvals',
        'tab-supergraphs',
        'tab-check',
      ]);
      // Even a link to an audit page shows a steward the requests instead.
      await page.goto(`${running.web.origin}/console#/log?username=mediator.wang`);
      await page.getByTestId('requests-table').waitFor();
      expect(await page.getByTestId('tab-log').count()).toBe(0);
      expect(await page.getByTestId('tab-requests').getAttribute('aria-current')).toBe('page');

      const row = page.locator(`[data-testid="request-row"][data-request-id="${requestId}"]`);
      await row.waitFor();
      expect(await row.textContent()).toContain(TITLE);
      expect(await row.textContent()).toContain('诉源治理');
      expect(await row.textContent()).toContain('0/3');
      await screenshot(page, 'console-requests-waiting');
      await row.getByTestId('request-link').click();

      await page.getByTestId('request-view').waitFor();
      await page.getByTestId('request-operation').first().waitFor();
      expect(await page.getByTestId('request-justification').textContent()).toBe(JUSTIFICATION);
      expect(await page.getByTestId('request-purpose').textContent()).toContain(PURPOSE);
      expect(await page.getByTestId('legal-basis').textContent()).toContain('民事诉讼法');
      const operation = page.locator('[data-testid="request-operation"][data-operation="DisputeSourcesByCategory"]');
      expect(await operation.getByTestId('operation-hash').textContent()).toBe(DOCUMENT_HASH);
      expect(await operation.getByTestId('operation-agencies').locator('[data-agency]').evaluateAll((agencies) => agencies.map((agency) => agency.getAttribute('data-agency')).sort())).toEqual([
        'court',
        'petitions',
      ]);
      expect(await operation.getByTestId('operation-agencies').textContent()).toContain('人民法院');
      // The masked fields, with their strategy, as the gateway decides them for the purpose.
      const field = (coordinate: string) => operation.locator(`[data-testid="operation-field"][data-coordinate="${coordinate}"]`);
      expect(await field('Case.claimAmount').getAttribute('data-effect')).toBe('mask');
      expect(await field('Case.claimAmount').textContent()).toContain('脱敏 · band');
      expect(await field('Petition.respondent').getAttribute('data-effect')).toBe('mask');
      expect(await field('Petition.respondent').getAttribute('data-strategy')).toBe('surname');
      expect(await field('Case.causeOfAction').getAttribute('data-effect')).toBe('allow');
      expect(await operation.getByTestId('operation-refused').count()).toBe(0);
      expect(await operation.getByTestId('operation-document').textContent()).toBe(AGREED_DOCUMENT);
      // The seats: the two agencies read and the privacy officer, none decided; this steward fills the court's.
      const seats = await page.getByTestId('approval').evaluateAll((rows) => rows.map((row) => `${row.getAttribute('data-seat')}=${row.getAttribute('data-status')}`).sort());
      expect(seats).toEqual(['data-steward:court=PENDING', 'data-steward:petitions=PENDING', 'privacy-officer=PENDING']);
      expect(await page.getByTestId('decision-seats').textContent()).toContain('人民法院');
      // A rejection needs a reason: the button waits for one.
      expect(await page.getByTestId('decision-reject').isDisabled()).toBe(true);
      await page.getByTestId('decision-reason').fill(APPROVE_NOTE);
      expect(await page.getByTestId('decision-reject').isDisabled()).toBe(false);
      await screenshot(page, 'console-request-decision', { fullPage: true });

      await page.getByTestId('decision-approve').click();
      await page.getByTestId('decision-saved').waitFor();
      const courtSeat = page.locator('[data-testid="approval"][data-seat="data-steward:court"]');
      expect(await courtSeat.getAttribute('data-status')).toBe('APPROVED');
      expect(await courtSeat.getByTestId('approval-decided-by').textContent()).toBe('steward.court');
      expect(await courtSeat.textContent()).toContain(APPROVE_NOTE);
      expect(await page.getByTestId('request-status').textContent()).toBe('待审批');
      // Decided: no longer waiting for this steward.
      await page.getByTestId('tab-requests').click();
      await page.getByTestId('requests-table').waitFor();
      await page.waitForFunction(() => document.querySelector('[data-testid="requests-empty"], [data-testid="request-row"]') !== null);
      expect(await page.locator(`[data-testid="request-row"][data-request-id="${requestId}"]`).count()).toBe(0);
      expect(originsOf(court.requests)).toEqual([running.web.origin, new URL(running.system.identityProvider.issuer).origin].sort());
      expect(court.problems).toEqual([]);
    } finally {
      await court.context.close();
    }

    // A steward of an agency the operation does not read: nothing waiting, no decision offered, and the API says no.
    const bank = await openConsoleAs('steward.bank');
    try {
      await bank.page.getByTestId('requests-table').waitFor();
      await bank.page.waitForFunction(() => document.querySelector('[data-testid="requests-empty"], [data-testid="request-row"]') !== null);
      expect(await bank.page.locator(`[data-testid="request-row"][data-request-id="${requestId}"]`).count()).toBe(0);
      await bank.page.goto(`${running.web.origin}/console#/request?id=${requestId}`);
      // Whether the API shows it to this steward or not, nothing on the page decides it.
      await bank.page.waitForSelector('[data-testid="decision-none"], [data-testid="request-not-found"], [data-testid="answer-error"]');
      expect(await bank.page.getByTestId('decision-approve').count()).toBe(0);
    } finally {
      await bank.context.close();
    }
    const bankAnswer = await agreementsApi(await passwordToken(running.system.identityProvider.issuer, 'steward.bank'), DECIDE, { id: requestId, decision: 'APPROVE' });
    expect(bankAnswer.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // Before every approval the application's operation is not agreed.
    const early = await runOperation();
    expect(early.status).toBe(403);
    expect(early.body.errors?.[0]?.extensions?.code).toBe('OPERATION_NOT_AGREED');

    // The petitions office's steward approves (no note: approving needs none).
    const petitions = await openConsoleAs('steward.petitions');
    try {
      await approveInBrowser(petitions.page, undefined);
      expect(await petitions.page.getByTestId('request-status').textContent()).toBe('待审批');
    } finally {
      await petitions.context.close();
    }

    // The privacy officer: the audit tabs and the agreements; the last approval makes the agreement.
    const officer = await openConsoleAs('officer.qian');
    try {
      const { page } = officer;
      expect(await page.locator('[data-testid^="tab-"]').evaluateAll((tabs) => tabs.map((tab) => tab.getAttribute('data-testid')))).toEqual([
        'tab-overview',
        'tab-log',
        'tab-queue',
        'tab-report',
        'tab-integrity',
        'tab-requests',
        'tab-agreements',
        'tab-subgraphs',
        'tab-approvals',
        'tab-supergraphs',
        'tab-check',
      ]);
      await approveInBrowser(page, '目的相符：诉源治理统计，字段已按最小必要处理。');
      await page.waitForFunction(() => document.querySelector('[data-testid="request-status"]')?.textContent === '已同意');
      await page.getByTestId('request-agreement').locator('a').click();

      await page.getByTestId('agreement-view').waitFor();
      await page.getByTestId('agreement-status').waitFor();
      expect(await page.getByTestId('agreement-status').textContent()).toBe('生效中');
      expect(await page.getByTestId('agreement-operation-hash').allTextContents()).toEqual([DOCUMENT_HASH]);
      const approvers = await page.getByTestId('agreement-approvers').textContent();
      for (const username of ['steward.court', 'steward.petitions', 'officer.qian']) expect(approvers).toContain(username);
      expect(await page.getByTestId('workflow-event').count()).toBeGreaterThanOrEqual(4);
      const agreementId = new URLSearchParams(new URL(page.url()).hash.split('?')[1]).get('id')!;

      // In force: the application's operation runs, masked as the decision view said.
      const inForce = await runOperation();
      expect(inForce.body.errors).toBeUndefined();
      expect(inForce.status).toBe(200);
      const respondents: string[] = inForce.body.data.petitions.edges.map((edge: any) => edge.node.respondent);
      expect(respondents.length).toBeGreaterThan(0);
      for (const respondent of respondents) expect(respondent).toMatch(/^\p{Script=Han}\*+$/u);

      // The list: in force, and the trial agreement highlighted as ending within 30 days.
      await page.getByTestId('tab-agreements').click();
      const listed = page.locator(`[data-testid="agreement-row"][data-agreement-id="${agreementId}"]`);
      await listed.waitFor();
      expect(await listed.getAttribute('data-status')).toBe('IN_FORCE');
      expect(await listed.getAttribute('data-expiring')).toBeNull();
      const expiring = page.locator('[data-testid="agreement-row"][data-expiring="true"]');
      await expiring.first().waitFor();
      expect(await expiring.count()).toBe(1);
      expect(await expiring.getByTestId('agreement-days-left').textContent()).toMatch(/剩余 (9|10) 天/);
      await screenshot(page, 'console-agreements');

      // Revocation: a reason, then the confirmation.
      await listed.getByTestId('agreement-link').click();
      await page.getByTestId('revoke-open').click();
      expect(await page.getByTestId('revoke-confirm').isDisabled()).toBe(true);
      await page.getByTestId('revoke-cancel').click();
      expect(await page.getByTestId('revoke-confirm').count()).toBe(0);
      expect(await page.getByTestId('agreement-status').textContent()).toBe('生效中');
      await page.getByTestId('revoke-open').click();
      await page.getByTestId('revoke-reason').fill(REVOKE_REASON);
      await screenshot(page, 'console-agreement-revoke');
      await page.getByTestId('revoke-confirm').click();
      await page.getByTestId('revoke-done').waitFor();
      await page.waitForFunction(() => document.querySelector('[data-testid="agreement-status"]')?.textContent === '已撤销');
      expect(await page.getByTestId('agreement-revoked-by').textContent()).toBe('officer.qian');
      expect(await page.getByTestId('agreement-revoke-reason').textContent()).toBe(REVOKE_REASON);
      expect(await page.getByTestId('revoke-open').count()).toBe(0);

      // The filter: under "revoked", this agreement and not the trial one still in force.
      await page.getByTestId('tab-agreements').click();
      await page.getByTestId('agreements-status').selectOption('REVOKED');
      await page.waitForFunction(() => new URL(location.href).hash.includes('status=REVOKED'));
      await listed.waitFor();
      expect(await page.getByTestId('agreement-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-status')))).toEqual(['REVOKED']);

      // Every request, by status: the approved one is there, no longer waiting for anyone.
      await page.getByTestId('tab-requests').click();
      await page.getByTestId('requests-view').selectOption('all');
      await page.getByTestId('requests-status').selectOption('APPROVED');
      await page.waitForFunction(() => new URL(location.href).hash.includes('status=APPROVED'));
      const approvedRow = page.locator(`[data-testid="request-row"][data-request-id="${requestId}"]`);
      await approvedRow.waitFor();
      expect(await page.getByTestId('request-row').evaluateAll((rows) => [...new Set(rows.map((row) => row.getAttribute('data-status')))])).toEqual(['APPROVED']);
      expect(await approvedRow.textContent()).toContain('3/3');
      await page.getByTestId('tab-agreements').click();
      await page.getByTestId('agreements-status').selectOption('REVOKED');
      await listed.waitFor();

      // In English too.
      await page.getByRole('button', { name: 'English' }).click();
      expect(await listed.getByTestId('agreement-link').isVisible()).toBe(true);
      expect(await listed.textContent()).toContain('Revoked');
      expect(originsOf(officer.requests)).toEqual([running.web.origin, new URL(running.system.identityProvider.issuer).origin].sort());
      expect(officer.problems).toEqual([]);
    } finally {
      await officer.context.close();
    }

    // Effective at once: the application's next request is refused.
    const revoked = await runOperation();
    expect(revoked.status).toBe(403);
    expect(revoked.body.errors?.[0]?.extensions?.code).toBe('AGREEMENT_REVOKED');
    expect(revoked.body.data ?? null).toBeNull();
  });

  it('a rejection needs a reason and ends the request: a steward’s stale page that approves after it is told CONFLICT', async () => {
    // The application writes the title: markup in it is text on the page, never markup.
    const hostileTitle = '案由与信访类别对照 <img src=x onerror="window.__injected=1"><b>紧急</b>';
    const rejected = await submit(
      hostileTitle,
      'query CategoriesAcross { cases(first: 5) { edges { node { causeOfAction } } } petitions(first: 5) { edges { node { category respondent } } } }',
      new Date(Date.now() + 90 * DAY_MS),
    );
    const at = `${running.web.origin}/console#/request?id=${rejected}`;
    // The petitions steward opens it first and leaves the page open.
    const stale = await openConsoleAs('steward.petitions');
    const court = await openConsoleAs('steward.court');
    try {
      await stale.page.goto(at);
      await stale.page.getByTestId('decision-approve').waitFor();

      await court.page.goto(at);
      await court.page.getByTestId('decision-reject').waitFor();
      expect(await court.page.getByTestId('request-title').textContent()).toBe(hostileTitle);
      expect(await court.page.getByTestId('request-view').locator('img, b').count()).toBe(0);
      expect(await court.page.evaluate(() => (window as unknown as { __injected?: number }).__injected)).toBeUndefined();
      expect(await court.page.getByTestId('decision-reject').isDisabled()).toBe(true);
      // Whitespace is no reason.
      await court.page.getByTestId('decision-reason').fill('   ');
      expect(await court.page.getByTestId('decision-reject').isDisabled()).toBe(true);
      const why = '被反映人姓名不属于统计所需，请删去 respondent 后重新申请。';
      await court.page.getByTestId('decision-reason').fill(why);
      await court.page.getByTestId('decision-reject').click();
      await court.page.getByTestId('decision-saved').waitFor();
      expect(await court.page.getByTestId('request-status').textContent()).toBe('已驳回');
      const seat = court.page.locator('[data-testid="approval"][data-seat="data-steward:court"]');
      expect(await seat.getAttribute('data-status')).toBe('REJECTED');
      expect(await seat.textContent()).toContain(why);
      expect(await court.page.getByTestId('decision-reason').count()).toBe(0);
      expect(await court.page.locator('[data-testid="workflow-event"]').evaluateAll((events) => events.map((event) => event.getAttribute('data-action')))).toEqual(
        expect.arrayContaining(['submitted', 'rejected']),
      );

      // The stale page still offers approval; the API refuses it and the page says why.
      await stale.page.getByTestId('decision-approve').click();
      await stale.page.getByTestId('decision-failed').waitFor();
      expect(await stale.page.getByTestId('decision-failed').textContent()).toContain('CONFLICT');
      expect(await stale.page.getByTestId('decision-saved').count()).toBe(0);
      // The browser logs the refused request itself; nothing else went wrong on the page.
      expect(stale.problems).toEqual([expect.stringContaining('status of 409')]);
      expect(court.problems).toEqual([]);
    } finally {
      await stale.context.close();
      await court.context.close();
    }
    // Nor can the officer approve it afterwards, and no agreement came of it.
    const late = await agreementsApi(await passwordToken(running.system.identityProvider.issuer, 'officer.qian'), DECIDE, { id: rejected, decision: 'APPROVE' });
    expect(late.body.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const read = await agreementsApi(await passwordToken(running.system.identityProvider.issuer, 'officer.qian'), `query R($id: ID!) { sharingRequest(id: $id) { status agreement { id } } }`, { id: rejected });
    expect(read.body.data.sharingRequest).toEqual({ status: 'REJECTED', agreement: null });
  });
});
