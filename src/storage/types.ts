/** What a backend may report to telemetry (the server passes these in; none is required). */
export interface StorageHooks {
  /** The file backend: how long each file's fsync took, milliseconds. */
  onFsync?: (ms: number) => void;
}

/** A physical storage backend: opaque bytes under slash-separated keys (Vault's physical.Backend). */
export interface Backend {
  readonly type: string;
  get(key: string): Promise<Uint8Array | null>;
  put(key: string, value: Uint8Array): Promise<void>;
  delete(key: string): Promise<void>;
  /** Direct children of prefix (which ends in "/" or is ""): leaves by name, folders with a trailing "/", sorted. */
  list(prefix: string): Promise<string[]>;
  close?(): Promise<void>;
  /**
   * Resolves once the backend can serve (a database backend connects and creates its tables).
   * Rejects with StorageError('STORAGE_UNAVAILABLE') while the storage cannot be reached (start-up
   * waits and tries again), with any other error for settings that will never work.
   */
  ready?(): Promise<void>;
  /** A server is about to use this storage: leave a mark `serverClaim` finds (file: a pid file), removed on close. */
  claimForServer?(): Promise<void>;
  /** The mark of another server that may be using this storage now, if any. */
  serverClaim?(): Promise<{ pid: number; host: string; since: string } | null>;
}
