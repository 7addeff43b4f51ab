/**
 * The web UI in Debian's Chromium (playwright-core), against the built daemon with file storage and
 * `ui = true`: init (bad input first) → download the keys → unseal three times with the progress
 * shown (a wrong share first) → log in with the root token (a wrong one first) → the status page
 * shows the seal type → userpass and AppRole logins → enable KV v2 and create a secret, write a
 * second version, read version 1 → enable transit, create a key, encrypt and decrypt → seal. On every page: axe-core finds no serious or critical violation; over
 * the whole run no CSP violation, no request to anything but the server, no script error.
 * Screenshots go to test-results/ui/ and must not be blank. `ui = false` answers 404 at /ui/.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible as checkPage, guard, launchChromium, screenshot, writeArtifact, type PageGuard } from '../support/browser.js';
import { freePort, ROOT, ServerProcess, tempDir } from '../support/harness.js';
import { recordSecrets } from '../support/leak-check.js';

const UI_DIST = join(ROOT, 'dist/ui');
/** The budget for the whole bundle, gzipped. */
const BUDGET_GZIP_BYTES = 250 * 1024;

let server: ServerProcess;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let watch: PageGuard;
let origin: string;
const metrics: Record<string, unknown> = {};

async function sealStatus(): Promise<{ initialized: boolean; sealed: boolean; progress: number; t: number }> {
  return (await fetch(`${origin}/v1/sys/seal-status`)).json() as Promise<{ initialized: boolean; sealed: boolean; progress: number; t: number }>;
}

const expectAccessible = (name: string): Promise<void> => checkPage(page, name);

