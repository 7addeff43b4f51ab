import { existsSync, mkdtempSync, readFileSync, renameSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFileDevice } from '../../../../src/audit/devices/file.js';
import type { AuditDevice, AuditInput } from '../../../../src/audit/types.js';
import { nullLogger } from '../../../../src/log/logger.js';

const salt = new TextEncoder().encode('file-device-salt');
const input = (id: string): AuditInput => ({ request: { id, operation: 'read', path: 'secret/data/x', clientToken: 'hvs.secret-token' } });
const open: AuditDevice[] = [];

async function device(options: Record<string, string>): Promise<AuditDevice> {
  const d = await createFileDevice({ path: 'file/', type: 'file', options, salt, logger: nullLogger() });
  open.push(d);
  return d;
}

async function refusal(options: Record<string, string>): Promise<unknown> {
  return createFileDevice({ path: 'file/', type: 'file', options, salt, logger: nullLogger() }).then(
    () => undefined,
    (e: unknown) => e,
  );
}

function lines(path: string): Array<{ type: string; request: { id: string; client_token: string } }> {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

afterEach(async () => {
  for (const d of open.splice(0)) await d.close();
});

describe('file audit device', () => {
  it('appends one hashed JSON line per entry to a 0600 file created at enable time', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'tsvault-audit-file-')), 'audit.log');
    const d = await device({ file_path: path });
    expect(existsSync(path)).toBe(true);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    await d.logRequest(input('one'));
    await d.logResponse(input('one'));
    const got = lines(path);
    expect(got.map((e) => [e.type, e.request.id])).toEqual([
      ['request', 'one'],
      ['response', 'one'],
    ]);
    expect(got[0]!.request.client_token).toBe(d.hash('hvs.secret-token'));
    expect(readFileSync(path, 'utf8')).not.toContain('hvs.secret-token');
  });

  it('keeps concurrent entries whole and in call order', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'tsvault-audit-file-')), 'audit.log');
    const d = await device({ file_path: path });
    await Promise.all(Array.from({ length: 50 }, (_, i) => d.logRequest(input(`r${i}`))));
    expect(lines(path).map((e) => e.request.id)).toEqual(Array.from({ length: 50 }, (_, i) => `r${i}`));
  });

  it('appends to an existing file and sets its mode; mode 0000 leaves the mode alone; path is an alias', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsvault-audit-file-'));
    const path = join(dir, 'audit.log');
    writeFileSync(path, 'old\n', { mode: 0o644 });
    chmodSync(path, 0o644);
    const d = await device({ path, mode: '0640' });
    await d.logRequest(input('new'));
    expect(statSync(path).mode & 0o777).toBe(0o640);
    expect(readFileSync(path, 'utf8').startsWith('old\n{"time"')).toBe(true);
    const keep = join(dir, 'keep.log');
    writeFileSync(keep, '');
    chmodSync(keep, 0o604);
    await device({ file_path: keep, mode: '0000' });
    expect(statSync(keep).mode & 0o777).toBe(0o604);
  });

  it('reopen() after a rename writes to a new file at file_path (logrotate)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsvault-audit-file-'));
    const path = join(dir, 'audit.log');
    const d = await device({ file_path: path });
    await d.logRequest(input('before'));
    renameSync(path, `${path}.1`);
    await d.logRequest(input('still-old'));
    await d.reopen();
    await d.logRequest(input('after'));
    expect(lines(`${path}.1`).map((e) => e.request.id)).toEqual(['before', 'still-old']);
    expect(lines(path).map((e) => e.request.id)).toEqual(['after']);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('creates missing parent directories 0700, as Vault does', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsvault-audit-file-'));
    const path = join(dir, 'a', 'b', 'audit.log');
    const d = await device({ file_path: path });
    await d.logRequest(input('x'));
    expect(statSync(join(dir, 'a')).mode & 0o777).toBe(0o700);
    expect(lines(path)).toHaveLength(1);
  });

  it('refuses at enable time a path it cannot open, with Vault\'s text', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsvault-audit-file-'));
    writeFileSync(join(dir, 'plain'), '');
    const path = join(dir, 'plain', 'audit.log');
    const e = await refusal({ file_path: path });
    expect(e).toMatchObject({ code: 'AUDIT_DEVICE_OPEN' });
    expect((e as Error).message).toMatch(new RegExp(`^sanity check failed; unable to open "${path}" for writing: .*(ENOTDIR|EEXIST)`));
  });

  it('rejects a write that fails (a full device), after one retry on a reopened file', async () => {
    const d = await device({ file_path: '/dev/full', mode: '0000' });
    await expect(d.logRequest(input('lost'))).rejects.toMatchObject({ code: 'AUDIT_WRITE', message: expect.stringContaining('ENOSPC') });
    await expect(d.logResponse(input('lost'))).rejects.toMatchObject({ code: 'AUDIT_WRITE' });
  });

  it('refuses missing or malformed options with Vault\'s text', async () => {
    expect(await refusal({})).toMatchObject({ code: 'AUDIT_INVALID_OPTIONS', message: '"file_path" is required: invalid configuration' });
    expect(await refusal({ file_path: '  ' })).toMatchObject({ message: 'file path is required: invalid configuration' });
    expect(await refusal({ file_path: '/tmp/x.log', mode: 'rw' })).toMatchObject({ code: 'AUDIT_INVALID_OPTIONS', message: expect.stringContaining('unable to parse file mode') });
    expect(await refusal({ file_path: 'discard', format: 'xml' })).toMatchObject({ message: 'unsupported "format": invalid configuration' });
  });

  it('discard formats and drops entries', async () => {
    const d = await device({ file_path: 'DISCARD' });
    await expect(d.logRequest(input('gone'))).resolves.toBeUndefined();
    expect(d.hash('x')).toMatch(/^hmac-sha256:/);
  });
});
