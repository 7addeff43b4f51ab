// The web UI's size and the unseal page's time to interactive in Debian's Chromium (issue 16).
// A built server (ui = true, file storage) is initialised through the API (5 shares, threshold 3)
// and left sealed; each run opens /ui/ in a fresh browser context (cold: nothing cached) and then
// reloads it in the same context (warm: hashed assets cached), and reads Chromium's navigation
// timing (domInteractive, domContentLoadedEventEnd, loadEventEnd) and performance.now() when the
// key field is rendered and enabled (the app has fetched seal-status): "form ready".
// Usage: node test/bench/ui.mjs [runs=10]   (after npm run build)
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { ROOT, api, newServerConfig, startServer, stats, stop } from './server.mjs';

const RUNS = Number(process.argv[2] ?? 10);

function bundle() {
  const dir = join(ROOT, 'dist/ui');
  const files = [join(dir, 'index.html'), ...readdirSync(join(dir, 'assets')).map((f) => join(dir, 'assets', f))];
  let raw = 0;
  let gzip = 0;
  for (const f of files) {
    const bytes = readFileSync(f);
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { files: files.length, raw_bytes: raw, gzip_bytes: gzip };
}

async function measure(page, url) {
  await page.goto(url);
  const ready = await page.waitForFunction(() => {
    const el = document.getElementById('unseal-key');
    return el && !el.disabled ? performance.now() : 0;
  });
  const nav = await page.evaluate(() => {
    const n = performance.getEntriesByType('navigation')[0];
    return { interactive: n.domInteractive, dcl: n.domContentLoadedEventEnd, load: n.loadEventEnd };
  });
  return { ...nav, ready: await ready.jsonValue() };
}

const install = spawnSync('bash', [join(ROOT, 'test/services/chromium.sh'), 'install'], { encoding: 'utf8' });
if (install.status !== 0) throw new Error(`Chromium is not available:\n${install.stderr}`);
const executablePath = install.stdout.trim().split('\n').pop();

const cfg = await newServerConfig('ui = true\n');
const { proc } = await startServer(cfg);
const browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox'] });
try {
  await api(cfg, 'PUT', 'sys/init', undefined, { secret_shares: 5, secret_threshold: 3 });
  const cold = [];
  const warm = [];
  const url = `${cfg.url}/ui/`;
  for (let i = 0; i < RUNS; i++) {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    cold.push(await measure(page, url));
    warm.push(await measure(page, url));
    await ctx.close();
  }
  const pick = (xs, k) => stats(xs.map((x) => x[k]));
  const out = {
    chromium: browser.version(),
    node: process.version,
    runs: RUNS,
    bundle: bundle(),
    unseal_page_ms: {
      cold: { dom_interactive: pick(cold, 'interactive'), dom_content_loaded: pick(cold, 'dcl'), load: pick(cold, 'load'), form_ready: pick(cold, 'ready') },
      warm: { dom_interactive: pick(warm, 'interactive'), dom_content_loaded: pick(warm, 'dcl'), load: pick(warm, 'load'), form_ready: pick(warm, 'ready') },
    },
  };
  process.stdout.write(JSON.stringify(out, null, 2) + '\n');
} finally {
  await browser.close();
  await stop(proc);
}
