/**
 * The logical layer: what every secrets engine, auth method and the system backend implement, in
 * the shape of Vault's logical.Request / logical.Response / framework.Path.
 */
import type { Logger } from '../log/types.js';

/** Vault's operations. GET → read, GET ?list=true → list, PUT/POST → create or update, DELETE → delete, PATCH → patch. */
export type Operation = 'read' | 'list' | 'create' | 'update' | 'delete' | 'patch';

/** Vault's ACL capabilities. */
export type Capability = 'create' | 'read' | 'update' | 'patch' | 'delete' | 'list' | 'sudo' | 'deny';

/** A slice of the barrier under a prefix (a mount's `logical/<uuid>/`, the system's `sys/`…). */
export interface StorageView {
  get(key: string): Promise<Uint8Array | null>;
  put(key: string, value: Uint8Array): Promise<void>;
  delete(key: string): Promise<void>;
  /** Direct children of prefix ("" or ending in "/"): leaves by name, folders with a trailing "/". */
  list(prefix: string): Promise<string[]>;
  /** A narrower view under `prefix` (which ends in "/"). */
  sub(prefix: string): StorageView;
}

/** What the caller's token carries into a request (undefined for unauthenticated paths). */
export interface RequestAuth {
  /** The token itself, for the token backend's *-self paths; never log it. */
  clientToken: string;
  accessor: string;
  policies: readonly string[];
  displayName: string;
  entityId: string;
  /** The token entry's own id hash, used as parent reference. */
  tokenHash: string;
  /** The token's metadata, TTL granted at creation (seconds) and creation time (Unix seconds), for audit entries. */
  metadata?: Readonly<Record<string, string>> | null;
  ttl?: number;
  creationTime?: number;
}

export interface LogicalRequest {
  operation: Operation;
  /** The path inside the mount, without the mount prefix and without a leading slash. */
  path: string;
  /** The mount point, with its trailing slash: `secret/`, `auth/token/`, `sys/`. */
  mountPoint: string;
  /** The JSON body (PUT/POST/PATCH) or query parameters (GET/DELETE), Vault-style. */
  data: Record<string, unknown>;
  storage: StorageView;
  auth?: RequestAuth | undefined;
  /** The request id that the response envelope carries. */
  id: string;
  /** Headers a backend may need (lower-case names). */
  headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The HTTP request itself, for the system backend's HTTP-layer paths only (Vault's Request.HTTPRequest). */
  http?: HttpRequestView | undefined;
  /** The client's address (Vault's Request.Connection.RemoteAddr), for CIDR bindings. */
  remoteAddr?: string | undefined;
  /** The mount's accessor (`auth_approle_1a2b3c4d`), as Vault's Request.MountAccessor. */
  mountAccessor?: string | undefined;
  /** The response-wrapping TTL the client asked for (X-Vault-Wrap-TTL), seconds. */
  wrapTtl?: number | undefined;
}

/** What an HTTP-layer path sees of the HTTP request: its method, query and (lazily parsed) JSON body. */
export interface HttpRequestView {
  method: string;
  query: URLSearchParams;
  body(): Promise<Record<string, unknown>>;
}

/** Vault's auth block in a response (login, token create). */
export interface ResponseAuth {
  client_token: string;
  accessor: string;
  policies: string[];
  token_policies: string[];
  identity_policies?: string[] | null;
  metadata: Record<string, string> | null;
  lease_duration: number;
  renewable: boolean;
  entity_id: string;
  token_type: 'service' | 'batch';
  orphan: boolean;
  mfa_requirement: null;
  num_uses: number;
}

/**
 * What an auth method's login path answers (Vault's logical.Auth before a token exists): the core
 * creates the entity and alias, then the token, and puts the token's auth block in the response.
 * Durations in seconds; 0 = the mount's default.
 */
export interface LoginAuth {
  /** The token's policies before sanitising (`default` is added unless noDefaultPolicy). */
  policies: string[];
  noDefaultPolicy: boolean;
  /** Token metadata (userpass: {username}, approle: {role_name}). */
  metadata: Record<string, string>;
  /** Appended to the mount's path: `userpass-alice`; "" gives the mount name alone (`approle`). */
  displayName: string;
  /** The identity alias this login maps to: its name is unique per mount. */
  alias: { name: string; metadata?: Record<string, string> };
  ttl: number;
  maxTtl: number;
  explicitMaxTtl: number;
  period: number;
  numUses: number;
  renewable: boolean;
  /** CIDRs the token may be used from (token_bound_cidrs); empty = anywhere. */
  boundCidrs: string[];
}

