import { randomInt } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Uniform random base62 text from node:crypto (no modulo bias: randomInt is uniform). */
export function randomBase62(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += BASE62[randomInt(62)];
  return out;
}

/** A service token as the article shows them: `hvs.` + 24 base62 characters. */
export function newServiceToken(): string {
  return `hvs.${randomBase62(24)}`;
}
