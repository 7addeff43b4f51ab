import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { devConfig, loadConfig } from '../../../src/config/load.js';
import { ConfigError } from '../../../src/errors.js';

const F = 'test/fixtures/config';

async function loadError(paths: string[], env: NodeJS.ProcessEnv = {}): Promise<ConfigError> {
  const err = await loadConfig(paths, env).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConfigError);
  return err as ConfigError;
}

describe('loadConfig: the article and the HCL1 forms', () => {
  it("loads the article's config", async () => {
    const cfg = await loadConfig([`${F}/article.hcl`], {});
    expect(cfg.ui).toBe(true);
    expect(cfg.logLevel).toBe('info'); // written "INFO"
    expect(cfg.storage).toEqual({ type: 'file', config: { path: '/opt/vault/data' }, pos: { file: `${F}/article.hcl`, line: 4, col: 1 } });
    expect(cfg.listeners).toEqual([
      { type: 'tcp', address: '0.0.0.0:8200', tlsDisable: true, tlsMinVersion: 'tls12', pos: { file: `${F}/article.hcl`, line: 8, col: 1 } },
    ]);
    expect(cfg.seals).toHaveLength(1);
    expect(cfg.seals[0]).toMatchObject({
      type: 'awskms',
      disabled: false,
      config: { region: 'ap-northeast-1', kms_key_id: expect.stringMatching(/^arn:aws:kms:/) as unknown },
    });
    expect(cfg.defaultLeaseTtl).toBe(2764800);
    expect(cfg.maxLeaseTtl).toBe(2764800);
    expect(cfg.logFormat).toBe('standard');
    expect(cfg.disableMlock).toBe(false);
    expect(cfg.files).toEqual([`${F}/article.hcl`]);
    expect(cfg.warnings).toEqual([]);
  });

  it('loads quoted keys ("tls_disable" = "1" is true)', async () => {
    const cfg = await loadConfig([`${F}/quoted-keys.hcl`], {});
    expect(cfg.logLevel).toBe('debug');
    expect(cfg.storage.config).toEqual({ path: '/var/lib/tsvault' });
    expect(cfg.listeners[0]).toMatchObject({ address: '127.0.0.1:8210', tlsDisable: true });
  });

  it('loads commas after attributes', async () => {
    const cfg = await loadConfig([`${F}/commas.hcl`], {});
    expect([cfg.ui, cfg.logFormat, cfg.clusterName]).toEqual([false, 'json', 'commas']);
    expect(cfg.storage.config.path).toBe('/srv/vault');
  });

  it('loads blocks closed on the line of their last attribute', async () => {
    const cfg = await loadConfig([`${F}/brace-same-line.hcl`], {});
    expect(cfg.listeners[0]).toMatchObject({ address: '127.0.0.1:8230', tlsDisable: true });
    expect(cfg.seals[0]).toMatchObject({ type: 'transit', config: { key_name: 'autounseal' } });
  });

  it('reads backend and ha_backend, the old names of storage and ha_storage', async () => {
    const cfg = await loadConfig([`${F}/old-names.hcl`], {});
    expect(cfg.storage).toMatchObject({ type: 'inmem', config: {} });
    expect(cfg.haStorage).toMatchObject({ type: 'file', config: { path: '/tmp/ha' }, pos: { line: 4, col: 1 } });
  });

  it('loads a file full of comments', async () => {
    const cfg = await loadConfig([`${F}/comments.hcl`], {});
    expect([cfg.ui, cfg.logLevel, cfg.storage.config.path]).toEqual([true, 'warn', '/right']);
    expect(cfg.listeners.map((l) => l.address)).toEqual(['127.0.0.1:8250']);
  });

  it('loads tab-indented files and warns about an unknown listener key at its position', async () => {
    const cfg = await loadConfig([`${F}/tabs.hcl`], {});
    expect(cfg.listeners[0]!.address).toBe('127.0.0.1:8260');
    expect(cfg.warnings).toEqual([
      {
        pos: { file: `${F}/tabs.hcl`, line: 8, col: 2 },
        message: 'unknown or unsupported field not_a_listener_key found in configuration',
      },
    ]);
  });

  it('keeps heredoc values as strings, for storage and seals', async () => {
    const cfg = await loadConfig([`${F}/heredoc.hcl`], {});
    expect(cfg.storage.config.note).toBe('first line\nsecond line\n');
    expect(cfg.seals[0]!.config.token).toBe('s.heredoc-token\n');
  });

  it('loads several listeners, each with its defaults and position', async () => {
    const cfg = await loadConfig([`${F}/several-listeners.hcl`], {});
    expect(cfg.listeners.map((l) => [l.address, l.tlsDisable, l.tlsMinVersion, l.pos.line])).toEqual([
      ['127.0.0.1:8280', true, 'tls12', 3],
      ['0.0.0.0:8281', false, 'tls13', 8],
      ['127.0.0.1:8200', true, 'tls12', 20],
    ]);
    expect(cfg.listeners[1]).toMatchObject({ tlsCertFile: '/opt/vault/tls/tls.crt', tlsKeyFile: '/opt/vault/tls/tls.key' });
    expect(cfg.warnings).toEqual([]); // cluster_address, x_forwarded_for_*, telemetry are Vault's keys
  });

  it('loads two seals: the old one disabled, the new one active', async () => {
    const cfg = await loadConfig([`${F}/two-seals.hcl`], {});
    expect(cfg.seals.map((s) => [s.type, s.disabled])).toEqual([
      ['awskms', true],
      ['transit', false],
    ]);
    expect(cfg.seals[0]!.config).toEqual({ region: 'ap-northeast-1', kms_key_id: 'alias/old-key' });
    expect(cfg.seals[1]!.config.tls_skip_verify).toBe('1'); // parseutil.ParseString turns true into "1"
  });

  it('loads a JSON config with Vault-style nesting', async () => {
    const cfg = await loadConfig([`${F}/config.json`], {});
    expect(cfg.logLevel).toBe('trace');
    expect(cfg.apiAddr).toBe('http://127.0.0.1:8300');
    expect(cfg.defaultLeaseTtl).toBe(5400); // "1h30m"
    expect(cfg.maxLeaseTtl).toBe(7200);
    expect(cfg.storage).toMatchObject({ type: 'file', config: { path: '/json/data', max_parallel: '8' } });
    expect(cfg.listeners.map((l) => [l.address, l.tlsDisable])).toEqual([
      ['127.0.0.1:8300', true],
      ['127.0.0.1:8301', true],
    ]);
    expect(cfg.seals[0]).toMatchObject({ type: 'awskms', config: { region: 'us-east-1' }, pos: { line: 18, col: 5 } });
    expect(cfg.warnings).toEqual([
      {
        pos: { file: `${F}/config.json`, line: 15, col: 65 },
        message: 'unknown or unsupported field json_only_unknown found in configuration',
      },
    ]);
  });

  it('stringifies storage values as Vault does (map[string]string)', async () => {
    const cfg = await loadConfig([`${F}/storage-secrets.hcl`], {});
    expect(cfg.storage.type).toBe('postgresql');
    expect(cfg.storage.config).toMatchObject({ ha_enabled: 'true', max_parallel: '16' });
    expect(cfg.haStorage).toMatchObject({ type: 'consul', redirectAddr: 'https://vault.internal:8200' });
    expect(cfg.haStorage!.config).not.toHaveProperty('redirect_addr');
  });

  it('warns, without failing, about keys Vault does not know', async () => {
    const cfg = await loadConfig([`${F}/unknown-key.hcl`], {});
    expect(cfg.warnings).toEqual([
      { pos: { file: `${F}/unknown-key.hcl`, line: 3, col: 1 }, message: 'unknown or unsupported field made_up_setting found in configuration' },
      { pos: { file: `${F}/unknown-key.hcl`, line: 16, col: 3 }, message: 'unknown or unsupported field also_made_up found in configuration' },
    ]);
  });
});

