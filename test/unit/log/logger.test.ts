import { describe, expect, it } from 'vitest';
import { REDACTED_FIELDS, createLogger, nullLogger } from '../../../src/log/logger.js';

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

  it('redacts every secret field name, in both formats, whatever the value', () => {
    for (const format of ['standard', 'json'] as const) {
      const { log, lines } = capture('info', format);
      for (const field of REDACTED_FIELDS) log.named('core').info('m', { [field]: ['SECRET-VALUE'], kept: 'visible' });
      expect(lines).toHaveLength(REDACTED_FIELDS.length);
      lines.forEach((line, i) => {
        expect(line).not.toContain('SECRET-VALUE');
        expect(line).toContain('visible');
        if (format === 'json') expect(JSON.parse(line)[REDACTED_FIELDS[i]!]).toBe('[redacted]');
        else expect(line).toContain(`${REDACTED_FIELDS[i]}=[redacted]`);
      });
    }
  });

  it('prints a message without fields without a trailing colon, and every level in its bracket', () => {
    const { log, lines } = capture('trace', 'standard');
    log.trace('t');
    log.debug('d', {});
    log.info('i');
    log.warn('w');
    log.error('e');
    expect(lines.map((l) => l.slice(25))).toEqual(['[TRACE] t\n', '[DEBUG] d\n', '[INFO]  i\n', '[WARN]  w\n', '[ERROR] e\n']);
  });

  it('reports its level, and lets each level through only at or above the setting', () => {
    const { log, lines } = capture('warn', 'json');
    expect(log.level).toBe('warn');
    log.info('no');
    log.warn('yes');
    log.error('yes too');
    expect(lines.map((l) => JSON.parse(l)['@level'])).toEqual(['warn', 'error']);
    log.setLevel('trace');
    expect(log.level).toBe('trace');
    log.trace('now');
    expect(JSON.parse(lines[2]!)['@message']).toBe('now');
    expect(JSON.parse(lines[2]!)['@module']).toBeUndefined();
  });

  it('has a null logger that drops everything, children included', () => {
    const l = nullLogger();
    expect(() => {
      l.info('x');
      l.named('a').named('b').error('y', { token: 't' });
    }).not.toThrow();
    expect(l.named('a')).toBe(l);
  });
});