export interface LogicalResponse {
  /** A login: the core turns it into a token and answers with `auth` (never sent to the client as is). */
  login?: LoginAuth;
  data?: Record<string, unknown> | null;
  auth?: ResponseAuth | null;
  warnings?: string[] | null;
  /** Leased secrets: Vault's lease fields. */
  leaseId?: string;
  leaseDuration?: number;
  renewable?: boolean;
  /** 204 with no body when true (and no data/auth/warnings). */
  noContent?: boolean;
  /** Override the status (e.g. 404 with a body, as KV v2 does for deleted versions). */
  status?: number;
  /** A wrapping token's info (sys/wrapping/rewrap answers with one). */
  wrapInfo?: Record<string, unknown>;
  /** Repeat the data fields at the top level of the envelope, as some legacy sys endpoints do. */
  topLevel?: boolean;
  /**
   * Answer with this status and body as-is, without the envelope (Vault's HTTPRawBody and
   * HTTPStatusCode): the HTTP-layer sys paths. No body: 204 without a content type, else an empty one.
   */
  raw?: { status: number; body?: unknown; contentType?: string };
  /** A streamed answer (sys/monitor): 200 and chunks, not the envelope. */
  stream?: StreamBody;
}

/** A body written as it comes (sys/monitor's log lines) until it ends or the client goes away. */
export interface StreamBody {
  contentType: string;
  /** Start writing to `out`; the returned function is called when the client goes away. */
  open(out: { write(chunk: string): void; end(): void }): () => void;
}

/** Handlers per operation for one path pattern (Vault's framework.Path). */
export type PathHandler = (req: LogicalRequest, params: Record<string, string>) => Promise<LogicalResponse | null>;

export interface PathSpec {
  /** Anchored regular expression over the in-mount path, with named groups as params. */
  pattern: RegExp;
  operations: Partial<Record<Operation, PathHandler>>;
  /** Whether the target exists, so the ACL asks for `create` (no) or `update` (yes). Without it, writes are `update`. */
  existenceCheck?: (req: LogicalRequest, params: Record<string, string>) => Promise<boolean>;
  /** One line on what the path is for (Vault's HelpSynopsis): `vault path-help`, OpenAPI summaries. */
  synopsis?: string;
  /** A longer account (Vault's HelpDescription). */
  description?: string;
}

/** What a backend tells about itself for `?help=1` and sys/internal/specs/openapi. */
export interface BackendDocs {
  /** The backend's help text (Vault's Backend.Help). */
  help: string;
  paths: readonly PathSpec[];
}

export interface Backend {
  readonly type: string;
  /** In-mount path patterns served without a token (Vault's PathsSpecial.Unauthenticated); `*` suffix = prefix. */
  readonly unauthenticatedPaths?: readonly string[];
  /** In-mount path patterns that need `sudo` (PathsSpecial.Root); `*` suffix = prefix. */
  readonly rootPaths?: readonly string[];
  /** In-mount path patterns served while the barrier is sealed (the system backend's operator paths); `*` suffix = prefix. */
  readonly sealedPaths?: readonly string[];
  /**
   * Exact in-mount paths with Vault's HTTP-layer semantics (its http/sys_*.go handlers), each with
   * the HTTP methods it serves: matched with trailing slashes trimmed, a method it lacks is a 405
   * with no errors before the seal and token checks, and the request carries `http`.
   */
  readonly httpPaths?: ReadonlyMap<string, ReadonlySet<string>>;
  /** Help text and path patterns (backends built with createPathBackend). */
  readonly docs?: BackendDocs;
  /** Serve one request; null means "nothing here" (404 with no errors). */
  handle(req: LogicalRequest): Promise<LogicalResponse | null>;
  /** Whether a write would create (false) or update (true) the target, for the ACL; undefined when the backend does not say. */
  existenceCheck?(req: LogicalRequest): Promise<boolean | undefined>;
  /** Called once after mounting on unseal, and on seal (timers, caches). */
  initialize?(storage: StorageView): Promise<void>;
  cleanup?(): Promise<void>;
}

export interface MountConfig {
  default_lease_ttl: number;
  max_lease_ttl: number;
}

/** What a backend factory receives. */
export interface BackendContext {
  logger: Logger;
  /** Mount options (`options` in sys/mounts), e.g. `{version: "2"}` for KV. */
  options: Readonly<Record<string, string>>;
  config: MountConfig;
  /** System defaults from the server config (seconds). */
  systemDefaults: MountConfig;
}

export type BackendFactory = (ctx: BackendContext) => Promise<Backend>;
