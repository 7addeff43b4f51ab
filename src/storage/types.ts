/** A physical storage backend: opaque bytes under slash-separated keys (Vault's physical.Backend). */
export interface Backend {
  readonly type: string;
  get(key: string): Promise<Uint8Array | null>;
  put(key: string, value: Uint8Array): Promise<void>;
  delete(key: string): Promise<void>;
  /** Direct children of prefix (which ends in "/" or is ""): leaves by name, folders with a trailing "/", sorted. */
  list(prefix: string): Promise<string[]>;
  close?(): Promise<void>;
}
