/**
 * A running server returns the numbers it was given, byte for byte (KV v1 and v2, nested in
 * arrays and objects; transit batch items), and takes JSON nesting as Go's decoder does: 10,000
 * levels accepted, deeper refused with a 400 in Vault's words, never a 500 at any depth.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../support/dev-server.js';

let dev: DevServer;

async function call(method: string, path: string, body?: string): Promise<{ status: number; text: string }> {
  const res = await fetch(`${dev.url}/v1/${path}`, {
    method,
    headers: { 'X-Vault-Token': dev.rootToken, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    ...(body === undefined ? {} : { body }),
  });
  return { status: res.status, text: await res.text() };
}

/** The raw text of the response's `data` member (JSON.parse would round what is being checked). */
function rawMember(text: string, name: string): string {
  const at = text.indexOf(`"${name}":`);
  expect(at).toBeGreaterThanOrEqual(0);
  let depth = 0;
  const start = at + name.length + 3;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return text.slice(start, i + 1);
    }
  }
  throw new Error(`no member ${name}`);
}

const SECRET = '{"i":9007199254740993,"big":12345678901234567890123,"huge":1e400,"negzero":-0,"one":1.0,"list":[1.50,{"x":2E3,"safe":7}],"s":"9007199254740993"}';

beforeAll(async () => {
  dev = await startDevServer('tsvault-exact-json-');
  expect((await call('POST', 'sys/mounts/kv1', '{"type":"kv","options":{"version":"1"}}')).status).toBe(204);
  expect((await call('POST', 'sys/mounts/transit', '{"type":"transit"}')).status).toBe(204);
});
afterAll(async () => {
  await dev?.stop();
});

describe('numbers come back as written', () => {
  it('KV v1', async () => {
    expect((await call('POST', 'kv1/app', SECRET)).status).toBe(204);
    const r = await call('GET', 'kv1/app');
    expect(r.status).toBe(200);
    expect(rawMember(r.text, 'data')).toBe(SECRET);
  });

  it('KV v2, written and patched', async () => {
    expect((await call('POST', 'secret/data/app', `{"data":${SECRET}}`)).status).toBe(200);
    let r = await call('GET', 'secret/data/app');
    expect(r.status).toBe(200);
    expect(rawMember(rawMember(r.text, 'data'), 'data')).toBe(SECRET);
    const patch = await fetch(`${dev.url}/v1/secret/data/app`, {
      method: 'PATCH',
      headers: { 'X-Vault-Token': dev.rootToken, 'Content-Type': 'application/merge-patch+json' },
      body: '{"data":{"added":18446744073709551617}}',
    });
    expect(patch.status).toBe(200);
    r = await call('GET', 'secret/data/app');
    expect(rawMember(rawMember(r.text, 'data'), 'data')).toBe(`${SECRET.slice(0, -1)},"added":18446744073709551617}`);
  });

  it('still reads a canonical ttl as a duration (KV v1 lease_duration)', async () => {
    expect((await call('POST', 'kv1/ttl', '{"ttl":90.0,"n":1.0}')).status).toBe(204);
    const r = await call('GET', 'kv1/ttl');
    expect(JSON.parse(r.text).lease_duration).toBe(90);
    expect(rawMember(r.text, 'data')).toBe('{"ttl":90.0,"n":1.0}');
  });

  it('transit batch items: key_version as written, Go\'s error for 1.0', async () => {
    expect((await call('POST', 'transit/keys/k', '{}')).status).toBeLessThan(300);
    const r = await call('POST', 'transit/encrypt/k', '{"batch_input":[{"plaintext":"aGk=","key_version":1.0}]}');
    expect(r.status).toBe(500); // Vault's handler returns the decoding error as a plain error
    expect(r.text).toContain('strconv.ParseInt: parsing \\"1.0\\": invalid syntax');
  });
});

describe('nesting depth', () => {
  const nested = (depth: number): string => `{"data":{"v":${'['.repeat(depth - 2)}${']'.repeat(depth - 2)}}}`;

  it('accepts 5,000 and 10,000 levels and returns them whole', async () => {
    for (const depth of [5_000, 10_000]) {
      const body = nested(depth);
      expect((await call('POST', 'kv1/deep', body)).status, `depth ${depth}`).toBe(204);
      const r = await call('GET', 'kv1/deep');
      expect(r.status).toBe(200);
      expect(rawMember(r.text, 'data')).toBe(body);
    }
  });

  it('refuses 10,001 and 100,000 levels with a 400 and Vault\'s text', async () => {
    for (const depth of [10_001, 100_000]) {
      const r = await call('POST', 'kv1/deeper', nested(depth));
      expect(r.status, `depth ${depth}`).toBe(400);
      expect(JSON.parse(r.text)).toEqual({ errors: ["failed to parse JSON input: invalid character '[' exceeded max depth"] });
    }
    expect((await call('GET', 'sys/health')).status).toBe(200);
  });
});
