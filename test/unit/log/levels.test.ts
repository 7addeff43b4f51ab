import { describe, expect, it } from 'vitest';
import { LogLevels, parseLogLevel } from '../../../src/log/levels.js';
import { createLogger } from '../../../src/log/logger.js';

function capture(level: 'info' | 'debug' | 'warn' = 'info') {
  const lines: string[] = [];
  const log = createLogger({ level, format: 'standard', sink: { write: (s: string) => lines.push(s) } });
  return { log, lines };
}

describe('LogLevels', () => {
  it('reads levels as Vault does: trimmed, any case, only the five names', () => {
    expect(parseLogLevel(' DEBUG ')).toBe('debug');
    expect(parseLogLevel('warning')).toBeUndefined();
    expect(parseLogLevel('')).toBeUndefined();
  });

  it('keeps per-name levels until the configured level is applied again', () => {
    const l = new LogLevels('info');
    l.register('core');
    expect(l.setNamed('core', 'trace')).toBe(true);
    expect(l.setNamed('nope', 'trace')).toBe(false);
    expect(l.levelOf('core')).toBe('trace');
    expect(l.levelOf('http')).toBe('info');
    l.setAll('error');
    expect(l.levelOf('core')).toBe('error');
    expect(l.configured).toBe('info');
    l.resetAll();
    expect(l.levelOf('core')).toBe('info');
    l.setNamed('core', 'debug');
    l.configure('warn');
    expect(l.levelOf('core')).toBe('warn');
  });
});

describe('logger levels per name', () => {
  it('lets one named logger log below the others and reverts on reset', () => {
    const { log, lines } = capture('info');
    const core = log.named('core');
    const http = log.named('http');
    expect(log.levels.names()).toEqual(['core', 'http']);
    log.levels.setNamed('core', 'debug');
    core.debug('core detail');
    http.debug('http detail');
    expect(lines.join('')).toContain('core detail');
    expect(lines.join('')).not.toContain('http detail');
    log.levels.resetNamed('core');
    core.debug('after reset');
    expect(lines.join('')).not.toContain('after reset');
  });

  it('SIGHUP (setLevel) drops the per-name levels', () => {
    const { log, lines } = capture('info');
    const core = log.named('core');
    log.levels.setNamed('core', 'debug');
    log.setLevel('info');
    core.debug('gone');
    expect(lines).toHaveLength(0);
  });
});

describe('logger subscribers (sys/monitor)', () => {
  it('sees lines below the output level, redacted, and nothing after unsubscribing', () => {
    const { log, lines } = capture('info');
    const seen: string[] = [];
    const stop = log.subscribe({ level: 'debug', format: 'standard', write: (s) => seen.push(s) });
    log.named('token').debug('looked up', { token: 'hvs.TOPSECRET', n: 1 });
    log.named('token').trace('too low for the monitor');
    expect(lines).toHaveLength(0);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatch(/\[DEBUG\] token: looked up: token=\[redacted\] n=1\n$/);
    stop();
    log.named('token').debug('after');
    expect(seen).toHaveLength(1);
  });

  it('gives JSON lines to a JSON monitor and standard lines to the sink', () => {
    const { log, lines } = capture('info');
    const seen: string[] = [];
    log.subscribe({ level: 'info', format: 'json', write: (s) => seen.push(s) });
    log.info('hello', { a: 'b' });
    expect(lines[0]).toMatch(/\[INFO\]  hello: a=b\n$/);
    expect(JSON.parse(seen[0]!)).toMatchObject({ '@level': 'info', '@message': 'hello', a: 'b' });
  });
});
