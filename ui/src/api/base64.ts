/** Text ↔ base64 of its UTF-8 bytes, as Vault's APIs take binary values (transit plaintext, policies). */

export interface Decrypted {
  /** The UTF-8 text, or the base64 as the server sent it when the bytes are not UTF-8. */
  value: string;
  encoding: 'utf-8' | 'base64';
}

/** base64 of the UTF-8 bytes of `text` (what `plaintext` takes). */
export function toBase64(text: string): string {
  let binary = '';
  for (const b of new TextEncoder().encode(text)) binary += String.fromCharCode(b);
  return btoa(binary);
}

/** The text of base64 `b64` when its bytes are valid UTF-8, else the base64 itself. */
export function fromBase64(b64: string): Decrypted {
  let bytes: Uint8Array;
  try {
    bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  } catch {
    return { value: b64, encoding: 'base64' };
  }
  try {
    return { value: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { value: b64, encoding: 'base64' };
  }
}
