/**
 * The template seal plugin (packages/seal-plugin-template, type localkey), installed into a
 * plugin_directory as the README says (its own node_modules with @tsvault/seal-plugin-api, nothing
 * from the checkout), pinned by sha256: the server auto-unseals with it and again after a restart.
 * A wrong pin stops start-up with PLUGIN_CHECKSUM_MISMATCH.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli, ServerProcess, tempDir } from '../support/harness.js';
import { templatePluginDir } from '../support/plugins.js';

describe('the localkey template seal plugin, installed with its own dependencies', () => {
  let server: ServerProcess;
  let dir: string;
  let entry: string;
  let keyFile: string;

  beforeAll(async () => {
    assertBuilt();
    ({ dir, entry } = await templatePluginDir());
    keyFile = join(tempDir('tsvault-localkey-'), 'key.hex');
    writeFileSync(keyFile, randomBytes(32).toString('hex'), { mode: 0o600 });
    const sha = createHash('sha256').update(readFileSync(entry)).digest('hex');
    server = await ServerProcess.withFileStorage(
      `\nplugin_directory = "${dir}"\nseal "localkey" {\n  key_file = "${keyFile}"\n  sha256 = "${sha}"\n}\n`,
      { TSVAULT_UNSEAL_RETRY_INTERVAL: '500ms' },
    );
    await server.start();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('is an auto seal: init gives recovery keys and unseals, a restart unseals by itself', async () => {
    const init = server.vault(['operator', 'init', '-recovery-shares=1', '-recovery-threshold=1', '-format=json']);
    expect(init.code, init.stderr).toBe(0);
    const status = JSON.parse(server.vault(['status', '-format=json']).stdout);
    expect(status).toMatchObject({ type: 'localkey', sealed: false, recovery_seal: true });
    await server.restart();
    await server.waitForOutput(/core: unsealed with stored key/);
    expect(server.vault(['status']).code).toBe(0);
  });

  it('a wrong sha256 pin stops start-up with PLUGIN_CHECKSUM_MISMATCH and exit 1', () => {
    const config = readFileSync(server.configPath, 'utf8').replace(/sha256 = "[0-9a-f]+"/, `sha256 = "${'0'.repeat(64)}"`);
    writeFileSync(server.configPath, config);
    const r = runCli(['server', `-config=${server.configPath}`], { HOME: server.dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${entry} has sha256`);
    expect(r.stderr).toContain(`but the configuration pins ${'0'.repeat(64)}`);
  });
});