describe('loadConfig: several paths and directories', () => {
  it("merges a directory's .hcl and .json files in lexical order, as Config.Merge does", async () => {
    const cfg = await loadConfig([`${F}/merge-dir`], {});
    // Not read: the editor backup (*.hcl~), README.md, and the directory named nested.hcl.
    expect(cfg.files).toEqual([`${F}/merge-dir/10-base.hcl`, `${F}/merge-dir/20-override.json`]);
    expect(cfg.logLevel).toBe('debug'); // later non-empty value wins
    expect(cfg.clusterName).toBe('base'); // kept when the later file is silent
    expect(cfg.ui).toBe(true); // OR: a later `ui = false` does not turn it off
    expect(cfg.defaultLeaseTtl).toBe(3600); // MAX of 1h and 30m
    expect(cfg.maxLeaseTtl).toBe(86400);
    expect(cfg.storage.config.path).toBe('/override/data'); // the later storage replaces
    expect(cfg.listeners.map((l) => l.address)).toEqual(['127.0.0.1:8320', '127.0.0.1:8321']); // appended
  });

  it('merges -config paths in the order given; seals are appended', async () => {
    const cfg = await loadConfig([`${F}/article.hcl`, `${F}/commas.hcl`], {});
    expect(cfg.files).toEqual([`${F}/article.hcl`, `${F}/commas.hcl`]);
    expect(cfg.logFormat).toBe('json');
    expect(cfg.storage.config.path).toBe('/srv/vault');
    expect(cfg.listeners.map((l) => l.address)).toEqual(['0.0.0.0:8200', '127.0.0.1:8220']);
    expect(cfg.seals.map((s) => s.type)).toEqual(['awskms']);
  });

  it('requires at least one path', async () => {
    const err = await loadError([]);
    expect(err.code).toBe('CONFIG_READ');
    expect(err.message).toBe('Must specify at least one config path using -config');
  });

  let dir = '';
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('reports a path that cannot be read', async () => {
    const err = await loadError([`${F}/does-not-exist.hcl`]);
    expect(err.code).toBe('CONFIG_READ');
    expect(err.message).toMatch(new RegExp(`^${F}/does-not-exist\\.hcl: unable to read configuration: .*ENOENT`));
  });

  it('reports a path under a file (ENOTDIR) as CONFIG_READ too', async () => {
    dir = await mkdtemp(join(tmpdir(), 'tsvault-config-'));
    const file = join(dir, 'plain.hcl');
    await writeFile(file, 'ui = true\n');
    const err = await loadError([join(file, 'inner.hcl')]);
    expect(err.code).toBe('CONFIG_READ');
    expect(err.message).toMatch(/ENOTDIR/);
  });
});

