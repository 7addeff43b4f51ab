import type { Handler, Route } from '../context.js';
import { HttpError } from '../errors.js';
import { fieldAnyCase } from '../fields.js';

const sealStatus: Handler = async (ctx) => ({ status: 200, body: await ctx.core.sealStatus() });

/** Hex first when it decodes to 16–33 bytes, else standard base64 (Vault's handleSysUnseal). */
export function decodeUnsealKey(key: string): Buffer {
  if (/^[0-9a-fA-F]+$/.test(key) && key.length % 2 === 0) {
    const hex = Buffer.from(key, 'hex');
    if (hex.length >= 16 && hex.length <= 33) return hex;
  }
  if (/^[A-Za-z0-9+/]*={0,2}$/.test(key) && key.length % 4 === 0 && key.length > 0) {
    return Buffer.from(key, 'base64');
  }
  throw new HttpError('CORE_INVALID_REQUEST', ["'key' must be a valid hex or base64 string"]);
}

function truthy(v: unknown): boolean {
  return v === true || v === 'true' || v === 1;
}

const unseal: Handler = async (ctx) => {
  const body = await ctx.body();
  const key = fieldAnyCase(body, 'key');
  if (truthy(fieldAnyCase(body, 'reset'))) {
    if (!ctx.core.sealed) throw new HttpError('CORE_INVALID_REQUEST', ['vault is unsealed']);
    ctx.core.resetUnseal();
    return sealStatus(ctx);
  }
  if (typeof key !== 'string' || key === '') {
    throw new HttpError('CORE_INVALID_REQUEST', ["'key' must be specified in request body as JSON, or 'reset' set to true"]);
  }
  const migrate = truthy(fieldAnyCase(body, 'migrate'));
  ctx.log.debug('unseal key supplied', { migrate });
  const decoded = decodeUnsealKey(key);
  try {
    await ctx.core.unseal(decoded, { migrate });
  } finally {
    decoded.fill(0);
  }
  return sealStatus(ctx);
};

const seal: Handler = async (ctx) => {
  await ctx.core.seal();
  return { status: 204 };
};

export const sealStatusRoute: Route = { methods: { GET: sealStatus }, unauthenticated: true, whileSealed: true };
export const unsealRoute: Route = { methods: { PUT: unseal, POST: unseal }, unauthenticated: true, whileSealed: true };
export const sealRoute: Route = { methods: { PUT: seal, POST: seal }, sudo: true };
