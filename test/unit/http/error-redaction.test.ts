/**
 * Error messages built from request input never quote a secret back: the body parser (V8 quotes the
 * text around a syntax error), the typed field readers of the HTTP layer, the logical framework and
 * KV, as respondError sends them and as the handler logs them. Table-driven over the same field list
 * as the log redaction (src/log/redact.ts).
 */
import type { ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import shamir from '../../../plugins/shamir/index.js';
import { sealFor } from '../../../src/seal/create-seals.js';
import { assemble } from '../../../src/server/assemble.js';
import { parseJsonBody } from '../../../src/http/body.js';
import { respondError } from '../../../src/http/errors.js';
import { boolField, intField, listField } from '../../../src/secrets/system/json-fields.js';
import { createRequestHandler } from '../../../src/http/handler.js';
import { stringField } from '../../../src/secrets/system/key-body.js';
import { createLogger } from '../../../src/log/logger.js';
import { REDACTED_FIELDS } from '../../../src/log/redact.js';
import * as logical from '../../../src/logical/fields.js';
import { objectField, signedDuration, intList } from '../../../src/secrets/kv/input.js';
import { aead } from '../../../src/seal/plugin-api.js';
import { createInmemBackend } from '../../../src/storage/inmem.js';

const REQUIRED = ['token', 'client_token', 'key', 'keys', 'password', 'plaintext', 'recovery_keys', 'otp', 'secret_key'];
const FIELDS = [...new Set<string>([...REQUIRED, ...REDACTED_FIELDS])];
const SECRET = 'SECRETabcdefghijklmnopqrstuvwxyz0123456789';

/** True when any 6-character piece of SECRET shows up (V8 quotes about ten characters). */
function echoes(text: string): boolean {
  for (let i = 0; i + 6 <= SECRET.length; i++) if (text.includes(SECRET.slice(i, i + 6))) return true;
  return false;
}

/** What respondError would send for the error a call throws. */
function sent(call: () => unknown): string {
  let thrown: unknown;
  try {
    call();
  } catch (err) {
    thrown = err;
  }
  expect(thrown, 'expected the call to refuse its input').toBeInstanceOf(Error);
  let body = '';
  const res = { writeHead: () => res, end: (text: string) => (body = text) } as unknown as ServerResponse;
  const { status } = respondError(res, thrown);
  expect(status).toBeGreaterThanOrEqual(400);
  return `${body}\n${(thrown as Error).message}`;
}

/** Bodies that are not JSON, each broken right next to the secret. */
function malformedBodies(field: string): string[] {
  return [
    `{"${field}": ${SECRET}}`,
    `{"${field}": "${SECRET}" "x": 1}`,
    `{"${field}": "${SECRET}", x}`,
    `{"a": 1, "${field}": ["${SECRET}", ${SECRET}]}`,
    `{"${field}": {"inner": ${SECRET}}}`,
  ];
}

/** Values of the wrong type for any typed reader: each carries the secret. */
const WRONG: unknown[] = [{ v: SECRET }, [SECRET, { w: SECRET }], `not-a-number-${SECRET}`];

describe('error messages do not echo secret input', () => {
  it.each(FIELDS)('body parser: malformed JSON around %s', (field) => {
    for (const body of malformedBodies(field)) {
      const out = sent(() => parseJsonBody(Buffer.from(body)));
      expect(out).toMatch(/failed to parse JSON input: /);
      expect(echoes(out), out).toBe(false);
    }
  });

  it.each(FIELDS)('typed readers: %s with a value of the wrong type', (field) => {
    for (const v of WRONG) {
      const data = { [field]: v };
      const readers: (() => unknown)[] = [
        () => intField(data, field),
        () => boolField(data, field),
        () => logical.int(data, field),
        () => logical.bool(data, field),
        () => logical.duration(data, field),
        () => signedDuration(data, field),
        () => intList(data, field),
      ];
      if (typeof v !== 'string') readers.push(() => logical.str(data, field), () => stringField(data, field));
      if (!Array.isArray(v)) readers.push(() => listField(data, field));
      if (typeof v === 'string') readers.push(() => objectField(data, field), () => logical.strMap(data, field));
      for (const read of readers) {
        const out = sent(read);
        expect(echoes(out), `${read.toString()}: ${out}`).toBe(false);
      }
    }
  });

  it('still quotes a harmless field, as Vault does', () => {
    expect(sent(() => intField({ secret_shares: 'five' }, 'secret_shares'))).toContain('"five"');
  });
});

describe('the request handler: responses and log lines', () => {
  let server: Server;
  let base = '';
  const lines: string[] = [];

  beforeAll(async () => {
    const log = createLogger({ level: 'trace', format: 'json', sink: { write: (s: string) => lines.push(s) } });
    const seal = sealFor(await shamir.create({}, { logger: log, env: {}, aead }));
    const assembled = assemble({ storage: createInmemBackend(), storageType: 'inmem', seal, logger: log, version: '9.9.9', buildDate: 'b' });
    server = createServer(createRequestHandler(assembled.pipeline, log));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const PATHS = ['sys/unseal', 'sys/init', 'sys/generate-root/update', 'sys/rekey/update', 'secret/data/x', 'transit/encrypt/k'];

  it.each(PATHS)('%s: malformed and ill-typed bodies carrying secrets', async (path) => {
    for (const field of FIELDS) {
      const bodies = [...malformedBodies(field), JSON.stringify({ [field]: { nested: SECRET } }), JSON.stringify({ [field]: 12345, key: [SECRET] })];
      for (const body of bodies) {
        const res = await fetch(base + path, { method: 'PUT', headers: { 'content-type': 'application/json', 'x-vault-token': SECRET }, body });
        const text = await res.text();
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(echoes(text), `${path} ${body} → ${text}`).toBe(false);
      }
    }
    const log = lines.join('');
    expect(echoes(log), log).toBe(false);
  });
});