describe('loadConfig: bad values carry the key position', () => {
  const cases: [string, string][] = [
    ['bad-log-level.hcl', '2:1: invalid value for log_level: unknown log level: loud'],
    ['tls-disable-maybe.hcl', '4:3: invalid value for tls_disable: cannot parse "maybe" as bool'],
    ['address-number.hcl', '3:3: invalid value for address: expected a string, got number 8200'],
    ['bad-duration.hcl', '6:1: invalid value for max_lease_ttl: time: invalid duration "forever"'],
    ['two-storage.hcl', '4:1: only one "storage" block is permitted'],
    ['unknown-listener-type.hcl', '8:1: unsupported listener type "unix"'],
  ];
  it.each(cases)('%s', async (name, expected) => {
    const err = await loadError([`${F}/bad/${name}`]);
    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.message).toBe(`${F}/bad/${name}:${expected}`);
  });

  it('passes syntax errors through with their position', async () => {
    const err = await loadError([`${F}/bad/unclosed-brace.hcl`]);
    expect(err.code).toBe('CONFIG_PARSE');
    expect(err.message).toMatch(/unclosed-brace\.hcl:10:1: /);
  });
});

describe('loadConfig: the environment over the files', () => {
  it('VAULT_LOG_LEVEL, VAULT_LOG_FORMAT, VAULT_API_ADDR, VAULT_CLUSTER_ADDR, VAULT_DISABLE_MLOCK, VAULT_UI', async () => {
    const cfg = await loadConfig([`${F}/article.hcl`], {
      VAULT_LOG_LEVEL: 'Warning',
      VAULT_LOG_FORMAT: 'JSON',
      VAULT_API_ADDR: 'https://vault.example:8200',
      VAULT_CLUSTER_ADDR: 'https://vault.example:8201',
      VAULT_DISABLE_MLOCK: 'true',
      VAULT_UI: 'false',
    });
    expect(cfg.logLevel).toBe('warn');
    expect(cfg.logFormat).toBe('json');
    expect(cfg.apiAddr).toBe('https://vault.example:8200');
    expect(cfg.clusterAddr).toBe('https://vault.example:8201');
    expect(cfg.disableMlock).toBe(true);
    expect(cfg.ui).toBe(false); // the file says true
  });

  it('ignores empty variables and falls back to VAULT_REDIRECT_ADDR', async () => {
    const cfg = await loadConfig([`${F}/config.json`], {
      VAULT_LOG_LEVEL: '',
      VAULT_API_ADDR: '',
      VAULT_REDIRECT_ADDR: 'http://redirect.example:8200',
    });
    expect(cfg.logLevel).toBe('trace');
    expect(cfg.apiAddr).toBe('http://redirect.example:8200');
  });

  it('rejects a variable it cannot parse, naming it', async () => {
    const err = await loadError([`${F}/article.hcl`], { VAULT_DISABLE_MLOCK: 'yes' });
    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.message).toBe('Error parsing the environment variable VAULT_DISABLE_MLOCK: cannot parse "yes" as bool');
    const level = await loadError([`${F}/article.hcl`], { VAULT_LOG_LEVEL: 'loud' });
    expect(level.message).toBe('Error parsing the environment variable VAULT_LOG_LEVEL: unknown log level: loud');
  });
});

