/**
 * Watching (chokidar): an edit to the config file is validated and logged ("config changed;
 * reload to apply", or the error with file:line:col), without being applied; a seal plugin added
 * to or changed in the plugin directory is logged and never loaded, so the running seal keeps the
 * code it started with.
 */
import { randomBytes } from 'node:crypto';
import { appendFileSync, chmodSync, cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ServerProcess } from '../support/harness.js';
import { xorsealPluginDir } from '../support/plugins.js';

/** Logged (debug) once both watchers finished their first scan: edits from then on are seen. */
const WATCHING = /\[DEBUG\] watching for changes: config=/;

let server: ServerProcess | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

describe('config and plugin watching', () => {
  it('validates an edited config file and logs it, or its error with the position', async () => {
    server = await ServerProcess.withFileStorage('', { VAULT_LOG_LEVEL: 'debug' });
    await server.start();
    await server.waitForOutput(WATCHING);
    const good = readFileSync(server.configPath, 'utf8');
    writeFileSync(server.configPath, good.replace('ui = true', 'ui = false'));
    await server.waitForOutput(/\[INFO\]  config changed; reload to apply: files=.*vault\.hcl\n/);
    // Not applied: nothing was reloaded.
    expect(server.output).not.toContain('reloaded configuration');

    writeFileSync(server.configPath, `${good}\nlistener "tcp" {\n  address = \n`);
    await server.waitForOutput(
      /\[ERROR\] config changed but does not load; the running configuration is kept: error=".*vault\.hcl:\d+:\d+: [^"]+"/,
    );
    expect(server.vault(['status']).code).toBe(2);
  });

  it('logs a new and a changed seal plugin, and never swaps the running seal', async () => {
    const dir = xorsealPluginDir();
    const dependency = join(dir, 'xorseal', 'node_modules', 'dep');
    mkdirSync(dependency, { recursive: true });
    writeFileSync(join(dependency, 'index.js'), 'module.exports = 1;\n');
    server = await ServerProcess.withFileStorage(
      `\nplugin_directory = "${dir}"\nseal "xorseal" {\n  key = "${randomBytes(32).toString('hex')}"\n}\n`,
      { TSVAULT_UNSEAL_RETRY_INTERVAL: '500ms', VAULT_LOG_LEVEL: 'debug' },
    );
    await server.start();
    await server.waitForOutput(WATCHING);

    cpSync(join(dir, 'xorseal'), join(dir, 'newseal'), { recursive: true });
    chmodSync(join(dir, 'newseal'), 0o755);
    await server.waitForOutput(/\[INFO\]  new seal plugin detected; it is not loaded until a restart configures it: type=newseal .*active=false/);

    // A plugin's dependencies are not watched: only its own file shows in the paths.
    appendFileSync(join(dependency, 'index.js'), 'module.exports = 2;\n');
    // The running seal's code replaced by one that fails on every call: the server keeps the old one.
    appendFileSync(join(dir, 'xorseal', 'index.mjs'), '\nthrow new Error("replaced plugin was loaded");\n');
    await server.waitForOutput(
      /\[WARN\]  seal plugin changed on disk; the running seal is not affected \(restart to load it\): type=xorseal paths=xorseal\/index\.mjs active=true/,
    );
    const init = server.vault(['operator', 'init', '-recovery-shares=1', '-recovery-threshold=1']);
    expect(init.code).toBe(0);
    await server.waitForOutput(/\[INFO\]  core: vault is unsealed/);
    expect(server.vault(['status']).code).toBe(0);

    rmSync(join(dir, 'newseal'), { recursive: true });
    await server.waitForOutput(/seal plugin removed from the plugin directory; the running seal is not affected: type=newseal/);
  });
});
