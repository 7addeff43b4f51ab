/**
 * A seal plugin that is not part of tsvault (test/fixtures/plugins/third-party/xorseal), dropped
 * into a plugin directory, is used by config alone: auto-unseal init with recovery keys, a restart
 * that unseals by itself. A broken plugin stops start-up with its coded error and exit 1.
 */
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, ServerProcess } from '../support/harness.js';
import { xorsealPluginDir } from '../support/plugins.js';

describe('a third-party seal plugin', () => {
  let server: ServerProcess;
  let dir: string;

  beforeAll(async () => {
    dir = xorsealPluginDir();
    server = await ServerProcess.withFileStorage(
      `\nplugin_directory = "${dir}"\nseal "xorseal" {\n  key = "${randomBytes(32).toString('hex')}"\n}\n`,
      { TSVAULT_UNSEAL_RETRY_INTERVAL: '500ms' },
    );
    await server.start();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('is an auto seal: init gives recovery keys and unseals, a restart unseals by itself', async () => {
    const init = server.vault(['operator', 'init', '-recovery-shares=1', '-recovery-threshold=1', '-format=json']);
    expect(init.code).toBe(0);
    expect(JSON.parse(init.stdout).recovery_keys_b64).toHaveLength(1);
    const status = JSON.parse(server.vault(['status', '-format=json']).stdout);
    expect(status).toMatchObject({ type: 'xorseal', sealed: false, recovery_seal: true });
    await server.restart();
    await server.waitForOutput(/core: unsealed with stored key/);
    expect(server.vault(['status']).code).toBe(0);
  });

  it('a plugin that throws on import stops start-up with PLUGIN_THREW-style error and exit 1', () => {
    writeFileSync(join(dir, 'xorseal', 'index.mjs'), 'throw new Error("broken on purpose");\n');
    chmodSync(join(dir, 'xorseal', 'index.mjs'), 0o644);
    const r = runCli(['server', `-config=${server.configPath}`], { HOME: server.dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('broken on purpose');
  });
});
