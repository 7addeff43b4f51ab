/**
 * SIGKILL during concurrent KV v2 writes, over several rounds. Every write ends one of three ways:
 * acknowledged (a 2xx answer was received), refused (another status: while the server is up, none
 * is expected) or unknown (no answer: the kill). After each restart every acknowledged write reads
 * back at the version the server gave it, and each key's current value is its last acknowledged
 * write or one of the unanswered writes sent after it; unanswered writes may or may not be there.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess } from '../../support/harness.js';
import { recordSecret } from '../../support/leak-check.js';

const WRITERS = 6;
const KEYS_PER_WRITER = 5;
const ROUNDS = 3;

interface Acked {
  key: string;
  value: string;
  /** The version in the answer's body (undefined if the body could not be read). */
  version: number | undefined;
}

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
    // Keep every version, so that each acknowledged write can be read back by its number.
    expect((await api('POST', 'secret/config', { max_versions: 1000 })).status).toBe(204);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it(`keeps every acknowledged write across ${ROUNDS} kills`, async () => {
    const acked: Acked[] = [];
    /** Per key: the last acknowledged value (across rounds) and the unanswered values sent after it. */
    const last = new Map<string, string>();
    const after = new Map<string, Set<string>>();
    const refused: string[] = [];
    let unknown = 0;

    for (let round = 0; round < ROUNDS; round++) {
      let acks = 0;
      let stop = false;
      const target = 40 + Math.floor(Math.random() * 80);
      let reached!: () => void;
      const enough = new Promise<void>((r) => (reached = r));
      const writer = async (w: number): Promise<void> => {
        for (let n = 0; !stop; n++) {
          const key = `w${w}/k${n % KEYS_PER_WRITER}`;
          const value = `${round}-${n}-${randomBytes(12).toString('hex')}`;
          recordSecret(value);
          const pending = after.get(key) ?? new Set<string>();
          after.set(key, pending.add(value));
          let res: Response;
          try {
            res = await api('POST', `secret/data/${key}`, { data: { value } });
          } catch {
            unknown++;
            return; // no answer: the server is gone, this write may or may not have landed
          }
          if (res.status < 200 || res.status > 299) {
            refused.push(`${key} (round ${round}): ${res.status} ${await res.text().catch(() => '')}`);
            continue;
          }
          const body = (await res.json().catch(() => undefined)) as { data?: { version?: number } } | undefined;
          acked.push({ key, value, version: body?.data?.version });
          last.set(key, value);
          pending.clear();
          if (++acks >= target) reached();
        }
      };
      const writers = Array.from({ length: WRITERS }, (_, w) => writer(w));
      await enough;
      await server.stop('SIGKILL');
      stop = true;
      await Promise.all(writers);
      expect(refused, 'writes refused while the server was up').toEqual([]);

      await server.start();
      await unseal();
      // Every acknowledged write, of every round so far, at its own version.
      for (const a of acked) {
        const r = await api('GET', `secret/data/${a.key}${a.version === undefined ? '' : `?version=${a.version}`}`);
        expect(r.status, `${a.key} v${a.version}`).toBe(200);
        const got = (await r.json()).data.data.value;
        if (a.version !== undefined) expect(got, `${a.key} v${a.version}`).toBe(a.value);
      }
      // The current value: the last acknowledged write or a later unanswered one.
      for (const [key, pending] of after) {
        const r = await api('GET', `secret/data/${key}`);
        const known = last.get(key);
        if (known === undefined && r.status === 404) continue; // never acknowledged, and none landed
        expect(r.status, key).toBe(200);
        const got: string = (await r.json()).data.data.value;
        expect(got === known || pending.has(got), `${key}: got ${got}, last acknowledged ${known}`).toBe(true);
        last.set(key, got);
        pending.clear();
      }
    }
    expect(unknown).toBeGreaterThan(0); // each kill did cut writes short
    expect(acked.length).toBeGreaterThanOrEqual(ROUNDS * 40);
    expect(last.size).toBe(WRITERS * KEYS_PER_WRITER);
  });
});
