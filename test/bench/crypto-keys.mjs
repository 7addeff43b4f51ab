// What a secret key costs per call when node:crypto is handed raw bytes (it builds a KeyObject every
// call) against a KeyObject made once and reused: AES-256-GCM seal and open of 128 bytes (the
// barrier's and transit's case) and HMAC-SHA256 of a 36-byte token (the token store's, KV v2's).
// Pure node:crypto, no build needed. Run it under each Node to compare:
//   node test/bench/crypto-keys.mjs [iterations=200000] [rounds=5]
//   /path/to/node24 test/bench/crypto-keys.mjs
// Prints the best of `rounds` per case, in µs per call, as JSON.
import { createCipheriv, createDecipheriv, createHmac, createSecretKey, randomBytes } from 'node:crypto';

const ITERATIONS = Number(process.argv[2] ?? 200_000);
const ROUNDS = Number(process.argv[3] ?? 5);

const raw = randomBytes(32);
const keyObject = createSecretKey(raw);
const plaintext = randomBytes(128);
const aad = Buffer.from('logical/6d9a6f2e-kv/data/some/secret');
const token = Buffer.from('hvs.CAESIJ3c0mP2xK9vQ4t7w1yZ8b5n6m0a');

function seal(key) {
  const nonce = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: 16 });
  c.setAAD(aad);
  return Buffer.concat([nonce, c.update(plaintext), c.final(), c.getAuthTag()]);
}

function open(key, sealed) {
  const d = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12), { authTagLength: 16 });
  d.setAuthTag(sealed.subarray(sealed.length - 16));
  d.setAAD(aad);
  return Buffer.concat([d.update(sealed.subarray(12, sealed.length - 16)), d.final()]);
}

const hmac = (key) => createHmac('sha256', key).update(token).digest('hex');

const sealed = seal(raw);
if (!open(keyObject, sealed).equals(plaintext) || hmac(raw) !== hmac(keyObject)) throw new Error('raw and KeyObject disagree');

const cases = {
  'aes-256-gcm seal 128 B, raw key': () => seal(raw),
  'aes-256-gcm seal 128 B, KeyObject': () => seal(keyObject),
  'aes-256-gcm open 128 B, raw key': () => open(raw, sealed),
  'aes-256-gcm open 128 B, KeyObject': () => open(keyObject, sealed),
  'hmac-sha256, raw key': () => hmac(raw),
  'hmac-sha256, KeyObject': () => hmac(keyObject),
};

function timeOnce(fn) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < ITERATIONS; i++) fn();
  return Number(process.hrtime.bigint() - start) / 1000 / ITERATIONS;
}

for (const fn of Object.values(cases)) for (let i = 0; i < 20_000; i++) fn(); // warm up
const best = Object.fromEntries(Object.keys(cases).map((name) => [name, Infinity]));
for (let round = 0; round < ROUNDS; round++) {
  // Taking turns within each round, so machine load falls on every case alike.
  for (const [name, fn] of Object.entries(cases)) best[name] = Math.min(best[name], timeOnce(fn));
}
console.log(
  JSON.stringify(
    {
      date: new Date().toISOString(),
      node: process.version,
      iterations: ITERATIONS,
      rounds: ROUNDS,
      usPerCall: Object.fromEntries(Object.entries(best).map(([name, us]) => [name, Number(us.toFixed(2))])),
    },
    null,
    2,
  ),
);