describe('the web UI in Chromium (ui = true)', () => {
  beforeAll(async () => {
    server = await ServerProcess.withFileStorage();
    await server.start();
    origin = `http://${server.address}`;
    browser = await launchChromium();
    context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 }, colorScheme: 'light' });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
    page = await context.newPage();
    watch = guard(page, origin);
  });

  afterAll(async () => {
    writeArtifact('metrics.json', JSON.stringify(metrics, null, 2) + '\n');
    await browser?.close();
    await server?.stop();
  });

  it('ships a bundle within budget whose index.html has no inline script', () => {
    const html = readFileSync(join(UI_DIST, 'index.html'), 'utf8');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/\bsrc="\/ui\/assets\/[\w.-]+\.js"/);
      expect(body!.trim()).toBe('');
    }
    expect(html).not.toMatch(/\son[a-z]+=/i); // no inline event handlers either
    let gzip = 0;
    let raw = 0;
    for (const f of readdirSync(join(UI_DIST, 'assets'))) {
      const bytes = readFileSync(join(UI_DIST, 'assets', f));
      raw += bytes.length;
      gzip += gzipSync(bytes, { level: 9 }).length;
    }
    gzip += gzipSync(Buffer.from(html), { level: 9 }).length;
    Object.assign(metrics, { bundle_raw_bytes: raw + html.length, bundle_gzip_bytes: gzip });
    expect(gzip).toBeLessThanOrEqual(BUDGET_GZIP_BYTES);
  });

  it('/ redirects to /ui/, served with the strict CSP; init refuses threshold > shares with the server\'s message, storing nothing', async () => {
    const res = await page.goto(`${origin}/`);
    expect(page.url()).toBe(`${origin}/ui/`);
    expect(res!.headers()['content-security-policy']).toMatch(/script-src 'self'.*frame-ancestors 'none'/);
    await expect.poll(() => page.getByRole('heading', { name: 'Initialize Vault' }).isVisible()).toBe(true);
    await expectAccessible('init');
    await page.getByLabel('Key shares').fill('2');
    await page.getByLabel('Key threshold').fill('3');
    await page.getByRole('button', { name: 'Initialize' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('threshold cannot be larger than shares');
    expect((await sealStatus()).initialized).toBe(false);
  });

  let keys: string[] = [];
  let rootToken = '';

  it('init shows the keys once, downloads them as JSON, copies a share', async () => {
    await page.getByLabel('Key shares').fill('5');
    await page.getByLabel('Key threshold').fill('3');
    await page.getByRole('button', { name: 'Initialize' }).click();
    await page.getByRole('heading', { name: 'Save these keys now' }).waitFor();
    const shown = await page.getByTestId('key-share').allTextContents();
    rootToken = (await page.getByTestId('root-token').textContent())!.trim();
    expect(shown).toHaveLength(5);
    expect(rootToken).toMatch(/^hvs\.|^s\./);
    await expectAccessible('init-keys');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download keys (JSON)' }).click()]);
    expect(download.suggestedFilename()).toBe('vault-init-keys.json');
    const file = readFileSync((await download.path())!, 'utf8');
    recordSecrets(file);
    const saved = JSON.parse(file) as { keys: string[]; keys_base64: string[]; root_token: string };
    expect(saved.keys.map((k) => k.trim())).toEqual(shown.map((k) => k.trim()));
    expect(saved.keys_base64).toHaveLength(5);
    expect(saved.root_token).toBe(rootToken);
    keys = saved.keys;

    await page.getByRole('button', { name: 'Copy unseal key 1' }).click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(keys[0]);

    const proceed = page.getByRole('button', { name: 'Continue' });
    expect(await proceed.isDisabled()).toBe(true);
    await page.getByLabel('I have saved the keys and the root token').check();
    await proceed.click();
    await page.getByRole('heading', { name: 'Unseal Vault' }).waitFor();
  });

  it('unseal: a wrong share shows the server\'s error and counts nothing; three shares with progress 1/3, 2/3; reset', async () => {
    const progress = page.getByTestId('unseal-progress');
    expect((await progress.textContent())!.trim()).toBe('0/3');
    await expectAccessible('unseal');
    await page.getByLabel('Unseal key share').fill('not-a-key-share');
    await page.getByRole('button', { name: 'Unseal', exact: true }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain("'key' must be a valid hex or base64 string");
    expect((await sealStatus()).progress).toBe(0);

    await page.getByLabel('Unseal key share').fill(keys[0]!);
    await page.getByRole('button', { name: 'Unseal', exact: true }).click();
    await expect.poll(() => progress.textContent()).toBe('1/3');
    expect(await page.getByTestId('unseal-nonce').textContent()).toMatch(/^[0-9a-f-]{36}$/);
    await page.getByRole('button', { name: 'Reset' }).click();
    await expect.poll(() => progress.textContent()).toBe('0/3');
    expect((await sealStatus()).progress).toBe(0);

    for (const [i, key] of keys.slice(0, 2).entries()) {
      await page.getByLabel('Unseal key share').fill(key);
      await page.getByRole('button', { name: 'Unseal', exact: true }).click();
      await expect.poll(() => progress.textContent()).toBe(`${i + 1}/3`);
      expect(await page.getByLabel('Unseal key share').inputValue()).toBe('');
    }
    await screenshot(page, 'unseal-2-of-3');
    // The third by keyboard alone: type, then Enter submits the form.
    await page.getByLabel('Unseal key share').focus();
    await page.keyboard.type(keys[2]!);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Sign in to Vault' }).waitFor();
    expect((await sealStatus()).sealed).toBe(false);
  });

  it('login: a wrong token shows the server\'s error and keeps nothing; the root token by keyboard, kept in sessionStorage only', async () => {
    await expectAccessible('login');
    await page.locator('#token').fill('hvs.not-a-real-token-at-all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('permission denied');
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);

    await page.locator('#token').fill('');
    await page.locator('#token').focus();
    await page.keyboard.type(rootToken);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Status' }).waitFor();
    const stored = await page.evaluate(() => ({ session: Object.values(sessionStorage), local: localStorage.length, cookie: document.cookie }));
    expect(stored).toEqual({ session: [rootToken], local: 0, cookie: '' });
  });

  it('status shows the seal type and server facts, light, dark and at 320 px', async () => {
    expect(await page.getByTestId('seal-type').textContent()).toBe('shamir');
    const facts = await page.locator('dl.facts').allTextContents();
    expect(facts.join(' ')).toMatch(/Storage\s*file/);
    expect(facts.join(' ')).toMatch(/HA mode\s*disabled/);
    expect(facts.join(' ')).toMatch(/Seal health\s*healthy/);
    await expectAccessible('status');
    const light = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.emulateMedia({ colorScheme: 'dark' });
    const dark = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(dark).not.toBe(light);
    await expectAccessible('status-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 320, height: 800 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await expectAccessible('status-320px');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('signs out, then in by userpass and by AppRole (enabled through the API): wrong credentials show the server\'s error; no Seal button without root', async () => {
    const h = { 'X-Vault-Token': rootToken, 'Content-Type': 'application/json' };
    expect((await fetch(`${origin}/v1/sys/auth/userpass`, { method: 'POST', headers: h, body: JSON.stringify({ type: 'userpass' }) })).status).toBe(204);
    const user = await fetch(`${origin}/v1/auth/userpass/users/alice`, { method: 'POST', headers: h, body: JSON.stringify({ password: 'correct horse', token_policies: 'default' }) });
    expect(user.status).toBe(204);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Vault' }).waitFor();
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    await page.getByLabel('Username & password').check();
    expect(await page.getByLabel('Mount path').inputValue()).toBe('userpass');
    await page.getByLabel('Username', { exact: true }).fill('alice');
    await page.getByLabel('Password', { exact: true }).fill('wrong horse');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('invalid username or password');
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    await page.getByLabel('Password', { exact: true }).fill('correct horse');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Status' }).waitFor();
    const kept = await page.evaluate(() => Object.values(sessionStorage));
    expect(kept).toHaveLength(1);
    expect(kept[0]).not.toBe(rootToken);
    expect(await page.getByRole('button', { name: 'Seal', exact: true }).count()).toBe(0);
    // The login page's list of auth mounts is held back until a mount path has been typed: its late
    // answer must not put the method's default path back over what the user typed.
    const mountsUrl = /\/v1\/sys\/internal\/ui\/mounts(\?.*)?$/;
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    await page.route(mountsUrl, async (route) => {
      await held;
      await route.continue();
    });
    const listed = page.waitForResponse(mountsUrl);
    await page.getByRole('button', { name: 'Sign out' }).click();

    // AppRole on a mount of its own path: a wrong secret id, then the right one.
    const call = async (method: string, path: string, body?: unknown): Promise<{ data?: Record<string, string> } | undefined> => {
      const r = await fetch(`${origin}/v1/${path}`, { method, headers: h, ...(body ? { body: JSON.stringify(body) } : {}) });
      expect(r.status, `${method} ${path}`).toBeLessThan(300);
      return r.status === 204 ? undefined : ((await r.json()) as { data?: Record<string, string> });
    };
    await call('POST', 'sys/auth/machines', { type: 'approle' });
    await call('POST', 'auth/machines/role/ci', { token_policies: 'default' });
    const roleId = (await call('GET', 'auth/machines/role/ci/role-id'))!.data!.role_id!;
    const secretId = (await call('POST', 'auth/machines/role/ci/secret-id'))!.data!.secret_id!;
    await page.getByLabel('AppRole').check();
    await page.getByLabel('Mount path').fill('machines');
    release();
    await listed;
    await page.unroute(mountsUrl);
    // Preact renders after the answer's promise settles: two frames later the field shows its fate.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    expect(await page.getByLabel('Mount path').inputValue()).toBe('machines');
    await page.getByLabel('Role ID').fill(roleId);
    await page.getByLabel('Secret ID').fill('00000000-0000-0000-0000-000000000000');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('invalid role or secret ID');
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    await page.getByLabel('Secret ID').fill(secretId);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Status' }).waitFor();
    expect(await page.evaluate(() => sessionStorage.length)).toBe(1);
    await page.getByRole('button', { name: 'Sign out' }).click();

    await page.getByRole('radio', { name: 'Token' }).check();
    await page.locator('#token').fill(rootToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Status' }).waitFor();
  });

  it('secrets: enables KV v2 in the UI, creates a secret, writes version 2, reads version 1; a path in use shows the server\'s error', async () => {
    const heading = (name: string) => page.getByRole('heading', { name, exact: true });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Secrets' }).click();
    await heading('Secrets engines').waitFor();
    expect(await page.getByLabel('Engine', { exact: true }).inputValue()).toBe('kv-v2');
    await page.getByLabel('Path', { exact: true }).fill('secret');
    await expectAccessible('secrets-enable');
    await page.getByRole('button', { name: 'Enable engine' }).click();
    await heading('secret/').waitFor();
    const mounts = (await (await fetch(`${origin}/v1/sys/mounts`, { headers: { 'X-Vault-Token': rootToken } })).json()) as { data: Record<string, { type: string; options: Record<string, string> | null }> };
    expect(mounts.data['secret/']).toMatchObject({ type: 'kv', options: { version: '2' } });

    await page.getByRole('link', { name: 'Create a secret here' }).click();
    await page.getByLabel('Name').fill('app/db');
    await page.getByLabel('Key 1', { exact: true }).fill('password');
    await page.getByLabel('Value 1', { exact: true }).fill('first-password');
    await page.getByRole('button', { name: 'Save' }).click();
    await heading('secret/app/db').waitFor();
    expect((await page.getByTestId('shown-version').textContent())!.trim()).toBe('Version 1 (current)');
    await page.getByRole('link', { name: 'Edit' }).click();
    await page.getByLabel('JSON', { exact: true }).check();
    await page.getByLabel('Secret data (JSON)').fill('{"password": "second-password"}');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByTestId('shown-version').textContent()).toBe('Version 2 (current)');
    await page.getByRole('button', { name: 'Read version 1' }).click();
    await expect.poll(() => page.getByTestId('shown-version').textContent()).toBe('Version 1');
    expect(await page.getByTestId('secret-data').textContent()).toContain('first-password');
    expect(await page.getByTestId('secret-data').textContent()).not.toContain('second-password');
    await expectAccessible('kv-version-1');

    // The same path again: the server's refusal as it sent it, the mount table unchanged.
    const again = await fetch(`${origin}/v1/sys/mounts/secret`, { method: 'POST', headers: { 'X-Vault-Token': rootToken }, body: JSON.stringify({ type: 'kv' }) });
    const refusal = ((await again.json()) as { errors: string[] }).errors[0]!;
    expect(again.status).toBe(400);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Secrets' }).click();
    await heading('Secrets engines').waitFor();
    await page.getByLabel('Path', { exact: true }).fill('secret');
    await page.getByRole('button', { name: 'Enable engine' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain(refusal);
    const after = (await (await fetch(`${origin}/v1/sys/mounts`, { headers: { 'X-Vault-Token': rootToken } })).json()) as { data: Record<string, unknown> };
    expect(Object.keys(after.data).sort()).toEqual(Object.keys(mounts.data).sort());
  });

  it('transit: enables it in the UI, creates a key, encrypts a value and decrypts it back', async () => {
    await page.getByLabel('Engine', { exact: true }).selectOption('transit');
    await page.getByLabel('Path', { exact: true }).fill('');
    await page.getByRole('button', { name: 'Enable engine' }).click();
    await page.getByRole('heading', { name: 'Keys in transit/' }).waitFor();
    await page.getByLabel('Key name').fill('orders');
    await page.getByRole('button', { name: 'Create key' }).click();
    await page.getByRole('heading', { name: 'Key orders' }).waitFor();
    const text = 'card 4111 1111 1111 1111';
    await page.getByLabel('Plaintext', { exact: true }).fill(text);
    await page.getByRole('button', { name: 'Encrypt', exact: true }).click();
    await expect.poll(() => page.getByTestId('ciphertext').textContent()).toMatch(/^vault:v1:/);
    const ciphertext = (await page.getByTestId('ciphertext').textContent())!;
    expect(ciphertext).not.toContain(text);
    await page.getByRole('button', { name: 'Use the ciphertext above' }).click();
    await page.getByRole('button', { name: 'Decrypt', exact: true }).click();
    await expect.poll(() => page.getByTestId('decrypted').textContent()).toBe(text);
    await expectAccessible('transit-round-trip');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Status' }).click();
    await page.getByRole('heading', { name: 'Status' }).waitFor();
  });

  it('Seal (root token) asks for confirmation, then seals: the unseal page is back', async () => {
    await page.getByRole('button', { name: 'Seal', exact: true }).click();
    await page.getByRole('button', { name: 'Cancel' }).click();
    expect((await sealStatus()).sealed).toBe(false);
    await page.getByRole('button', { name: 'Seal', exact: true }).click();
    await expectAccessible('seal-confirm');
    await page.getByRole('button', { name: 'Yes, seal it' }).click();
    await page.getByRole('heading', { name: 'Unseal Vault' }).waitFor();
    expect((await sealStatus()).sealed).toBe(true);
  });

  it('the unseal page: time to interactive from Chromium\'s performance timing, cold and warm', async () => {
    for (const run of ['cold', 'warm'] as const) {
      const ctx = run === 'cold' ? await browser.newContext() : context;
      const p = run === 'cold' ? await ctx.newPage() : page;
      const g = guard(p, origin);
      await p.goto(`${origin}/ui/`);
      // Interactive: the key field rendered and enabled (the app has read seal-status).
      const ready = await p.waitForFunction(() => {
        const el = document.getElementById('unseal-key') as HTMLInputElement | null;
        return el && !el.disabled ? performance.now() : 0;
      });
      const nav = await p.evaluate(() => {
        const n = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
        return { dom_interactive_ms: n.domInteractive, dom_content_loaded_ms: n.domContentLoadedEventEnd, load_ms: n.loadEventEnd };
      });
      metrics[`unseal_page_${run}`] = { ...nav, form_ready_ms: Math.round(((await ready.jsonValue()) as number) * 10) / 10 };
      expect(g).toEqual({ violations: [], foreign: [], pageErrors: [] });
      if (run === 'cold') await ctx.close();
    }
  });

  it('over the whole run: no CSP violation, no request but to the server, no script error', () => {
    expect(watch.violations).toEqual([]);
    expect(watch.foreign).toEqual([]);
    expect(watch.pageErrors).toEqual([]);
  });
});

describe('ui = false', () => {
  it('answers 404 at /ui/ and does not redirect /', async () => {
    const dir = tempDir();
    const address = `127.0.0.1:${await freePort()}`;
    const configPath = join(dir, 'vault.hcl');
    writeFileSync(configPath, `ui = false\nstorage "file" {\n  path = "${join(dir, 'data')}"\n}\nlistener "tcp" {\n  address = "${address}"\n  tls_disable = 1\n}\n`);
    const off = new ServerProcess({ dir, configPath, address });
    await off.start();
    try {
      expect((await fetch(`http://${address}/ui/`)).status).toBe(404);
      expect((await fetch(`http://${address}/ui/assets/x.js`)).status).toBe(404);
      expect((await fetch(`http://${address}/`, { redirect: 'manual' })).status).toBe(404);
    } finally {
      await off.stop();
    }
  });
});
