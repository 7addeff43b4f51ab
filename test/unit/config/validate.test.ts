import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load.js';
import type { SealBlockConfig } from '../../../src/config/types.js';
import { type DraftConfig, validateConfig } from '../../../src/config/validate.js';
import { ConfigError } from '../../../src/errors.js';

const F = 'test/fixtures/config/bad';

function draft(over: Partial<DraftConfig> = {}): DraftConfig {
  return {
    storage: { type: 'inmem', config: {}, pos: { file: 'x.hcl', line: 1, col: 1 } },
    listeners: [{ type: 'tcp', address: '127.0.0.1:8200', tlsDisable: true, tlsMinVersion: 'tls12', pos: { file: 'x.hcl', line: 2, col: 1 } }],
    seals: [],
    ui: false,
    logLevel: 'info',
    logFormat: 'standard',
    disableMlock: false,
    disableForwarding: false,
    defaultLeaseTtl: 2764800,
    maxLeaseTtl: 2764800,
    files: ['x.hcl'],
    warnings: [],
    ...over,
  };
}

const seal = (type: string, disabled: boolean, line: number): SealBlockConfig => ({
  type,
  disabled,
  config: {},
  pos: { file: 'x.hcl', line, col: 1 },
});

async function fixtureError(name: string): Promise<ConfigError> {
  const err = await loadConfig([`${F}/${name}`], {}).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConfigError);
  expect((err as ConfigError).code).toBe('CONFIG_INVALID');
  return err as ConfigError;
}

describe('validateConfig with the fixtures', () => {
  const cases: [string, string][] = [
    ['three-seals.hcl', '12:1: only two or less "seal" blocks are permitted'],
    ['disabled-shamir.hcl', '6:1: Shamir seals cannot be set disabled (they should simply not be set)'],
    ['both-seals-disabled.hcl', '9:1: seals: two seals provided but both are disabled'],
    ['tls-no-cert.hcl', '8:1: error loading TLS cert: tls_cert_file is required when TLS is enabled (set tls_disable = true for plain HTTP)'],
    ['ttl-order.hcl', '6:1: cannot have DefaultLeaseTTL larger than MaxLeaseTTL'],
    ['no-storage.hcl', ' A storage backend must be specified'],
    ['no-listener.hcl', ' at least one "listener" block is required'],
  ];
  it.each(cases)('%s', async (name, expected) => {
    const err = await fixtureError(name);
    expect(err.message).toBe(`${F}/${name}:${expected}`);
  });
});

describe('validateConfig rules', () => {
  it('accepts a valid draft', () => {
    expect(() => validateConfig(draft(), { dev: false })).not.toThrow();
  });

  it('allows no listener only in dev mode', () => {
    expect(() => validateConfig(draft({ listeners: [] }), { dev: true })).not.toThrow();
    expect(() => validateConfig(draft({ listeners: [] }), { dev: false })).toThrow('at least one "listener" block is required');
  });

  it('names both TLS files when both are missing', () => {
    const l = { type: 'tcp' as const, address: '0.0.0.0:8200', tlsDisable: false, tlsMinVersion: 'tls12' as const, pos: { file: 'x.hcl', line: 5, col: 1 } };
    expect(() => validateConfig(draft({ listeners: [l] }), { dev: false })).toThrow(
      'x.hcl:5:1: error loading TLS cert: tls_cert_file and tls_key_file are required when TLS is enabled',
    );
    expect(() => validateConfig(draft({ listeners: [{ ...l, tlsCertFile: 'c', tlsKeyFile: 'k' }] }), { dev: false })).not.toThrow();
  });

  it('seals: one disabled seal alone is a migration back to Shamir; two need exactly one disabled', () => {
    expect(() => validateConfig(draft({ seals: [seal('awskms', true, 3)] }), { dev: false })).not.toThrow();
    expect(() => validateConfig(draft({ seals: [seal('awskms', true, 3), seal('transit', false, 6)] }), { dev: false })).not.toThrow();
    expect(() => validateConfig(draft({ seals: [seal('awskms', false, 3), seal('transit', false, 6)] }), { dev: false })).toThrow(
      'x.hcl:6:1: seals: two seals provided but neither is disabled',
    );
    expect(() => validateConfig(draft({ seals: [seal('shamir', true, 4)] }), { dev: false })).toThrow(
      'x.hcl:4:1: Shamir seals cannot be set disabled',
    );
    expect(() => validateConfig(draft({ seals: [seal('shamir', false, 4)] }), { dev: false })).not.toThrow();
  });

  it('api_addr must carry a scheme (vault/core.go)', () => {
    const positions = new Map([['api_addr', { file: 'x.hcl', line: 9, col: 1 }]]);
    expect(() => validateConfig(draft({ apiAddr: '127.0.0.1:8200' }), { dev: false, positions })).toThrow(
      "x.hcl:9:1: redirect address must include scheme (ex. 'http')",
    );
    expect(() => validateConfig(draft({ apiAddr: 'https://vault:8200' }), { dev: false })).not.toThrow();
  });

  it('reports a missing storage block', () => {
    const { storage: _omit, ...rest } = draft();
    expect(() => validateConfig(rest, { dev: false })).toThrow('x.hcl: A storage backend must be specified');
  });
});
