/**
 * keysutil SignWithOptions / VerifySignatureWithOptions for Ed25519 and ECDSA (P-256/384/521).
 * Signatures read `vault:v<version>:` + base64 (asn1 marshaling: DER for ECDSA) or unpadded
 * base64url (jws marshaling: r||s for ECDSA). ECDSA hashes the input with the requested digest,
 * which signs exactly what Vault signs (it hashes in the handler, then signs the digest).
 */
import { sign as nodeSign, verify as nodeVerify } from 'node:crypto';
import { InternalError, UserError, messageOf } from './errors.js';
import type { Marshaling } from './hashes.js';
import { asymmetricKeys, ed25519FromSeed, ed25519RawPublic, getKey, keyEntry, privateKeyMissing } from './key-material.js';
import { KeyType, ecCurve, isEcdsa, keyTypeName, signingSupported } from './key-types.js';
import { versionPrefix, type Policy } from './policy.js';
import { ERR_TOO_OLD, splitVersioned } from './symmetric.js';

export interface SigningOptions {
  /** Vault hash name (sha2-256, …); ECDSA digests the input with it. */
  hashAlgorithm: string;
  /** node:crypto digest for hashAlgorithm (undefined for `none`). */
  digest: string | undefined;
  marshaling: Marshaling;
}

export interface SigningResult {
  signature: string;
  /** The derived Ed25519 public key, when the key is derived. */
  publicKey?: Buffer;
}

function ed25519Options(opts: SigningOptions): void {
  if (opts.hashAlgorithm === 'sha2-512') {
    throw new UserError('error generating Ed25519 options: hash algorithm of SHA2 512 is not supported feature');
  }
}

function ed25519Derived(p: Policy, context: Uint8Array | undefined, ver: number) {
  try {
    return ed25519FromSeed(getKey(p, context, ver, 32));
  } catch (err) {
    throw new InternalError(`error deriving key: ${messageOf(err)}`, { cause: err });
  }
}

export function sign(p: Policy, requestedVersion: number, context: Uint8Array | undefined, input: Uint8Array, opts: SigningOptions): SigningResult {
  if (!signingSupported(p.type)) throw new InternalError(`message signing not supported for key type ${keyTypeName(p.type)}`);
  let ver = requestedVersion;
  if (ver === 0) ver = p.latestVersion;
  else if (ver < 0) throw new UserError('requested version for signing is negative');
  else if (ver > p.latestVersion) throw new UserError('requested version for signing is higher than the latest key version');
  else if (p.minEncryptionVersion > 0 && ver < p.minEncryptionVersion) {
    throw new UserError('requested version for signing is less than the minimum encryption key version');
  }
  const entry = keyEntry(p, ver);
  if (privateKeyMissing(entry)) throw new UserError('requested version for signing does not contain a private part');
  let sig: Buffer;
  let publicKey: Buffer | undefined;
  if (p.type === KeyType.ED25519) {
    let priv;
    if (p.derived) {
      const keys = ed25519Derived(p, context, ver);
      priv = keys.priv;
      publicKey = ed25519RawPublic(keys.pub);
    } else {
      priv = asymmetricKeys(p, entry).priv;
    }
    ed25519Options(opts);
    sig = nodeSign(null, input, priv!);
  } else if (isEcdsa(p.type)) {
    const { priv } = asymmetricKeys(p, entry);
    sig = nodeSign(opts.digest ?? null, input, { key: priv!, dsaEncoding: opts.marshaling === 'jws' ? 'ieee-p1363' : 'der' });
  } else {
    throw new InternalError(`unsupported key type ${keyTypeName(p.type)}`);
  }
  const encoded = opts.marshaling === 'jws' ? sig.toString('base64url') : sig.toString('base64');
  return { signature: versionPrefix(p, ver) + encoded, ...(publicKey ? { publicKey } : {}) };
}

function decodeSignature(payload: string, marshaling: Marshaling): Buffer {
  if (marshaling === 'jws') {
    if (!/^[A-Za-z0-9_-]*$/.test(payload) || payload.length % 4 === 1) throw new UserError('invalid base64 signature value');
    return Buffer.from(payload, 'base64url');
  }
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(payload)) throw new UserError('invalid base64 signature value');
  return Buffer.from(payload, 'base64');
}