describe('the result is deep-frozen', () => {
  it('from loadConfig', async () => {
    const cfg = await loadConfig([`${F}/two-seals.hcl`], {});
    for (const part of [cfg, cfg.storage, cfg.storage.config, cfg.listeners, cfg.listeners[0], cfg.seals, cfg.seals[1]!.config, cfg.seals[0]!.pos, cfg.warnings, cfg.files]) {
      expect(Object.isFrozen(part)).toBe(true);
    }
    expect(() => {
      (cfg.seals[1]!.config as Record<string, string>).token = 'changed';
    }).toThrow(TypeError);
  });

  it('from devConfig', () => {
    const cfg = devConfig({});
    expect(Object.isFrozen(cfg.listeners[0])).toBe(true);
  });
});

describe('devConfig', () => {
  it('is in-memory storage, one plain-HTTP listener on 127.0.0.1:8200, Shamir (no seal blocks)', () => {
    const cfg = devConfig({});
    expect(cfg.storage).toMatchObject({ type: 'inmem', config: {} });
    expect(cfg.listeners).toEqual([{ type: 'tcp', address: '127.0.0.1:8200', tlsDisable: true, tlsMinVersion: 'tls12', pos: { file: '-dev' } }]);
    expect(cfg.seals).toEqual([]);
    expect([cfg.ui, cfg.disableMlock, cfg.logLevel]).toEqual([true, true, 'info']);
    expect(cfg.files).toEqual([]);
  });

  it('takes the listen address from the option, else VAULT_DEV_LISTEN_ADDRESS', () => {
    expect(devConfig({}, { listenAddress: '127.0.0.1:9200' }).listeners[0]!.address).toBe('127.0.0.1:9200');
    expect(devConfig({ VAULT_DEV_LISTEN_ADDRESS: '0.0.0.0:8300' }).listeners[0]!.address).toBe('0.0.0.0:8300');
  });

  it('applies the environment', () => {
    expect(devConfig({ VAULT_LOG_LEVEL: 'trace' }).logLevel).toBe('trace');
  });
});

describe('the shipped configs', () => {
  it('etc/local.hcl: file storage in ./data, plain HTTP on loopback, Shamir', async () => {
    const cfg = await loadConfig(['etc/local.hcl'], {});
    expect(cfg.storage).toMatchObject({ type: 'file', config: { path: './data' } });
    expect(cfg.listeners.map((l) => [l.address, l.tlsDisable])).toEqual([['127.0.0.1:8200', true]]);
    expect([cfg.ui, cfg.logLevel, cfg.seals.length, cfg.warnings.length]).toEqual([true, 'info', 0, 0]);
  });

  it('etc/vault.d/vault.hcl: the packaged config, HTTPS on 0.0.0.0:8200', async () => {
    const cfg = await loadConfig(['etc/vault.d/vault.hcl'], {});
    expect(cfg.storage).toMatchObject({ type: 'file', config: { path: '/opt/vault/data' } });
    expect(cfg.listeners).toHaveLength(1);
    expect(cfg.listeners[0]).toMatchObject({
      address: '0.0.0.0:8200',
      tlsDisable: false,
      tlsCertFile: '/opt/vault/tls/tls.crt',
      tlsKeyFile: '/opt/vault/tls/tls.key',
    });
    expect([cfg.ui, cfg.seals.length, cfg.warnings.length]).toEqual([true, 0, 0]);
  });
});
