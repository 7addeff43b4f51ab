import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/log/logger.js';

function capture(level: 'info' | 'debug' | 'trace' | 'warn' | 'error', format: 'standard' | 'json') {
  const lines: string[] = [];
  const log = createLogger({ level, format, sink: { write: (s: string) => lines.push(s) } });
  return { log, lines };
}

const STANDARD = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z \[(TRACE|DEBUG|INFO\] |WARN\] |ERROR)\]? [^\n]*\n$/;

describe('logger', () => {
  it('prints Vault lines: padded level, module, message, quoted key=value', () => {
    const { log, lines } = capture('info', 'standard');
    log.named('core').info('stored unseal keys supported, attempting fetch');
    log.warn('failed to unseal core', { error: 'stored unseal keys are supported, but none were found' });
    expect(lines[0]).toMatch(STANDARD);
    expect(lines[0]).toMatch(/Z \[INFO\]  core: stored unseal keys supported, attempting fetch\n$/);
    expect(lines[1]).toMatch(
      /Z \[WARN\]  failed to unseal core: error="stored unseal keys are supported, but none were found"\n$/,
    );
  });

  it('filters by level and changes level at run time for every child', () => {
    const { log, lines } = capture('info', 'standard');
    const core = log.named('core');
    core.debug('hidden');
    expect(lines).toHaveLength(0);
    log.setLevel('debug');
    core.debug('shown', { shares: 5 });
    expect(lines[0]).toMatch(/\[DEBUG\] core: shown: shares=5\n$/);
    log.setLevel('error');
    core.warn('hidden too');
    expect(lines).toHaveLength(1);
  });

  it('nests module names with dots', () => {
    const { log, lines } = capture('trace', 'standard');
    log.named('core').named('autoseal').trace('t');
    expect(lines[0]).toMatch(/\[TRACE\] core\.autoseal: t\n$/);
  });

  it('redacts secret fields', () => {
    const { log, lines } = capture('info', 'standard');
    log.info('x', { token: 'hvs.SECRETSECRET', key: 'abc', shares: 5 });
    expect(lines[0]).not.toContain('SECRETSECRET');
    expect(lines[0]).not.toContain('abc');
    expect(lines[0]).toContain('shares=5');
  });

  it('prints hclog JSON with @-keys', () => {
    const { log, lines } = capture('info', 'json');
    log.named('core').info('vault is unsealed', { n: 1 });
    const rec = JSON.parse(lines[0]!);
    expect(rec['@level']).toBe('info');
    expect(rec['@message']).toBe('vault is unsealed');
    expect(rec['@module']).toBe('core');
    expect(rec['@timestamp']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(rec.n).toBe(1);
  });
});
