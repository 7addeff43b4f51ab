/**
 * SIGKILL during concurrent KV v2 writes: after a restart and unseal every acknowledged write
 * reads back (or the newer write that was in flight at the kill), over several rounds.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess } from '../../support/harness.js';
import { recordSecret } from '../../support/leak-check.js';

const WRITERS = 6;
const KEYS_PER_WRITER = 5;
const ROUNDS = 3;

describe('KV v2 writes survive SIGKILL', () => {
  let server: ServerProcess;
  let token = '';
  let unsealKey = '';

  async function api(method: string, path: string, body?: unknown): Promise<Response> {
    return fetch(`http://${server.address}/v1/${path}`, {
      method,
      headers: { 'x-vault-token': token, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }

  async function unseal(): Promise<void> {
    const r = await fetch(`http://${server.address}/v1/sys/unseal`, { method: 'PUT', body: JSON.stringify({ key: unsealKey }) });
    expect((await r.json()).sealed).toBe(false);
  }

  beforeAll(async () => {
    server = await ServerProcess.withFileStorage();
    await server.start();
    const init = await (await fetch(`http://${server.address}/v1/sys/init`, { method: 'PUT', body: JSON.stringify({ secret_shares: 1, secret_threshold: 1 }) })).json();
    token = init.root_token;
    unsealKey = init.keys_base64[0];
    recordSecret(token, unsealKey);
    await unseal();
    expect((await api('POST', 'sys/mounts/secret', { type: 'kv', options: { version: '2' } })).status).toBe(204);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it(`keeps every acknowledged write across ${ROUNDS} kills`, async () => {
    const acked = new Map<string, string>();
    for (let round = 0; round < ROUNDS; round++) {
      const inFlight = new Map<string, string>();
      let acks = 0;
      let stop = false;
      const target = 40 + Math.floor(Math.random() * 80);
      let reached!: () => void;
      const enough = new Promise<void>((r) => (reached = r));
      const writer = async (w: number): Promise<void> => {
        for (let n = 0; !stop; n++) {
          const key = `w${w}/k${n % KEYS_PER_WRITER}`;
          const value = `${round}-${n}-${randomBytes(12).toString('hex')}`;
          inFlight.set(key, value);
          try {
            const r = await api('POST', `secret/data/${key}`, { data: { value } });
            if (r.status !== 200) throw new Error(`status ${r.status}`);
            acked.set(key, value);
            inFlight.delete(key);
            recordSecret(value);
            if (++acks >= target) reached();
          } catch {
            return; // the server is gone: this write may or may not have landed
          }
        }
      };
      const writers = Array.from({ length: WRITERS }, (_, w) => writer(w));
      await enough;
      await server.stop('SIGKILL');
      stop = true;
      await Promise.all(writers);
      await server.start();
      await unseal();
      for (const [key, value] of acked) {
        const r = await api('GET', `secret/data/${key}`);
        expect(r.status, key).toBe(200);
        const got = (await r.json()).data.data.value;
        const pending = inFlight.get(key);
        expect(got === value || got === pending, `${key}: got ${got}, acked ${value}`).toBe(true);
        acked.set(key, got);
      }
    }
    expect(acked.size).toBe(WRITERS * KEYS_PER_WRITER);
  });
});
