import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load.js';
import { sanitizeConfig } from '../../../src/config/sanitize.js';
import { ConfigError } from '../../../src/errors.js';

const dir = await mkdtemp(join(tmpdir(), 'tsvault-pgconfig-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

const LISTENER = 'listener "tcp" {\n  tls_disable = true\n}\n';

async function write(name: string, text: string): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, text);
  return file;
}

async function loadError(file: string): Promise<ConfigError> {
  const err = await loadConfig([file], {}).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConfigError);
  return err as ConfigError;
}

describe('storage "postgresql": values checked at load, with positions', () => {
  it('refuses ha_enabled = "maybe" at the key', async () => {
    const file = await write(
      'maybe.hcl',
      `ui = true\n\nstorage "postgresql" {\n  connection_url = "postgres://u:pw@db/vault"\n  ha_enabled     = "maybe"\n}\n${LISTENER}`,
    );
    const err = await loadError(file);
    expect(err.message).toBe(`${file}:5:3: invalid value for ha_enabled: cannot parse "maybe" as bool`);
    expect([err.line, err.col]).toEqual([5, 3]);
  });

  it('refuses a max_parallel that is not a number, with Vault\'s words', async () => {
    const file = await write('par.hcl', `storage "postgresql" {\n    max_parallel = "lots"\n}\n${LISTENER}`);
    const err = await loadError(file);
    expect(err.message).toBe(
      `${file}:2:5: invalid value for max_parallel: failed parsing max_parallel parameter: strconv.Atoi: parsing "lots": invalid syntax`,
    );
  });

  it('points into JSON files too, and checks ha_storage', async () => {
    const file = await write(
      'ha.json',
      JSON.stringify({ storage: { file: { path: '/x' } }, ha_storage: { postgresql: { ha_enabled: 'yes' } }, listener: { tcp: { tls_disable: true } } }, null, 2),
    );
    const err = await loadError(file);
    expect(err.message).toMatch(new RegExp(`^${file}:\\d+:\\d+: invalid value for ha_enabled: cannot parse "yes" as bool$`));
  });

  it('accepts Vault\'s spellings of true and false', async () => {
    for (const value of ['true', '"true"', '1', '"false"', 'false', '"0"']) {
      const file = await write('ok.hcl', `storage "postgresql" {\n  ha_enabled = ${value}\n  max_parallel = 8\n}\n${LISTENER}`);
      await expect(loadConfig([file], {})).resolves.toBeDefined();
    }
  });

  it('sanitized config shows neither the URL\'s password nor a key=value password', async () => {
    for (const url of ['postgres://vault:S3cret-pw@db:5432/vault', 'host=db user=vault password=S3cret-pw dbname=vault']) {
      const file = await write('san.hcl', `storage "postgresql" {\n  connection_url = "${url}"\n}\n${LISTENER}`);
      const out = JSON.stringify(sanitizeConfig(await loadConfig([file], {})));
      expect(out).not.toContain('S3cret-pw');
      expect(out).toContain('"type":"postgresql"');
    }
  });
});
