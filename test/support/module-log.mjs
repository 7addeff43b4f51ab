// Preloaded with `node --import` (NODE_OPTIONS) by tests that check what a process imports, one
// module a line appended to the file TSVAULT_TEST_MODULE_LOG names: `import <url>` for each module
// the ES loader loads (a loader hook, module-log-hooks.mjs), and at exit `cjs <url>` for each file
// in require's cache (CommonJS, whether imported or required).
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { pathToFileURL } from 'node:url';

const log = process.env.TSVAULT_TEST_MODULE_LOG;
if (log) {
  register(new URL('./module-log-hooks.mjs', import.meta.url), { data: { log } });
  const cache = createRequire(import.meta.url).cache;
  process.on('exit', () => {
    appendFileSync(log, Object.keys(cache).map((f) => `cjs ${pathToFileURL(f).href}\n`).join(''));
  });
}
