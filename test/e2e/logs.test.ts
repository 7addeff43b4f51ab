/**
 * Server output: the banner, then log lines in Vault's (hclog) format; JSON with log_format;
 * log_level honoured and re-read on SIGHUP.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { ServerProcess } from '../support/harness.js';

const STANDARD_LINE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (\[TRACE\]|\[DEBUG\]|\[INFO\] |\[WARN\] |\[ERROR\]) ([a-z][a-z0-9._-]*: )?\S.*$/;

function logLines(output: string): string[] {
  const after = output.split('==> Vault server started! Log data will stream in below:\n')[1] ?? '';
  return after.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('==> '));
}

let server: ServerProcess | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

describe('server output', () => {
  it('prints the banner, then only Vault-format lines, an unknown key warned with its position', async () => {
    server = await ServerProcess.withFileStorage('\nflux_capacitor = true\n');
    await server.start();
    const line = readFileSync(server.configPath, 'utf8').split('\n').indexOf('flux_capacitor = true') + 1;
    expect(server.output).toMatch(
      new RegExp(`\\[WARN\\]  .*vault\\.hcl:${line}:1: unknown or unsupported field flux_capacitor found in configuration`),
    );
    server.vault(['operator', 'init', '-key-shares=1', '-key-threshold=1']);
    await server.waitForOutput(/core: security barrier initialized: stored=1 shares=1 threshold=1/);
    expect(server.output).toMatch(/^==> Vault server configuration:\n\n/);
    expect(server.output).toMatch(/^ +Storage: file$/m);
    expect(server.output).toMatch(/^ +Listener 1: tcp \(addr: "127\.0\.0\.1:\d+", .*tls: "disabled"\)$/m);
    const lines = logLines(server.output);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(STANDARD_LINE);
    expect(lines.some((l) => / \[INFO\]  core: security barrier not initialized$/.test(l))).toBe(true);
  });

  it('prints hclog JSON with log_format = "json"', async () => {
    server = await ServerProcess.withFileStorage('log_format = "json"\n');
    await server.start();
    server.vault(['status']);
    await server.waitForOutput(/"@message":"security barrier not initialized"/);
    const lines = logLines(server.output);
    for (const line of lines) {
      const rec = JSON.parse(line);
      expect(rec['@level']).toMatch(/^(trace|debug|info|warn|error)$/);
      expect(typeof rec['@message']).toBe('string');
      expect(rec['@timestamp']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    }
    expect(lines.some((l) => JSON.parse(l)['@module'] === 'core')).toBe(true);
  });

  it('honours log_level and re-reads it on SIGHUP', async () => {
    server = await ServerProcess.withFileStorage('', { VAULT_LOG_LEVEL: '' });
    writeFileSync(server.configPath, readFileSync(server.configPath, 'utf8').replace('log_level = "INFO"', 'log_level = "warn"'));
    await server.start();
    server.vault(['status']);
    // A warn-level server prints no info lines.
    expect(logLines(server.output).filter((l) => l.includes('[INFO]'))).toEqual([]);
    writeFileSync(server.configPath, readFileSync(server.configPath, 'utf8').replace('log_level = "warn"', 'log_level = "debug"'));
    server.signal('SIGHUP');
    await server.waitForOutput(/reloaded configuration: log_level=debug/);
    server.vault(['status']);
    await server.waitForOutput(/\[INFO\]  core: security barrier not initialized/);
  });

  it('exits 0 on SIGINT and on SIGTERM', async () => {
    server = await ServerProcess.withFileStorage();
    await server.start();
    expect(await server.stop('SIGINT')).toBe(0);
    await server.start();
    expect(await server.stop('SIGTERM')).toBe(0);
    expect(server.output).toContain('==> Vault shutdown triggered');
  });
});
