/**
 * Every field Vault treats as secret is blanked in both log formats, wherever a caller puts it:
 * top level, two and three levels down, in objects inside arrays. The table is the exported list
 * plus a minimum written out here, so that dropping a name from src/log/redact.ts fails this file.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createLogger, REDACTED_FIELDS } from '../../../src/log/logger.js';
import { isSensitiveField, redact } from '../../../src/log/redact.js';

/** What Vault never lets out of its server log (and HMACs in audit logs); not negotiable here. */
const REQUIRED = [
  'token', 'client_token', 'root_token', 'accessor', 'encoded_token', 'encoded_root_token', 'otp',
  'key', 'keys', 'keys_base64', 'recovery_keys', 'recovery_keys_base64', 'unseal_keys_b64', 'recovery_keys_b64',
  'secret_key', 'access_key', 'session_token', 'password', 'pin', 'client_secret',
  'plaintext', 'ciphertext', 'hmac_key',
] as const;

const FIELDS = [...new Set<string>([...REQUIRED, ...REDACTED_FIELDS])];
const FORMATS = ['standard', 'json'] as const;

function capture(format: 'standard' | 'json') {
  const lines: string[] = [];
  const log = createLogger({ level: 'trace', format, sink: { write: (s: string) => lines.push(s) } });
  return { log, text: () => lines.join('') };
}

/** The field at every place a caller could put it, each with its own value. */
function placements(field: string, secret: (where: string) => string): Record<string, unknown> {
  return {
    [field]: secret('top'),
    outer: { [field]: secret('depth2'), kept: 'visible-2' },
    deep: { mid: { [field]: secret('depth3'), kept: 'visible-3' } },
    list: [{ [field]: secret('array') }, { other: 'visible-a' }],
    nested_list: { rows: [[{ [field]: [secret('array-of-array'), secret('array-value')] }]] },
    [field.toUpperCase()]: secret('upper'),
    kept: 'visible-1',
  };
}

describe('log redaction', () => {
  it('the exported list holds every required field', () => {
    const missing = REQUIRED.filter((f) => !(REDACTED_FIELDS as readonly string[]).includes(f));
    expect(missing).toEqual([]);
  });

  describe.each(FORMATS)('%s format', (format) => {
    it.each(FIELDS)('never prints %s, at any depth', (field) => {
      const { log, text } = capture(format);
      const tag = randomBytes(6).toString('hex');
      const secrets: string[] = [];
      const secret = (where: string): string => {
        const s = `SECRET-${tag}-${where}`;
        secrets.push(s);
        return s;
      };
      log.named('core').info('with fields', placements(field, secret));
      log.warn('another', { [field]: secret('warn'), error: 'x' });
      const out = text();
      for (const s of secrets) expect(out, `${s} in:\n${out}`).not.toContain(s);
      expect(out).not.toContain(tag);
      // The line is still there, with its harmless fields and a marker where the secret was.
      for (const v of ['visible-1', 'visible-2', 'visible-3', 'visible-a']) expect(out).toContain(v);
      expect(out.split('[redacted]').length - 1).toBeGreaterThanOrEqual(7);
      if (format === 'json') {
        const rec = JSON.parse(out.split('\n')[0]!);
        expect(rec[field]).toBe('[redacted]');
        expect(rec.deep.mid[field]).toBe('[redacted]');
        expect(rec.list[0][field]).toBe('[redacted]');
        expect(rec.nested_list.rows[0][0][field]).toBe('[redacted]');
      }
    });
  });

  it('matches case-insensitively and with - for _ (header names)', () => {
    expect(isSensitiveField('X-Vault-Token')).toBe(true);
    expect(isSensitiveField('Client-Token')).toBe(true);
    expect(isSensitiveField('nonce')).toBe(false); // Vault logs it; generate-root status shows it
    expect(isSensitiveField('path')).toBe(false);
  });

  it('leaves harmless fields, Buffers and Dates alone and does not copy what it does not change', () => {
    const fields = { path: 'secret/data/x', n: 3, when: new Date(0), buf: Buffer.from('ab'), list: [1, { a: 'b' }] };
    expect(redact(fields)).toBe(fields);
    const changed = redact({ ...fields, token: 't' }) as Record<string, unknown>;
    expect(changed.token).toBe('[redacted]');
    expect(changed.list).toBe(fields.list);
  });

  it('blanks fields of an Error passed as a value, and survives cycles', () => {
    const { log, text } = capture('json');
    const err = Object.assign(new Error('boom'), { password: 'SECRET-in-error-field' });
    const cyclic: Record<string, unknown> = { token: 'SECRET-in-cycle' };
    cyclic.self = cyclic;
    log.error('failed', { err, cyclic });
    expect(text()).not.toContain('SECRET-in');
    expect(text()).toContain('boom');
  });

  it('costs little: 20 000 lines of typical fields in well under a second', () => {
    const { log } = capture('standard');
    const t0 = performance.now();
    for (let i = 0; i < 20_000; i++) log.info('request', { method: 'GET', path: 'secret/data/a', status: 200, token: 'x' });
    expect(performance.now() - t0).toBeLessThan(2_000);
  });
});
