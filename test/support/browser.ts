/**
 * The web UI's browser tests: Debian's Chromium (test/services/chromium.sh installs it when it is
 * missing; never skipped) driven by playwright-core, a guard that records every CSP violation and
 * every request not to the server under test, axe-core run in the page, screenshots kept as
 * artifacts (test-results/ui/) and judged non-blank.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { ROOT } from './harness.js';
import { recordSecrets } from './leak-check.js';
import { pngStats, type PngStats } from './png.js';

export const ARTIFACTS = join(ROOT, 'test-results/ui');

let path: string | undefined;

/** The Chromium binary, installed with apt-get first when it is missing (throws when it cannot be). */
export function chromiumPath(): string {
  if (path) return path;
  const r = spawnSync('bash', [join(ROOT, 'test/services/chromium.sh'), 'install'], { encoding: 'utf8', timeout: 600_000 });
  if (r.status !== 0) throw new Error(`Chromium is not available (test/services/chromium.sh install failed):\n${r.stderr}`);
  path = r.stdout.trim().split('\n').pop()!;
  return path;
}

export function launchChromium(): Promise<Browser> {
  // --no-sandbox: CI runs as root, where Chromium refuses its sandbox.
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: ['--no-sandbox'] });
}

/**
 * Initialises the server at `origin` through the API (one share), unseals it, and returns its root
 * token (recorded for the leak check): the start of the page tests that are not about init.
 */
export async function initUnsealed(origin: string): Promise<string> {
  const text = await (await fetch(`${origin}/v1/sys/init`, { method: 'PUT', body: JSON.stringify({ secret_shares: 1, secret_threshold: 1 }) })).text();
  recordSecrets(text);
  const init = JSON.parse(text) as { keys: string[]; root_token: string };
  const unseal = await fetch(`${origin}/v1/sys/unseal`, { method: 'PUT', body: JSON.stringify({ key: init.keys[0] }) });
  if (((await unseal.json()) as { sealed: boolean }).sealed) throw new Error('the server is still sealed after its one share');
  return init.root_token;
}

/** A browser with one light 1280×900 page, guarded for `origin` (clipboard allowed when asked). */
export async function openPage(origin: string, clipboard = false): Promise<{ browser: Browser; page: Page; watch: PageGuard }> {
  const browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'light' });
  if (clipboard) await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  const page = await context.newPage();
  return { browser, page, watch: guard(page, origin) };
}

/** What a page did that the UI must never do: CSP violations, requests elsewhere, script errors. */
export interface PageGuard {
  violations: string[];
  foreign: string[];
  pageErrors: string[];
}

/** Records on `page`: a console message naming the Content Security Policy, a request not to `origin`. */
export function guard(page: Page, origin: string): PageGuard {
  const g: PageGuard = { violations: [], foreign: [], pageErrors: [] };
  page.on('console', (m) => {
    if (/Content[ -]Security[ -]Policy/i.test(m.text())) g.violations.push(m.text());
  });
  page.on('pageerror', (e) => g.pageErrors.push(e.message));
  page.on('request', (r) => {
    const url = r.url();
    // blob: URLs of this origin are the keys' download, made in the page; data: never leaves it.
    if (!url.startsWith(`${origin}/`) && !url.startsWith(`blob:${origin}/`) && !url.startsWith('data:')) g.foreign.push(url);
  });
  return g;
}

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: number;
}

/** axe-core in the page (evaluated through the DevTools protocol: the page's CSP stays on). */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: unknown[] }[] }> } }).axe;
    const res = await axe.run(document, { resultTypes: ['violations'] });
    return res.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length }));
  });
}

/** The serious and critical ones. */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  return (await axeViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** A full-page screenshot saved under test-results/ui/<name>.png, with its pixel statistics. */
export async function screenshot(page: Page, name: string): Promise<PngStats> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const png = await page.screenshot({ fullPage: true });
  writeFileSync(join(ARTIFACTS, `${name}.png`), png);
  return pngStats(png);
}

export function writeArtifact(name: string, text: string): void {
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, name), text);
}

/** axe-core finds nothing serious on the page, and its screenshot (saved as `<name>.png`) is not blank. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  expect(await seriousAxeViolations(page), `axe-core on the ${name} page`).toEqual([]);
  const shot = await screenshot(page, name);
  // Blank would be one colour; a rendered page has text and controls in several colours.
  expect(shot.colours, `${name}.png looks blank`).toBeGreaterThan(8);
  expect(shot.inked, `${name}.png looks blank`).toBeGreaterThan(0.005);
}
