/** Test doubles for the seal host: a KMS-like wrapper whose key can rotate, and a logger. */
import { randomBytes } from 'node:crypto';
import { aeadOpen, aeadSeal } from '../../../src/crypto/aead.js';
import type { SealedBlob, SealWrapper } from '../../../src/seal/plugin-api.js';

export { recordingLogger } from '../../support/recording-logger.js';

/** A KMS-like seal: AES-GCM under one key per key id; the blob names the key id that wrapped it. */
export class FakeKms implements SealWrapper {
  readonly type = 'fakekms';
  current = 'key-1';
  readonly keys = new Map<string, Uint8Array>([['key-1', randomBytes(32)]]);
  /** Every plaintext encrypt() was given and decrypt() returned, and the AADs. */
  readonly plaintexts: Uint8Array[] = [];
  readonly returned: Uint8Array[] = [];
  readonly aads: string[] = [];
  calls: string[] = [];
  failWith: Error | undefined;

  keyId(): string {
    return this.current;
  }
  rotate(id: string): void {
    this.keys.set(id, randomBytes(32));
    this.current = id;
  }
  async health(): Promise<void> {
    this.calls.push('health');
  }
  async encrypt(plaintext: Uint8Array, aad?: Uint8Array): Promise<SealedBlob> {
    this.calls.push('encrypt');
    if (this.failWith) throw this.failWith;
    this.plaintexts.push(plaintext);
    this.aads.push(Buffer.from(aad ?? []).toString());
    const sealed = aeadSeal(this.keys.get(this.current)!, plaintext, aad);
    return { ciphertext: Buffer.from(sealed).toString('base64'), keyInfo: { keyId: this.current } };
  }
  async decrypt(blob: SealedBlob, aad?: Uint8Array): Promise<Uint8Array> {
    this.calls.push('decrypt');
    if (this.failWith) throw this.failWith;
    this.aads.push(Buffer.from(aad ?? []).toString());
    const out = aeadOpen(this.keys.get(blob.keyInfo!.keyId!)!, Buffer.from(blob.ciphertext, 'base64'), aad);
    this.returned.push(out);
    return out;
  }
}