export function verify(p: Policy, context: Uint8Array | undefined, input: Uint8Array, signature: string, opts: SigningOptions): boolean {
  if (!signingSupported(p.type)) throw new UserError(`message verification not supported for key type ${keyTypeName(p.type)}`);
  const { ver, payload } = splitVersioned(p, signature, 'signature');
  if (ver > p.latestVersion) throw new UserError('invalid signature: version is too new');
  if (p.minDecryptionVersion > 0 && ver < p.minDecryptionVersion) throw new UserError(ERR_TOO_OLD);
  const sigBytes = decodeSignature(payload, opts.marshaling);
  if (isEcdsa(p.type)) {
    const entry = keyEntry(p, ver);
    const der = ecdsaDer(sigBytes, opts.marshaling);
    if (!der) return false;
    return safeVerify(() => nodeVerify(opts.digest ?? null, input, { key: asymmetricKeys(p, entry).pub, dsaEncoding: 'der' }, der));
  }
  if (p.type === KeyType.ED25519) {
    const pub = p.derived ? ed25519Derived(p, context, ver).pub : asymmetricKeys(p, keyEntry(p, ver)).pub;
    ed25519Options(opts);
    return safeVerify(() => nodeVerify(null, input, pub, sigBytes));
  }
  throw new InternalError(`unsupported key type ${keyTypeName(p.type)}`);
}

function safeVerify(fn: () => boolean): boolean {
  try {
    return fn();
  } catch {
    return false; // a malformed signature is simply not valid, as in Go
  }
}

/** Canonical DER for (r, s), or undefined when Go's ecdsa.Verify would reject the numbers outright. */
function ecdsaDer(sig: Buffer, marshaling: Marshaling): Buffer | undefined {
  let r: Buffer;
  let s: Buffer;
  if (marshaling === 'jws') {
    const half = Math.floor(sig.length / 2);
    r = sig.subarray(0, half);
    s = sig.subarray(half);
  } else {
    const parsed = parseDerSignature(sig);
    if (parsed.negative) return undefined;
    ({ r, s } = parsed);
  }
  const positive = (b: Buffer) => b.some((x) => x !== 0);
  if (!positive(r) || !positive(s)) return undefined;
  const int = (b: Buffer) => {
    let i = 0;
    while (i < b.length - 1 && b[i] === 0) i++;
    const t = b.subarray(i);
    const body = t[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), t]) : t;
    return Buffer.concat([Buffer.from([0x02]), derLength(body.length), body]);
  };
  const inner = Buffer.concat([int(r), int(s)]);
  return Buffer.concat([Buffer.from([0x30]), derLength(inner.length), inner]);
}

function derLength(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** Go encoding/asn1 rules for SEQUENCE { INTEGER r, INTEGER s }, with Vault's two error texts. */
function parseDerSignature(buf: Buffer): { r: Buffer; s: Buffer; negative: boolean } {
  const invalid = () => new UserError('supplied signature is invalid');
  const readTlv = (at: number, tag: number): { start: number; end: number } => {
    if (at + 2 > buf.length || buf[at] !== tag) throw invalid();
    let len = buf[at + 1]!;
    let start = at + 2;
    if (len & 0x80) {
      const n = len & 0x7f;
      if (n === 0 || n > 4 || start + n > buf.length) throw invalid();
      len = 0;
      for (let i = 0; i < n; i++) len = len * 256 + buf[start + i]!;
      if (buf[start] === 0 || len < 0x80) throw invalid(); // non-minimal length
      start += n;
    }
    if (start + len > buf.length) throw invalid();
    return { start, end: start + len };
  };
  const seq = readTlv(0, 0x30);
  const limit = seq.end;
  const integer = (at: number): { value: Buffer; end: number } => {
    const t = readTlv(at, 0x02);
    if (t.end > limit) throw invalid();
    const value = buf.subarray(t.start, t.end);
    if (value.length === 0) throw invalid();
    if (value.length > 1 && ((value[0] === 0 && value[1]! < 0x80) || (value[0] === 0xff && value[1]! >= 0x80))) throw invalid();
    return { value, end: t.end };
  };
  const r = integer(seq.start);
  const s = integer(r.end);
  if (seq.end !== buf.length) throw new UserError('supplied signature contains extra data');
  return { r: r.value, s: s.value, negative: (r.value[0]! & 0x80) !== 0 || (s.value[0]! & 0x80) !== 0 };
}

/** The curve name Vault shows for an ECDSA key (elliptic.Curve Params().Name). */
export function curveName(type: number): string {
  return ecCurve(type).name;
}
