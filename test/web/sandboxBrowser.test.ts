import type { Page } from 'playwright-core';
import { EXAMPLE_CASE_REF } from '../../runtime/banner';
import { describeInBrowser, newLaptopPage, originsOf, screenshot, signInThroughForm } from './browserSupport';
import { startWebSystem, type WebSystem } from './webSystem';

/**
 * The sandbox and the console's door in a real browser (chromium), against the whole system:
 * sign-in through the development identity provider with the authorization-code flow and PKCE,
 * a query with a purpose and a case reference, the masked paths beside the result, a refusal.
 */
let running: WebSystem;

beforeAll(async () => {
  running = await startWebSystem('web_sandbox');
}, 180_000);
afterAll(() => running?.stop());

/** Replaces the operation in GraphiQL's editor (typed as a paste, so the editor adds no closing brackets). */
async function setQuery(page: Page, query: string): Promise<void> {
  const editor = page.locator('.graphiql-query-editor .monaco-editor').first();
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(query);
  await page.locator('[aria-label^="Prettify query"]').first().click();
  await editor.click();
  await page.keyboard.press('ControlOrMeta+Home');
}

async function run(page: Page): Promise<void> {
  await page.locator('.graphiql-execute-button').click();
}

describeInBrowser('the sandbox', () => {
  it('signs mediator.wang in, runs a query with a purpose and a case reference, and shows the masked paths', async () => {
    const { context, page, requests, problems } = await newLaptopPage(running.browser);
    try {
      await page.goto(`${running.web.origin}/`);
      await screenshot(page, 'sandbox-signed-out');
      await signInThroughForm(page, 'mediator.wang', { screenshotAs: 'identity-provider-login' });
      expect(await page.getByTestId('signed-in-user').textContent()).toContain('mediator.wang');
      // The code and state are gone from the address bar once exchanged.
      expect(new URL(page.url()).search).toBe('');

      await page.getByTestId('purpose').selectOption('dispute-resolution');
      await page.getByTestId('case-ref').fill(EXAMPLE_CASE_REF);
      await page.getByTestId('case-ref').press('Enter');
      await page.locator('.graphiql-query-editor .monaco-editor').first().waitFor();
      await run(page);

      const masked = page.getByTestId('masked-path');
      await masked.first().waitFor();
      const rows = await masked.allTextContents();
      // The query names 王建国's ID, so its pseudonym is withheld (redact) rather than linked to it.
      expect(rows).toEqual(expect.arrayContaining(['person.idNumberredact', 'person.namesurname', 'person.phoneredact']));
      expect(await page.getByTestId('answer-status').textContent()).toBe('HTTP 200');
      const response = await page.locator('.graphiql-response').textContent();
      expect(response).not.toContain('330110197803150018');
      expect(response).toContain('王**');
      await screenshot(page, 'sandbox-masked');

      expect(originsOf(requests)).toEqual([running.web.origin, new URL(running.system.identityProvider.issuer).origin].sort());
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('shows a refused operation with its coordinates and reason', async () => {
    const { context, page } = await newLaptopPage(running.browser);
    try {
      await page.goto(`${running.web.origin}/`);
      await signInThroughForm(page, 'mediator.wang');
      await page.getByTestId('case-ref').fill(EXAMPLE_CASE_REF);
      await page.getByTestId('case-ref').press('Enter');
      await setQuery(page, '{ person(idNumber: "330110197803150018") { name accounts { accountNumber } } }');
      await run(page);
      await page.getByTestId('refusal').waitFor();
      expect(await page.getByTestId('refusal-code').textContent()).toBe('FORBIDDEN_FIELDS');
      expect(await page.getByTestId('answer-status').textContent()).toBe('HTTP 403');
      const refused = await page.getByTestId('refused-field').allTextContents();
      expect(refused.some((row) => row.startsWith('Person.accounts'))).toBe(true);
      await screenshot(page, 'sandbox-refused');

      // Signing out ends the provider's login session too: the next sign-in asks for the password again.
      await page.getByRole('button', { name: '退出' }).click();
      await page.getByTestId('sign-in').waitFor();
      expect(new URL(page.url()).pathname).toBe('/');
      await page.getByTestId('sign-in').click();
      await page.waitForSelector('form input[name="username"]');
    } finally {
      await context.close();
    }
  });
});

describeInBrowser('the console', () => {
  it('refuses a user without the privacy-officer role, and shows the gateway refusing the audit purpose', async () => {
    const { context, page } = await newLaptopPage(running.browser);
    try {
      await page.goto(`${running.web.origin}/console`);
      await signInThroughForm(page, 'mediator.wang');
      await page.getByTestId('console-refused').waitFor();
      await page.getByTestId('gateway-verdict').waitFor();
      const verdict = await page.getByTestId('gateway-verdict').textContent();
      expect(verdict).toContain('HTTP 403');
      expect(verdict).toContain('PURPOSE_NOT_PERMITTED');
      expect(await page.locator('[data-testid^="tab-"]').count()).toBe(0);
      await screenshot(page, 'console-refused');
      // The same page in English.
      await page.getByRole('button', { name: 'English' }).click();
      expect(await page.getByTestId('console-refused').locator('h1').textContent()).toBe('Not permitted to use the audit console');
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    } finally {
      await context.close();
    }
  });
});
