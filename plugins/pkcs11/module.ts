/**
 * The PKCS#11 library and its slots: each library file is loaded and C_Initialize'd once per
 * process however many wrappers use it (a migration between two pkcs11 keys runs two), and
 * C_Finalize'd when the last one lets go; the configured slot id or token label is resolved to a
 * slot handle, with the slots that do hold a token named in the error when it is not found.
 */
import { realpathSync } from 'node:fs';
import { endianness } from 'node:os';
import pkcs11js from 'pkcs11js';
import { ckrOf, classify, HsmError } from './hsm-error.js';
import type { Pkcs11Options } from './options.js';

/** A slot handle (a CK_SLOT_ID in the platform's CK_ULONG layout) as a number. */
export function slotIdOf(handle: Buffer): bigint {
  if (handle.length === 8) return endianness() === 'LE' ? handle.readBigUInt64LE(0) : handle.readBigUInt64BE(0);
  if (handle.length === 4) return BigInt(endianness() === 'LE' ? handle.readUInt32LE(0) : handle.readUInt32BE(0));
  throw new HsmError('other', `unexpected slot handle size ${handle.length}`);
}

/** A CK_ULONG attribute value as read back by C_GetAttributeValue (undefined when absent). */
export function ulongOf(value: unknown): bigint | undefined {
  return Buffer.isBuffer(value) && (value.length === 8 || value.length === 4) ? slotIdOf(value) : undefined;
}

/** pkcs11js returns fixed-width, blank-padded labels. */
export function trimLabel(label: string): string {
  return label.replace(/[\s\0]+$/, '');
}

interface LoadedModule {
  mod: pkcs11js.PKCS11;
  users: number;
  /** Counts re-initialisations: a client whose slot handle is from an older one resolves it again. */
  generation: number;
  /** False after a re-initialisation failed: the next operation tries again first. */
  initialized: boolean;
}
const loaded = new Map<string, LoadedModule>();

/** One entry per library file, however it is spelled (a symlink shares the library's state). */
function libraryKey(lib: string): string {
  try {
    return realpathSync(lib);
  } catch {
    return lib;
  }
}

export function acquire(lib: string): pkcs11js.PKCS11 {
  const key = libraryKey(lib);
  const existing = loaded.get(key);
  if (existing) {
    existing.users++;
    return existing.mod;
  }
  const mod = new pkcs11js.PKCS11();
  try {
    mod.load(lib);
  } catch (err) {
    throw new HsmError('library', `error loading PKCS#11 library ${JSON.stringify(lib)}: ${(err as Error).message}`);
  }
  try {
    mod.C_Initialize();
  } catch (err) {
    if (ckrOf(err) !== 'CKR_CRYPTOKI_ALREADY_INITIALIZED') {
      try {
        mod.close();
      } catch {
        // nothing more to release
      }
      const e = classify(err, `error initializing PKCS#11 library ${JSON.stringify(lib)}`);
      throw new HsmError('library', e.message, e.ckr);
    }
  }
  loaded.set(key, { mod, users: 1, generation: 0, initialized: true });
  return mod;
}

/** The library's current generation (see reinitialize). */
export function generationOf(lib: string): number {
  return loaded.get(libraryKey(lib))?.generation ?? -1;
}

/**
 * C_Finalize and C_Initialize again, after the token or the library failed: some libraries
 * (SoftHSM2 among them) read their slots and tokens only when initialised, and keep a token that
 * went away broken until then. Every client of the library resolves its slot again afterwards.
 */
export function reinitialize(lib: string): void {
  const entry = loaded.get(libraryKey(lib));
  if (!entry) return;
  entry.generation++;
  entry.initialized = false;
  try {
    entry.mod.C_Finalize();
  } catch {
    // a library that failed may refuse this too
  }
  try {
    entry.mod.C_Initialize();
  } catch (err) {
    if (ckrOf(err) !== 'CKR_CRYPTOKI_ALREADY_INITIALIZED') {
      const e = classify(err, `error re-initializing PKCS#11 library ${JSON.stringify(lib)}`);
      throw new HsmError('device', e.message, e.ckr);
    }
  }
  entry.initialized = true;
}

/** Initialises the library again when the last re-initialisation failed (throws while it still fails). */
export function ensureInitialized(lib: string): void {
  const entry = loaded.get(libraryKey(lib));
  if (entry && !entry.initialized) reinitialize(lib);
}

export function release(lib: string): void {
  const key = libraryKey(lib);
  const entry = loaded.get(key);
  if (!entry) return;
  if (--entry.users > 0) return;
  loaded.delete(key);
  try {
    entry.mod.C_Finalize();
  } catch {
    // finalizing a library that failed is best effort
  }
  try {
    entry.mod.close();
  } catch {
    // idem
  }
}

function describeSlots(mod: pkcs11js.PKCS11): string {
  const parts: string[] = [];
  for (const h of mod.C_GetSlotList(true)) {
    let label = '?';
    try {
      label = trimLabel(mod.C_GetTokenInfo(h).label);
    } catch {
      // an unreadable token is still listed by its slot
    }
    parts.push(`${slotIdOf(h)} (${JSON.stringify(label)})`);
  }
  return parts.length > 0 ? parts.join(', ') : 'none';
}

/** The slot handle for the configured slot id or token label. */
export function resolveSlot(mod: pkcs11js.PKCS11, opts: Pkcs11Options): Buffer {
  let withToken: Buffer[];
  try {
    withToken = mod.C_GetSlotList(true);
  } catch (err) {
    throw classify(err, 'error listing PKCS#11 slots');
  }
  if (opts.slot !== undefined) {
    const found = withToken.find((h) => slotIdOf(h) === opts.slot);
    if (found) return found;
    const any = mod.C_GetSlotList(false).some((h) => slotIdOf(h) === opts.slot);
    if (any) throw new HsmError('token', `slot ${opts.slot} has no token; slots with a token: ${describeSlots(mod)}`);
    throw new HsmError('slot', `slot ${opts.slot} not found; slots with a token: ${describeSlots(mod)}`);
  }
  for (const h of withToken) {
    try {
      if (trimLabel(mod.C_GetTokenInfo(h).label) === opts.tokenLabel) return h;
    } catch {
      // a token that cannot be read is not the one asked for
    }
  }
  throw new HsmError(
    'token',
    `no token with label ${JSON.stringify(opts.tokenLabel)} found; slots with a token: ${describeSlots(mod)}`,
  );
}
