/**
 * What a server start imports (issue 15): engines, auth methods, audit devices, prom-client and the
 * AWS SDK only when the configuration or the mount table uses them. The built server runs with a
 * preload (test/support/module-log.mjs) that writes every module it loads to a file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, ROOT, ServerProcess } from '../support/harness.js';

const PRELOAD = join(ROOT, 'test/support/module-log.mjs');

const servers: ServerProcess[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

/** Starts a file-storage server with the preload; `loaded()` reads its lines (`import|require|cjs <url>`). */
async function started(extra = '', env: Record<string, string> = {}): Promise<{ server: ServerProcess; loaded: () => string[] }> {
  const probe = await ServerProcess.withFileStorage(extra);
  const log = join(probe.dir, 'modules.log');
  const server = new ServerProcess({
    dir: probe.dir,
    configPath: probe.configPath,
    address: probe.address,
    env: { NODE_OPTIONS: `--import=${PRELOAD}`, TSVAULT_TEST_MODULE_LOG: log, ...env },
  });
  servers.push(server);
  await server.start();
  return { server, loaded: () => readFileSync(log, 'utf8').split('\n').filter(Boolean) };
}

const matching = (urls: string[], part: string): string[] => urls.filter((u) => u.includes(part));

describe('server start-up: modules loaded only when used', () => {
  it('a Shamir server without telemetry or mounts loads no engine, auth method, audit device, prom-client or AWS SDK', async () => {
    const { server, loaded } = await started();
    expect(await server.stop()).toBe(0);
    const urls = loaded();
    // The log works: the daemon and the HCL parser it read the config with are in it.
    expect(matching(urls, '/dist/src/server/daemon.js')).toHaveLength(1);
    expect(matching(urls, '/node_modules/pino/').length).toBeGreaterThan(0);
    for (const part of [
      // (cubbyhole shares kv/paths.js's path helpers; the engine itself is kv/index.js and below)
      '/dist/src/secrets/kv/index.js',
      '/dist/src/secrets/kv/v2/',
      '/dist/src/secrets/transit/',
      '/dist/src/auth/approle/',
      '/dist/src/auth/userpass/',
      '/dist/src/audit/devices/file.js',
      '/dist/src/audit/devices/socket.js',
      '/dist/src/audit/devices/syslog.js',
      '/node_modules/bcryptjs/',
      '/node_modules/prom-client/',
      '/node_modules/@aws-sdk/',
      '/node_modules/pg/',
    ]) {
      expect(matching(urls, part), part).toEqual([]);
    }
  });

  it('loads prom-client when the telemetry block keeps Prometheus metrics, and an engine when it is mounted', async () => {
    const { server, loaded } = await started('telemetry {\n  prometheus_retention_time = "30s"\n}\n');
    const init = server.vault(['operator', 'init', '-key-shares=1', '-key-threshold=1', '-format=json']);
    expect(init.code).toBe(0);
    const { unseal_keys_b64: keys, root_token: token } = JSON.parse(init.stdout) as { unseal_keys_b64: string[]; root_token: string };
    expect(server.vault(['operator', 'unseal', keys[0]!]).code).toBe(0);
    const env = { VAULT_TOKEN: token };
    expect(server.vault(['secrets', 'enable', '-version=2', 'kv'], undefined, env).code).toBe(0);
    expect(server.vault(['kv', 'put', 'kv/a', 'b=c'], undefined, env).code).toBe(0);
    expect(server.vault(['kv', 'get', '-field=b', 'kv/a'], undefined, env).stdout.trim()).toBe('c');
    // CommonJS packages (prom-client) are listed when the process exits.
    expect(await server.stop()).toBe(0);
    const urls = loaded();
    expect(matching(urls, '/node_modules/prom-client/').length).toBeGreaterThan(0);
    expect(matching(urls, '/dist/src/secrets/kv/v2/').length).toBeGreaterThan(0);
    expect(matching(urls, '/dist/src/secrets/transit/')).toEqual([]);
  });

  it('the awskms seal requires the AWS SDK\'s CommonJS build, not its ES modules', async () => {
    // KMS on a closed loopback port: the seal starts, retries, and the server serves sealed.
    const endpoint = `http://127.0.0.1:${await freePort()}`;
    const { server, loaded } = await started(`seal "awskms" {\n  region = "us-east-1"\n  kms_key_id = "alias/k"\n  endpoint = "${endpoint}"\n}\n`, {
      AWS_ACCESS_KEY_ID: 'AKIDLOADTEST', AWS_SECRET_ACCESS_KEY: 'not-a-secret',
    });
    expect(await server.stop()).toBe(0);
    const sdk = matching(loaded(), '/node_modules/@aws-sdk/');
    expect(sdk.filter((l) => l.startsWith('cjs ') && l.includes('/client-kms/dist-cjs/')).length).toBeGreaterThan(0);
    // Through the ES loader the bundled CommonJS file is scanned for named exports first (~100 ms).
    expect(sdk.filter((l) => l.startsWith('import '))).toEqual([]);
  });
});
