/**
 * The web UI under an auto seal (awskms on a real LocalStack KMS), in Debian's Chromium: the init
 * page asks for recovery shares and hands out recovery keys, the server unseals itself (no unseal
 * form: straight to the login), the status page shows awskms with its shamir recovery seal; after
 * a manual seal the unseal page shows the auto-unseal state instead of a form, and the recovery keys
 * (behind the disclosure) unseal it; restarted while the KMS is unreachable, the unseal page shows
 * the start-up loop retrying (last error, next attempt) and moves on once the KMS is back. No CSP
 * violation, no foreign request, axe-clean pages.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, guard, launchChromium, type PageGuard } from '../support/browser.js';
import { ServerProcess } from '../support/harness.js';
import { recordSecrets } from '../support/leak-check.js';
import { startLocalStack, type LocalStack } from '../support/localstack.js';
import { TcpProxy } from '../support/tcp-proxy.js';

describe('the web UI under an awskms seal (LocalStack)', () => {
  let kms: LocalStack;
  let proxy: TcpProxy;
  let server: ServerProcess;
  let browser: Browser;
  let page: Page;
  let watch: PageGuard;
  let origin = '';
  let recovery: string[] = [];
  let rootToken = '';

  const sealStatus = async (): Promise<{ initialized: boolean; sealed: boolean; recovery_seal: boolean; type: string }> =>
    (await fetch(`${origin}/v1/sys/seal-status`)).json() as Promise<{ initialized: boolean; sealed: boolean; recovery_seal: boolean; type: string }>;

  beforeAll(async () => {
    browser = await launchChromium();
    kms = await startLocalStack();
    const keyId = await kms.createKey('us-east-1');
    // The server reaches the KMS through a proxy that a test can cut (a KMS outage at start-up).
    proxy = await TcpProxy.start({ port: Number(new URL(kms.endpoint).port) });
    server = await ServerProcess.withFileStorage(
      `\nseal "awskms" {\n  region = "us-east-1"\n  kms_key_id = "${keyId}"\n  endpoint = "http://127.0.0.1:${proxy.port}"\n}\n`,
      { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_EC2_METADATA_DISABLED: 'true', TSVAULT_UNSEAL_RETRY_INTERVAL: '3s' },
    );
    await server.start();
    origin = `http://${server.address}`;
    const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    watch = guard(page, origin);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await proxy?.stop();
    await kms?.stop();
  });

  it('init asks for recovery shares and shows the recovery keys once', async () => {
    await page.goto(`${origin}/ui/`);
    await page.getByRole('heading', { name: 'Initialize Vault' }).waitFor();
    expect(await page.getByLabel('Key shares', { exact: true }).count()).toBe(0);
    await page.getByLabel('Recovery key shares').fill('5');
    await page.getByLabel('Recovery key threshold').fill('3');
    await expectAccessible(page, 'awskms-init');
    await page.getByRole('button', { name: 'Initialize' }).click();
    await page.getByRole('heading', { name: 'Save these keys now' }).waitFor();
    expect(await page.getByTestId('key-share').count()).toBe(5);
    expect(await page.getByText('Recovery key 1', { exact: true }).count()).toBe(1);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download keys (JSON)' }).click()]);
    const file = readFileSync((await download.path())!, 'utf8');
    recordSecrets(file);
    const saved = JSON.parse(file) as { keys: string[]; recovery_keys: string[]; recovery_keys_base64: string[]; root_token: string };
    expect(saved.keys).toEqual([]);
    expect(saved.recovery_keys_base64).toHaveLength(5);
    expect(saved.recovery_keys.map((k) => k.trim())).toEqual((await page.getByTestId('key-share').allTextContents()).map((k) => k.trim()));
    recovery = saved.recovery_keys_base64;
    rootToken = saved.root_token;
    await page.getByLabel('I have saved the keys and the root token').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    // The seal unseals the server by itself: no unseal form, straight to the login.
    await page.getByRole('heading', { name: 'Sign in to Vault' }).waitFor();
    expect((await sealStatus()).sealed).toBe(false);
  });

  it('status shows awskms with its shamir recovery seal and healthy seal', async () => {
    await page.locator('#token').fill(rootToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Status' }).waitFor();
    expect(await page.getByTestId('seal-type').textContent()).toBe('awskms');
    const facts = (await page.locator('dl.facts').allTextContents()).join(' ');
    expect(facts).toMatch(/Recovery seal\s*yes \(shamir\)/);
    await expect.poll(async () => (await page.locator('dl.facts').allTextContents()).join(' ')).toMatch(/Seal health\s*healthy/);
    await expectAccessible(page, 'awskms-status');
  });

  it('sealed by hand: the auto-unseal state instead of a form; the recovery keys unseal it', async () => {
    await page.getByRole('button', { name: 'Seal', exact: true }).click();
    await page.getByRole('button', { name: 'Yes, seal it' }).click();
    await page.getByRole('heading', { name: 'Unseal Vault' }).waitFor();
    expect((await sealStatus()).sealed).toBe(true);
    expect(await page.getByText('This server unseals itself with its awskms seal').count()).toBe(1);
    expect(await page.locator('dl[aria-label="Auto-unseal state"] .fact').first().textContent()).toBe('Statesealed');
    // The key form is folded away until asked for.
    expect(await page.getByLabel('Recovery key share').isVisible()).toBe(false);
    await expectAccessible(page, 'awskms-unseal');
    await page.getByText('Unseal with recovery keys (after a manual seal)').click();
    for (const [i, key] of recovery.slice(0, 2).entries()) {
      await page.getByLabel('Recovery key share').fill(key);
      await page.getByRole('button', { name: 'Unseal', exact: true }).click();
      await expect.poll(() => page.getByTestId('unseal-progress').textContent()).toBe(`${i + 1}/3`);
    }
    await page.getByLabel('Recovery key share').fill(recovery[2]!);
    await page.getByRole('button', { name: 'Unseal', exact: true }).click();
    await page.getByRole('heading', { name: 'Status' }).waitFor();
    expect((await sealStatus()).sealed).toBe(false);
  });

  it('KMS unreachable at start-up: the page shows the loop retrying with its last error and next attempt, then moves on when the KMS is back', async () => {
    await server.stop();
    await proxy.cut();
    await server.start();
    await page.goto(`${origin}/ui/`);
    await page.getByRole('heading', { name: 'Unseal Vault' }).waitFor();
    const facts = page.locator('dl[aria-label="Auto-unseal state"]');
    await expect.poll(() => facts.textContent(), { timeout: 15_000 }).toMatch(/Start-up loop\s*retrying \(\d+ attempts? so far\)/);
    const shown = (await facts.textContent())!;
    // The error as the server logs it, and an attempt still to come.
    const loop = ((await (await fetch(`${origin}/v1/sys/seal-backend-status`)).json()) as { auto_unseal: { state: string; last_error: string; next_attempt: string } }).auto_unseal;
    expect(loop.state).toBe('retrying');
    expect(loop.last_error).toMatch(/^fetching stored unseal keys failed: /);
    expect(server.output).toContain(`failed to unseal core: error="${loop.last_error}"`);
    expect(shown).toContain(`Last error${loop.last_error}`);
    expect(shown).toMatch(/Next attempt\s*\d/);
    expect(await page.getByLabel('Recovery key share').isVisible()).toBe(false);
    await expectAccessible(page, 'awskms-retrying');
    await proxy.restore();
    // The token is still in this tab: once the loop unseals, the status page is back.
    await page.getByRole('heading', { name: 'Status' }).waitFor({ timeout: 20_000 });
    expect((await sealStatus()).sealed).toBe(false);
    const after = ((await (await fetch(`${origin}/v1/sys/seal-backend-status`)).json()) as { auto_unseal: { state: string } }).auto_unseal;
    expect(after.state).toBe('unsealed');
  });

  it('no CSP violation, no request but to the server, no script error', () => {
    expect(watch).toEqual({ violations: [], foreign: [], pageErrors: [] });
  });
});
