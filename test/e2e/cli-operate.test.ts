/**
 * The operator's CLI words of issue 13 typed against a real `vault server -dev`: `vault monitor`
 * streams the server's debug lines until a real SIGINT (exit 0, as Vault's command/monitor.go),
 * `vault audit enable|list -detailed|disable` drive a real file device, and `vault path-help`
 * prints the mount's help.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../support/dev-server.js';
import { assertBuilt, CLI, tempDir } from '../support/harness.js';
import { recordAuditLog } from '../support/leak-check.js';

let dev: DevServer;
let dir: string;

const env = () => ({ PATH: process.env.PATH ?? '', HOME: dir, VAULT_ADDR: dev.url, VAULT_TOKEN: dev.rootToken });
const vault = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { env: env(), encoding: 'utf8' });

beforeAll(async () => {
  assertBuilt();
  dir = tempDir('tsvault-cli-operate-');
  dev = await startDevServer('tsvault-cli-operate-dev-');
}, 60_000);

afterAll(async () => {
  await dev?.stop();
});

describe('operating with the built CLI', () => {
  it('vault monitor -log-level=debug prints a debug line the server logs, and a SIGINT ends it with exit 0', async () => {
    const child = spawn(process.execPath, [CLI, 'monitor', '-log-level=debug'], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // The http logger says "unseal key supplied" at debug for any unseal attempt (never the key).
    const deadline = Date.now() + 15_000;
    while (!stdout.includes('unseal key supplied') && Date.now() < deadline) {
      await fetch(`${dev.url}/v1/sys/unseal`, { method: 'PUT', body: JSON.stringify({ key: 'AAAA' }) });
      await new Promise((r) => setTimeout(r, 100));
    }
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(stdout).toMatch(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z \[DEBUG\] +http.*unseal key supplied/m);
    expect(stderr).toBe('');
  });

  it('vault audit enable, list -detailed and disable drive a real file device', () => {
    const log = join(dir, 'audit.log');
    const enable = vault('audit', 'enable', '-description=e2e', 'file', `file_path=${log}`);
    expect(enable).toMatchObject({ status: 0, stdout: 'Success! Enabled the file audit device at: file/\n' });
    const list = vault('audit', 'list', '-detailed');
    expect(list.status).toBe(0);
    expect(list.stdout).toMatch(/^Path +Type +Description +Replication +Options\n/);
    expect(list.stdout).toMatch(new RegExp(`^file/ +file +e2e +replicated +file_path=${log}$`, 'm'));
    expect(vault('read', 'sys/mounts').status).toBe(0);
    const entries = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(entries.filter((e) => e.request?.path === 'sys/mounts').map((e) => e.type)).toEqual(['request', 'response']);
    recordAuditLog('cli-operate-audit.log', readFileSync(log, 'utf8'));
    expect(vault('audit', 'disable', 'file')).toMatchObject({ status: 0, stdout: 'Success! Disabled audit device (if it was enabled) at: file/\n' });
    expect(vault('audit', 'list')).toMatchObject({ status: 2, stdout: 'No audit devices are enabled.\n' });
    const bad = vault('audit', 'enable', 'nosuch');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('* unknown backend type: nosuch');
  });

  it("vault path-help prints the mount's help and a path's route", () => {
    const root = vault('path-help', 'secret/');
    expect(root.status).toBe(0);
    expect(root.stdout).toMatch(/^## DESCRIPTION\n/);
    expect(root.stdout).toContain('^data/(?P<path>');
    const one = vault('path-help', 'secret/data/app');
    expect(one.status).toBe(0);
    expect(one.stdout).toMatch(/^Request: +data\/app\nMatching Route: \^data\//);
  });
});
