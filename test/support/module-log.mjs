// Preloaded with `node --import` (NODE_OPTIONS) by tests that check what a process imports: every
// ES module's URL through a loader hook, and at exit every CommonJS file in require's cache, one
// URL a line, appended to the file TSVAULT_TEST_MODULE_LOG names.
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { pathToFileURL } from 'node:url';

const log = process.env.TSVAULT_TEST_MODULE_LOG;
if (log) {
  register(new URL('./module-log-hooks.mjs', import.meta.url), { data: { log } });
  const cache = createRequire(import.meta.url).cache;
  process.on('exit', () => {
    appendFileSync(log, Object.keys(cache).map((f) => `${pathToFileURL(f).href}\n`).join(''));
  });
}
