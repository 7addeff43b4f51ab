/**
 * The Secrets pages in Debian's Chromium (playwright-core), against the built daemon with file
 * storage and `ui = true`, initialised and unsealed through the API: log in with the root token →
 * the mounts list → a KV v2 mount: create a secret in key/value mode (v1), edit it as JSON (v2),
 * read version 1, delete and undelete the latest, destroy version 1; a malformed JSON edit and a
 * write the server refuses (check-and-set required) show their messages and store no version;
 * then a KV v1 mount written, edited and deleted. Every check of what was stored goes through the
 * API. axe-core on each new page, screenshots non-blank, light, dark and 320 px; over the whole run
 * no CSP violation, no request but to the server, no script error.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible as checkPage, initUnsealed, openPage, type PageGuard } from '../support/browser.js';
import { ServerProcess } from '../support/harness.js';

let server: ServerProcess;
let browser: Browser;
let page: Page;
let watch: PageGuard;
let origin = '';
let rootToken = '';

const expectAccessible = (name: string): Promise<void> => checkPage(page, name);

/** The API as the root token, outside the browser: what the server really stored. */
async function api(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`${origin}/v1/${path}`, {
    method,
    headers: { 'X-Vault-Token': rootToken, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

async function metadata(path: string): Promise<{ current_version: number; versions: Record<string, { deletion_time: string; destroyed: boolean }> }> {
  const res = await api('GET', `kv2/metadata/${path}`);
  expect(res.status).toBe(200);
  return res.json.data;
}

const heading = (name: string) => page.getByRole('heading', { name, exact: true });

async function confirm(label: string, yes: string): Promise<void> {
  await page.getByRole('button', { name: label, exact: true }).click();
  await page.getByRole('group', { name: label }).waitFor();
  await page.getByRole('button', { name: yes, exact: true }).click();
}

describe('the Secrets pages in Chromium', () => {
  beforeAll(async () => {
    server = await ServerProcess.withFileStorage();
    await server.start();
    origin = `http://${server.address}`;
    rootToken = await initUnsealed(origin);
    expect((await api('POST', 'sys/mounts/kv2', { type: 'kv', description: 'versioned', options: { version: '2' } })).status).toBe(204);
    expect((await api('POST', 'sys/mounts/kv1', { type: 'kv', description: 'plain' })).status).toBe(204);
    ({ browser, page, watch } = await openPage(origin));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('logs in with the root token and lists the mounts with their KV version', async () => {
    await page.goto(`${origin}/ui/`);
    await page.locator('#token').fill(rootToken);
    await page.keyboard.press('Enter');
    await heading('Status').waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Secrets' }).click();
    await heading('Secrets engines').waitFor();
    const rows = page.getByTestId('mounts').locator('tbody tr');
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(3);
    const text = (await rows.allTextContents()).map((t) => t.replace(/\s+/g, ' '));
    expect(text).toContain('kv1/kvv1plain');
    expect(text).toContain('kv2/kvv2versioned');
    expect(text.some((t) => t.startsWith('cubbyhole/cubbyhole—'))).toBe(true);
    // Only KV mounts link to the browser.
    expect(await page.getByRole('link', { name: 'cubbyhole/' }).count()).toBe(0);
    await expectAccessible('secrets-mounts');
  });

  it('KV v2: creates a secret in key/value mode (version 1)', async () => {
    await page.getByRole('link', { name: 'kv2/' }).click();
    await heading('kv2/').waitFor();
    await page.getByText('No secrets here yet.').waitFor();
    await expectAccessible('kv-folder-empty');
    await page.getByRole('link', { name: 'Create a secret here' }).click();
    await heading('Create a secret in kv2/').waitFor();
    await page.getByLabel('Name').fill('app/db');
    await page.getByLabel('Key 1', { exact: true }).fill('username');
    await page.getByLabel('Value 1', { exact: true }).fill('admin');
    await page.getByRole('button', { name: 'Add row' }).click();
    await page.getByLabel('Key 2', { exact: true }).fill('password');
    await page.getByLabel('Value 2', { exact: true }).fill('s3cret-one');
    await expectAccessible('kv-create');
    await page.getByRole('button', { name: 'Save' }).click();
    await heading('kv2/app/db').waitFor();
    expect((await page.getByTestId('shown-version').textContent())!.trim()).toBe('Version 1 (current)');
    expect((await page.getByTestId('secret-data').locator('tbody tr').allTextContents()).map((t) => t.trim())).toEqual(['passwords3cret-one', 'usernameadmin']);
    const stored = await api('GET', 'kv2/data/app/db');
    expect(stored.json.data).toMatchObject({ data: { username: 'admin', password: 's3cret-one' }, metadata: { version: 1 } });
    await expectAccessible('kv-secret');
    // The folder lists it under its sub-folder, reached by the breadcrumbs.
    await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'app' }).click();
    await heading('kv2/app/').waitFor();
    expect(await page.getByRole('list', { name: 'Keys in kv2/app/' }).textContent()).toBe('db');
    await page.getByRole('link', { name: 'db', exact: true }).click();
    await heading('kv2/app/db').waitFor();
  });

  it('KV v2: edits it as JSON (version 2, a number kept a number), shown as JSON too', async () => {
    await page.getByRole('link', { name: 'Edit' }).click();
    await heading('Edit kv2/app/db').waitFor();
    await page.getByLabel('JSON', { exact: true }).check();
    const area = page.getByLabel('Secret data (JSON)');
    expect(JSON.parse(await area.inputValue())).toEqual({ username: 'admin', password: 's3cret-one' });
    await area.fill('{"username": "admin", "password": "s3cret-two", "port": 5432}');
    await expectAccessible('kv-edit-json');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByTestId('shown-version').textContent()).toBe('Version 2 (current)');
    expect((await api('GET', 'kv2/data/app/db')).json.data.data).toEqual({ username: 'admin', password: 's3cret-two', port: 5432 });
    await page.getByRole('button', { name: 'Show JSON' }).click();
    expect(JSON.parse((await page.getByTestId('secret-json').textContent())!)).toEqual({ username: 'admin', password: 's3cret-two', port: 5432 });
    await page.getByRole('button', { name: 'Show JSON' }).click();
  });

  it('a malformed JSON edit shows the parse error and sends nothing; a write the server refuses shows its message; no version is made', async () => {
    await page.getByRole('link', { name: 'Edit' }).click();
    await heading('Edit kv2/app/db').waitFor();
    await page.getByLabel('JSON', { exact: true }).check();
    await page.getByLabel('Secret data (JSON)').fill('{"username": "admin", "password": ');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByTestId('form-problem').textContent()).toMatch(/^the JSON is malformed: /);
    await expectAccessible('kv-edit-malformed');
    expect((await metadata('app/db')).current_version).toBe(2);

    // The server's own refusal: this secret now requires check-and-set, which the form does not send.
    expect((await api('POST', 'kv2/metadata/app/db', { cas_required: true })).status).toBe(204);
    await page.getByLabel('Secret data (JSON)').fill('{"username": "admin"}');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('check-and-set parameter required for this call');
    expect((await metadata('app/db')).current_version).toBe(2);
    expect((await api('POST', 'kv2/metadata/app/db', { cas_required: false })).status).toBe(204);
    await page.getByRole('link', { name: 'Cancel' }).click();
    await heading('kv2/app/db').waitFor();
  });

  it('KV v2: reads version 1 from the versions list', async () => {
    await page.getByRole('button', { name: 'Read version 1' }).click();
    await expect.poll(() => page.getByTestId('shown-version').textContent()).toBe('Version 1');
    await expect.poll(() => page.getByTestId('secret-data').textContent()).toContain('s3cret-one');
    expect(await page.getByTestId('secret-data').textContent()).not.toContain('5432');
    await expectAccessible('kv-versions');
  });

  it('KV v2: deletes the latest version and undeletes it, each after a confirmation', async () => {
    // Back to the secret as it opens (the current version).
    await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'app' }).click();
    await page.getByRole('link', { name: 'db', exact: true }).click();
    await expect.poll(() => page.getByTestId('shown-version').textContent()).toBe('Version 2 (current)');
    await page.getByRole('button', { name: 'Delete version 2' }).click();
    await page.getByRole('button', { name: 'Cancel' }).click();
    expect((await metadata('app/db')).versions['2']!.deletion_time).toBe('');
    await page.getByRole('button', { name: 'Delete version 2' }).click();
    await expectAccessible('kv-delete-confirm');
    await page.getByRole('button', { name: 'Yes, delete it' }).click();
    await expect.poll(() => page.getByTestId('no-data').textContent()).toContain('deleted');
    expect((await metadata('app/db')).versions['2']!.deletion_time).not.toBe('');
    expect((await api('GET', 'kv2/data/app/db')).status).toBe(404);
    expect(await page.getByTestId('version-2').textContent()).toContain('deleted');

    await confirm('Undelete version 2', 'Yes, undelete it');
    await expect.poll(() => page.getByTestId('secret-data').textContent()).toContain('s3cret-two');
    expect((await metadata('app/db')).versions['2']!.deletion_time).toBe('');
  });

  it('KV v2: destroys version 1, shown as destroyed', async () => {
    await page.getByRole('button', { name: 'Read version 1' }).click();
    await expect.poll(() => page.getByTestId('shown-version').textContent()).toBe('Version 1');
    await confirm('Destroy version 1', 'Yes, destroy it');
    await expect.poll(() => page.getByTestId('version-1').textContent()).toContain('destroyed');
    expect(await page.getByTestId('no-data').textContent()).toContain('destroyed');
    const meta = await metadata('app/db');
    expect(meta.versions['1']!.destroyed).toBe(true);
    expect(meta.versions['2']!.destroyed).toBe(false);
    expect((await api('GET', 'kv2/data/app/db?version=1')).status).toBe(404);
  });

  it('the secret page reads at 320 px and in the dark', async () => {
    await page.getByRole('button', { name: 'Read version 2' }).click();
    await expect.poll(() => page.getByTestId('secret-data').textContent()).toContain('s3cret-two');
    await page.setViewportSize({ width: 320, height: 800 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await expectAccessible('kv-secret-320px');
    await page.emulateMedia({ colorScheme: 'dark' });
    await expectAccessible('kv-secret-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('KV v1: writes a secret as JSON, edits it as key/value, lists it, deletes it after a confirmation', async () => {
    await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Secrets' }).click();
    await heading('Secrets engines').waitFor();
    await page.getByRole('link', { name: 'kv1/' }).click();
    await heading('kv1/').waitFor();
    await page.getByRole('link', { name: 'Create a secret here' }).click();
    await page.getByLabel('Name').fill('cfg');
    await page.getByLabel('JSON', { exact: true }).check();
    await page.getByLabel('Secret data (JSON)').fill('{"mode": "blue", "replicas": 3}');
    await page.getByRole('button', { name: 'Save' }).click();
    await heading('kv1/cfg').waitFor();
    expect(await page.getByTestId('shown-version').count()).toBe(0);
    expect((await api('GET', 'kv1/cfg')).json.data).toEqual({ mode: 'blue', replicas: 3 });

    await page.getByRole('link', { name: 'Edit' }).click();
    await heading('Edit kv1/cfg').waitFor();
    await expect.poll(() => page.getByLabel('Value 1', { exact: true }).inputValue()).toBe('blue');
    await page.getByLabel('Value 1', { exact: true }).fill('green');
    await page.getByRole('button', { name: 'Save' }).click();
    await heading('kv1/cfg').waitFor();
    // The number stays a number through key/value mode.
    expect((await api('GET', 'kv1/cfg')).json.data).toEqual({ mode: 'green', replicas: 3 });

    await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'kv1' }).click();
    expect(await page.getByRole('list', { name: 'Keys in kv1/' }).textContent()).toBe('cfg');
    await page.getByRole('link', { name: 'cfg', exact: true }).click();
    await heading('kv1/cfg').waitFor();
    await confirm('Delete', 'Yes, delete it');
    await heading('kv1/').waitFor();
    await page.getByText('No secrets here yet.').waitFor();
    expect((await api('GET', 'kv1/cfg')).status).toBe(404);
  });

  it('over the whole run: no CSP violation, no request but to the server, no script error', () => {
    expect(watch.violations).toEqual([]);
    expect(watch.foreign).toEqual([]);
    expect(watch.pageErrors).toEqual([]);
  });
});
