/**
 * The web UI's Transit and Policies pages in Debian's Chromium (playwright-core), against the built
 * daemon with file storage and `ui = true`, initialised and unsealed through the API: sign in with
 * the root token → enable transit through the API → create a key in the UI (a bad name first: the
 * server's error, nothing created) → encrypt a text and decrypt the ciphertext back to it (a
 * tampered ciphertext: the server's error) → rotate (Cancel, then confirmed by keyboard) and see
 * version 2 → create a policy and read it back through the API → a malformed policy: the server's
 * message, its line marked and selected in the editor, nothing stored → deleting `default` shows
 * the server's refusal → delete the created policy. axe-core on each page, screenshots non-blank,
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

interface Answer {
  status: number;
  body: { data?: Record<string, unknown>; errors?: string[] } | undefined;
}

async function api(method: string, path: string, body?: unknown): Promise<Answer> {
  const headers: Record<string, string> = { 'X-Vault-Token': rootToken };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${origin}/v1/${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Answer['body']) : undefined };
}

const expectAccessible = (name: string): Promise<void> => checkPage(page, name);
const nav = (name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
const alertText = () => page.getByRole('alert').first().textContent();

describe('the web UI: Transit and Policies in Chromium', () => {
  beforeAll(async () => {
    server = await ServerProcess.withFileStorage();
    await server.start();
    origin = `http://${server.address}`;
    rootToken = await initUnsealed(origin);
    ({ browser, page, watch } = await openPage(origin, true));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('signs in with the root token; Transit and Policies are in the navigation', async () => {
    await page.goto(`${origin}/ui/`);
    await page.getByRole('heading', { name: 'Sign in to Vault' }).waitFor();
    await page.locator('#token').fill(rootToken);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Status' }).waitFor();
    expect(await nav('Transit').count()).toBe(1);
    expect(await nav('Policies').count()).toBe(1);
  });

  it('Transit: the mount enabled through the API is listed; a bad key name shows the server\'s error; a key is created', async () => {
    expect((await api('POST', 'sys/mounts/transit', { type: 'transit' })).status).toBe(204);
    await nav('Transit').click();
    await page.getByRole('heading', { name: 'Transit', exact: true }).waitFor();
    await page.getByRole('link', { name: 'transit/' }).waitFor();
    await expectAccessible('transit-mounts');
    await page.getByRole('link', { name: 'transit/' }).click();
    await page.getByRole('heading', { name: 'Keys in transit/' }).waitFor();
    await page.getByText('No keys yet.').waitFor();
    await expectAccessible('transit-keys');

    // A name the server's path pattern refuses: its answer shown as sent, nothing created.
    const refused = await api('POST', 'transit/keys/bad%20name!', { type: 'aes256-gcm96' });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    await page.getByLabel('Key name').fill('bad name!');
    await page.getByRole('button', { name: 'Create key' }).click();
    await expect.poll(alertText).toContain(refused.body!.errors!.length > 0 ? refused.body!.errors![0] : `server answered ${refused.status}`);
    expect((await api('GET', 'transit/keys?list=true')).status).toBe(404);

    await page.getByLabel('Key name').fill('orders');
    expect(await page.getByLabel('Key type').inputValue()).toBe('aes256-gcm96');
    await page.getByLabel('Key type').selectOption('chacha20-poly1305');
    await page.getByLabel('Key type').selectOption('aes256-gcm96');
    await page.getByRole('button', { name: 'Create key' }).click();
    await page.getByRole('heading', { name: 'Key orders' }).waitFor();
    expect(await page.getByTestId('latest-version').textContent()).toBe('1');
    const read = await api('GET', 'transit/keys/orders');
    expect(read.body!.data).toMatchObject({ type: 'aes256-gcm96', latest_version: 1 });
    await expectAccessible('transit-key');
  });

  const text = 'the quick brown fox — grüße ☃';
  let v1 = '';

  it('encrypts a text and decrypts the ciphertext back to the same text; a tampered one shows the server\'s error', async () => {
    await page.getByLabel('Plaintext', { exact: true }).fill(text);
    await page.getByRole('button', { name: 'Encrypt', exact: true }).click();
    await expect.poll(() => page.getByTestId('ciphertext').textContent()).toMatch(/^vault:v1:/);
    v1 = (await page.getByTestId('ciphertext').textContent())!;
    // The server itself decrypts it to the UTF-8 bytes of the text.
    const direct = await api('POST', 'transit/decrypt/orders', { ciphertext: v1 });
    expect(Buffer.from(direct.body!.data!.plaintext as string, 'base64').toString('utf8')).toBe(text);

    await page.getByRole('button', { name: 'Use the ciphertext above' }).click();
    expect(await page.getByLabel('Ciphertext', { exact: true }).inputValue()).toBe(v1);
    await page.getByRole('button', { name: 'Decrypt', exact: true }).click();
    await expect.poll(() => page.getByTestId('decrypted').textContent()).toBe(text);
    await expectAccessible('transit-encrypt-decrypt');

    const tampered = v1.slice(0, -4) + (v1.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    const refused = await api('POST', 'transit/decrypt/orders', { ciphertext: tampered });
    expect(refused.status).toBe(400);
    await page.getByLabel('Ciphertext', { exact: true }).fill(tampered);
    await page.getByRole('button', { name: 'Decrypt', exact: true }).click();
    await expect.poll(alertText).toContain(refused.body!.errors![0]);
    expect(await page.getByTestId('decrypted').count()).toBe(0);
  });

  it('rotates after a confirmation (Cancel first; then by keyboard): version 2 encrypts, version 1 still decrypts', async () => {
    await page.getByRole('button', { name: 'Rotate' }).click();
    await page.getByRole('button', { name: 'Cancel' }).click();
    expect((await api('GET', 'transit/keys/orders')).body!.data!.latest_version).toBe(1);

    await page.getByRole('button', { name: 'Rotate' }).focus();
    await page.keyboard.press('Enter');
    await expectAccessible('transit-rotate-confirm');
    // Cancel has the focus; the confirming button is before it.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('latest-version').textContent()).toBe('2');
    expect(await page.locator('table.versions tbody tr').count()).toBe(2);
    expect((await api('GET', 'transit/keys/orders')).body!.data!.latest_version).toBe(2);

    await page.getByLabel('Plaintext', { exact: true }).fill(text);
    await page.getByRole('button', { name: 'Encrypt', exact: true }).click();
    await expect.poll(() => page.getByTestId('ciphertext').textContent()).toMatch(/^vault:v2:/);
    await page.getByLabel('Ciphertext', { exact: true }).fill(v1);
    await page.getByRole('button', { name: 'Decrypt', exact: true }).click();
    await expect.poll(() => page.getByTestId('decrypted').textContent()).toBe(text);
    await expectAccessible('transit-rotated');
  });

  const good = 'path "secret/data/app/*" {\n  capabilities = ["read", "list"]\n}\n';
  const malformed = good + '\npath "secret/data/other/*" {\n  capabilities = ["read"\n}';

  it('Policies: lists root and default; a policy created in the UI is listed and reads back through the API', async () => {
    await nav('Policies').click();
    await page.getByRole('heading', { name: 'ACL policies' }).waitFor();
    const list = page.getByRole('list', { name: 'Policies' });
    await list.getByRole('link', { name: 'default' }).waitFor();
    expect(await list.getByRole('link', { name: 'root' }).count()).toBe(1);
    await expectAccessible('policies');

    await page.getByLabel('Name', { exact: true }).fill('app-read');
    await page.getByLabel('Policy (HCL)').fill(good);
    await page.getByRole('button', { name: 'Create policy' }).click();
    await page.getByRole('heading', { name: 'Policy app-read' }).waitFor();
    expect((await api('GET', 'sys/policies/acl/app-read')).body!.data).toMatchObject({ name: 'app-read', policy: good });
    expect(await page.getByLabel('Policy (HCL)').inputValue()).toBe(good);
    await expectAccessible('policy-view');

    await page.getByRole('link', { name: 'Policies' }).first().click();
    await page.getByRole('list', { name: 'Policies' }).getByRole('link', { name: 'app-read' }).waitFor();
  });

  /** The line the server's message names (`At <line>:<col>:`), from the API's own answer. */
  async function serverLine(policy: string): Promise<{ message: string; line: number }> {
    const refused = await api('POST', 'sys/policies/acl/probe-not-stored', { policy });
    expect(refused.status).toBe(400);
    const message = refused.body!.errors![0]!;
    const at = /At (\d+):\d+:/.exec(message);
    expect(at, message).not.toBeNull();
    return { message, line: Number(at![1]) };
  }

  it('a malformed policy: the server\'s message, its line marked and selected in the editor, nothing stored (create and edit)', async () => {
    const { message, line } = await serverLine(malformed);
    expect(line).toBeGreaterThan(4); // in the second block: not a mark that could only ever be line 1

    await page.getByLabel('Name', { exact: true }).fill('broken');
    await page.getByLabel('Policy (HCL)').fill(malformed);
    await page.getByRole('button', { name: 'Create policy' }).click();
    await expect.poll(alertText).toContain(message);
    expect(await page.getByTestId('error-line').textContent()).toBe(String(line));
    const editor = page.getByLabel('Policy (HCL)');
    expect(await editor.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await editor.getAttribute('aria-describedby'))!.split(' ');
    expect(await page.locator(`#${describedBy[0]}`).textContent()).toContain(`Line ${line}`);
    const selected = () =>
      page.evaluate(() => {
        const ta = document.getElementById('policy-hcl') as HTMLTextAreaElement;
        return { text: ta.value.slice(ta.selectionStart, ta.selectionEnd), focused: document.activeElement === ta };
      });
    await expect.poll(selected).toEqual({ text: malformed.split('\n')[line - 1], focused: true });
    await expectAccessible('policy-error');
    expect((await api('GET', 'sys/policies/acl/broken')).status).toBe(404);
    expect((await api('GET', 'sys/policies/acl/probe-not-stored')).status).toBe(404);

    // Readable at 320 px and in the dark, error and all.
    await page.setViewportSize({ width: 320, height: 800 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await expectAccessible('policy-error-320px');
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await expectAccessible('policy-error-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    // Editing the stored policy into the same mistake leaves it as it was.
    await page.getByRole('list', { name: 'Policies' }).getByRole('link', { name: 'app-read' }).click();
    await page.getByRole('heading', { name: 'Policy app-read' }).waitFor();
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByLabel('Policy (HCL)').fill(malformed);
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(alertText).toContain(message);
    expect(await page.getByTestId('error-line').textContent()).toBe(String(line));
    expect((await api('GET', 'sys/policies/acl/app-read')).body!.data!.policy).toBe(good);
    await page.getByRole('button', { name: 'Cancel' }).click();
    expect(await page.getByLabel('Policy (HCL)').inputValue()).toBe(good);
  });

  it('deleting default shows the server\'s refusal and keeps it; deleting app-read after a confirmation removes it', async () => {
    const refused = await api('DELETE', 'sys/policies/acl/default');
    expect(refused.status).toBe(400);
    await page.getByRole('link', { name: 'Policies' }).first().click();
    await page.getByRole('list', { name: 'Policies' }).getByRole('link', { name: 'default' }).click();
    await page.getByRole('heading', { name: 'Policy default' }).waitFor();
    await page.getByRole('button', { name: 'Delete policy' }).click();
    await page.getByRole('button', { name: 'Yes, delete it' }).click();
    await expect.poll(alertText).toContain(refused.body!.errors![0]);
    await expectAccessible('policy-delete-refused');
    expect((await api('GET', 'sys/policies/acl/default')).status).toBe(200);

    await page.getByRole('link', { name: 'Policies' }).first().click();
    await page.getByRole('list', { name: 'Policies' }).getByRole('link', { name: 'app-read' }).click();
    await page.getByRole('heading', { name: 'Policy app-read' }).waitFor();
    await page.getByRole('button', { name: 'Delete policy' }).click();
    await page.getByRole('button', { name: 'Cancel' }).click();
    expect((await api('GET', 'sys/policies/acl/app-read')).status).toBe(200);
    await page.getByRole('button', { name: 'Delete policy' }).click();
    await page.getByRole('button', { name: 'Yes, delete it' }).click();
    await page.getByRole('heading', { name: 'ACL policies' }).waitFor();
    expect((await api('GET', 'sys/policies/acl/app-read')).status).toBe(404);
    expect(await page.getByRole('list', { name: 'Policies' }).getByRole('link', { name: 'app-read' }).count()).toBe(0);
  });

  it('over the whole run: no CSP violation, no request but to the server, no script error', () => {
    expect(watch.violations).toEqual([]);
    expect(watch.foreign).toEqual([]);
    expect(watch.pageErrors).toEqual([]);
  });
});
